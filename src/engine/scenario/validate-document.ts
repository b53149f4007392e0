/**
 * Structural and range validation of a scenario document (MODEL.md section 1), everything but
 * its events: types, required and unknown fields, ranges, unique names, references between
 * parts, tier order, and the roofline fit of every model on its replica (section 2).
 */
import { roofline } from '../serving-cost/roofline.js';
import { centralValue, isDistribution } from '../random/distributions.js';
import type { GpuType, ServingOf, Technology } from './types.js';
import { LIMITS } from './types.js';
import { checkPriceBounds, checkPricing, PRICE_BOUND_FIELDS } from './validate-pricing.js';
import {
  ANY,
  Checker,
  elementPaths,
  FRACTION,
  isPathKey,
  isRecord,
  join,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  NON_NEGATIVE,
  OPEN_FRACTION,
  POSITIVE,
  type Bounds,
} from './validate-kit.js';

/** List sizes accepted; generous for real markets, small enough to keep a run's output bounded. */
export const LIST_LIMITS = { tiers: 50, segments: 50, gpuTypes: 100, labs: 200, models: 2000, events: 1000, priceHistory: 1000, tags: 50 } as const;

/** Leaves that count whole things; a distribution on them is rounded after drawing. */
export const INTEGER_LEAVES: ReadonlySet<string> = new Set(['gpusPerReplica', 'maxBatch', 'cadenceMonths']);

const TOP_KEYS = ['name', 'description', 'tags', 'startDate', 'periods', 'periodMonths', ...PRICE_BOUND_FIELDS, 'tiers', 'segments', 'gpuTypes', 'technology', 'gpuMarket', 'labs', 'models', 'events'];
const TOP_REQUIRED = ['name', 'startDate', 'periods', 'periodMonths', 'tiers', 'segments', 'gpuTypes', 'technology', 'gpuMarket', 'labs', 'models'];

const GPU_FIELDS: Record<string, Bounds> = { memoryGB: POSITIVE, bandwidthTBs: POSITIVE, tflops: POSITIVE, tcoPerHour: POSITIVE };
const TECH_FIELDS: Record<string, Bounds> = {
  servingEfficiencyGainPerYear: POSITIVE,
  algorithmicEfficiencyGainPerYear: POSITIVE,
  avgContextTokens: POSITIVE,
  memUtil: OPEN_FRACTION,
  bwUtil: OPEN_FRACTION,
  mfu: OPEN_FRACTION,
  maxBatch: { ge: 1, le: 1_000_000, integer: true },
  loadFactor: OPEN_FRACTION,
};
const MARKET_FIELDS: Record<string, Bounds> = {
  rentalPrice: POSITIVE,
  supplyHours: POSITIVE,
  supplyGrowthPerYear: POSITIVE,
  targetUtilization: OPEN_FRACTION,
  priceElasticity: NON_NEGATIVE,
  exogenousDemandHours: NON_NEGATIVE,
};
const SEGMENT_FIELDS: Record<string, Bounds> = {
  baseVolume: NON_NEGATIVE,
  referencePrice: POSITIVE,
  elasticity: POSITIVE,
  growthPerYear: POSITIVE,
  saturationVolume: POSITIVE,
  alpha: POSITIVE,
  beta: NON_NEGATIVE,
};
const ROADMAP_FIELDS: Record<string, Bounds> = {
  cadenceMonths: { ge: 1, le: 120, integer: true },
  capabilityStep: { ge: 0, le: 100 },
  computeMultiplierPer10Points: POSITIVE,
};
const SERVING_FIELDS: Record<string, Bounds> = {
  activeParamsB: POSITIVE,
  totalParamsB: POSITIVE,
  bytesPerParam: POSITIVE,
  kvBytesPerToken: NON_NEGATIVE,
  gpusPerReplica: { ge: 1, le: 100_000, integer: true },
  costPerMTokens: POSITIVE,
};

/** Checks every field of a record against a table of numeric bounds. */
function numericFields(c: Checker, obj: Record<string, unknown>, path: string, table: Record<string, Bounds>, required: boolean, extraKeys: string[] = []): void {
  c.object(obj, path, [...extraKeys, ...Object.keys(table)], required ? [...extraKeys, ...Object.keys(table)] : extraKeys);
  for (const [key, bounds] of Object.entries(table)) {
    if (obj[key] !== undefined) c.num(obj[key], join(path, key), bounds);
  }
}

/** [lo, hi] a numeric leaf can take: the number itself, or its distribution's support. */
function range(value: unknown): [number, number] | undefined {
  if (typeof value === 'number') return [value, value];
  if (!isDistribution(value)) return undefined;
  switch (value.dist) {
    case 'normal':
      return [value.min ?? -Infinity, value.max ?? Infinity];
    case 'lognormal':
      return [0, Infinity];
    default:
      return [value.min, value.max];
  }
}

/** One number standing for a leaf: the number, or its distribution's central value. */
function central(value: unknown, key: string): number {
  const x = isDistribution(value) ? centralValue(value) : (value as number);
  return INTEGER_LEAVES.has(key) ? Math.round(x) : x;
}

function centralRecord<T>(obj: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'number' || isDistribution(v) ? central(v, k) : v;
  return out as T;
}

/** Names of a list, checked as names and for uniqueness; returns those usable as references. */
function names(c: Checker, list: unknown[], path: string, labels: string[], key = 'name', extraForbidden = ''): Set<string> {
  const seen = new Map<string, string>();
  list.forEach((el, i) => {
    if (!isRecord(el)) return;
    const n = el[key];
    if (!c.name(n, join(labels[i]!, key), extraForbidden)) return;
    const first = seen.get(n);
    if (first !== undefined) c.fail(join(labels[i]!, key), `duplicate ${key} "${n}" (also ${first})`);
    else seen.set(n, labels[i]!);
  });
  return new Set(seen.keys());
}

function listOf(known: Set<string>): string {
  const all = [...known];
  return all.length === 0 ? 'none are defined' : `known: ${all.slice(0, 12).join(', ')}${all.length > 12 ? ', ...' : ''}`;
}

/** Validates everything but `events`; errors go to the checker. */
export function checkDocument(c: Checker, doc: unknown): void {
  if (!c.object(doc, '', TOP_KEYS, TOP_REQUIRED)) {
    if (!isRecord(doc)) return;
  }
  const d = doc as Record<string, unknown>;
  if (d['name'] !== undefined) c.string(d['name'], 'name');
  if (d['description'] !== undefined) c.string(d['description'], 'description', MAX_DESCRIPTION_LENGTH);
  if (d['tags'] !== undefined && c.list(d['tags'], 'tags', LIST_LIMITS.tags)) {
    (d['tags'] as unknown[]).forEach((t, i) => c.string(t, `tags[${i}]`, MAX_NAME_LENGTH));
  }
  if (d['startDate'] !== undefined) c.date(d['startDate'], 'startDate');
  if (d['periods'] !== undefined) c.number(d['periods'], 'periods', { ge: 1, le: LIMITS.maxPeriods, integer: true });
  if (d['periodMonths'] !== undefined) c.number(d['periodMonths'], 'periodMonths', { ge: 1, le: 12, integer: true });
  checkPriceBounds(c, d, '');

  const gpus = checkGpuTypes(c, d['gpuTypes']);
  const tiers = checkTiers(c, d['tiers']);
  checkSegments(c, d['segments'], tiers);
  const techOk = checkRecord(c, d['technology'], 'technology', TECH_FIELDS);
  checkRecord(c, d['gpuMarket'], 'gpuMarket', MARKET_FIELDS);
  const labs = checkLabs(c, d['labs'], gpus);
  checkModels(c, d['models'], labs, gpus, techOk ? (d['technology'] as Record<string, unknown>) : undefined);
}

function checkRecord(c: Checker, value: unknown, path: string, table: Record<string, Bounds>): boolean {
  if (value === undefined) return false;
  const before = c.errors.length;
  if (!isRecord(value)) return c.fail(path, 'must be an object');
  numericFields(c, value, path, table, true);
  return c.errors.length === before;
}

/** Valid GPU types by name (those whose own fields all pass, for the roofline check). */
function checkGpuTypes(c: Checker, value: unknown): Map<string, Record<string, unknown> | undefined> {
  const out = new Map<string, Record<string, unknown> | undefined>();
  if (value === undefined || !c.list(value, 'gpuTypes', LIST_LIMITS.gpuTypes, 1)) return out;
  const labels = elementPaths(value, 'gpuTypes');
  // '.' would end a fleet key in a path such as labs[X].fleet.H100
  const valid = names(c, value, 'gpuTypes', labels, 'name', '.');
  value.forEach((el, i) => {
    if (!isRecord(el)) return c.fail(labels[i]!, 'must be an object');
    const before = c.errors.length;
    numericFields(c, el, labels[i]!, GPU_FIELDS, true, ['name']);
    const n = el['name'];
    if (typeof n === 'string' && valid.has(n)) out.set(n, c.errors.length === before ? el : undefined);
  });
  return out;
}

function checkTiers(c: Checker, value: unknown): Set<string> {
  if (value === undefined || !c.list(value, 'tiers', LIST_LIMITS.tiers, 1)) return new Set();
  const labels = elementPaths(value, 'tiers');
  const valid = names(c, value, 'tiers', labels);
  let previous: [number, number] | undefined;
  value.forEach((el, i) => {
    if (!isRecord(el)) return c.fail(labels[i]!, 'must be an object');
    c.object(el, labels[i]!, ['name', 'threshold'], ['name', 'threshold']);
    if (el['threshold'] === undefined) return;
    if (!c.num(el['threshold'], join(labels[i]!, 'threshold'), { ge: 0, le: 100 })) return;
    const r = range(el['threshold'])!;
    // Tiers are ordered: every draw of a threshold stays above every draw of the one before.
    if (previous && !(r[0] > previous[1])) {
      c.fail(join(labels[i]!, 'threshold'), `must be above the previous tier's threshold (${previous[1]}); tiers are listed lowest first`);
    }
    previous = r;
  });
  return valid;
}

function checkSegments(c: Checker, value: unknown, tiers: Set<string>): void {
  if (value === undefined || !c.list(value, 'segments', LIST_LIMITS.segments)) return;
  const labels = elementPaths(value, 'segments', 'tier');
  const seen = new Map<string, string>();
  value.forEach((el, i) => {
    if (!isRecord(el)) return c.fail(labels[i]!, 'must be an object');
    const fields = Object.keys(SEGMENT_FIELDS);
    c.object(el, labels[i]!, ['tier', ...fields], ['tier', ...fields.filter((f) => f !== 'saturationVolume')]);
    for (const key of fields) if (el[key] !== undefined) c.num(el[key], join(labels[i]!, key), SEGMENT_FIELDS[key]!);
    const tier = el['tier'];
    if (tier === undefined || !c.string(tier, join(labels[i]!, 'tier'))) return;
    if (!tiers.has(tier)) return void c.fail(join(labels[i]!, 'tier'), `unknown tier "${tier}"; ${listOf(tiers)}`);
    const first = seen.get(tier);
    if (first !== undefined) c.fail(join(labels[i]!, 'tier'), `a second segment for tier "${tier}" (also ${first}); one segment per tier`);
    else seen.set(tier, labels[i]!);
  });
  for (const tier of tiers) if (!seen.has(tier)) c.fail('segments', `no segment for tier "${tier}"; one segment per tier`);
}

function checkLabs(c: Checker, value: unknown, gpus: Map<string, unknown>): Set<string> {
  if (value === undefined || !c.list(value, 'labs', LIST_LIMITS.labs, 1)) return new Set();
  const labels = elementPaths(value, 'labs');
  const valid = names(c, value, 'labs', labels);
  const gpuNames = new Set(gpus.keys());
  value.forEach((el, i) => {
    const p = labels[i]!;
    if (!isRecord(el)) return c.fail(p, 'must be an object');
    c.object(el, p, ['name', 'pricing', 'fleet', 'servingShare', 'cloudBurst', 'brand', 'cash', 'fixedCostPerPeriod', 'roadmap'], [
      'name',
      'pricing',
      'fleet',
      'servingShare',
      'cloudBurst',
      'brand',
      'fixedCostPerPeriod',
    ]);
    if (el['pricing'] !== undefined) checkPricing(c, el['pricing'], join(p, 'pricing'));
    const fleet = el['fleet'];
    if (fleet !== undefined) {
      if (!isRecord(fleet)) c.fail(join(p, 'fleet'), 'must be an object {GPU type: count}');
      else
        for (const [gpu, count] of Object.entries(fleet)) {
          const fp = isPathKey(gpu) ? join(join(p, 'fleet'), gpu) : join(p, 'fleet');
          if (!gpuNames.has(gpu)) c.fail(fp, `unknown GPU type "${gpu.slice(0, MAX_NAME_LENGTH)}"; ${listOf(gpuNames)}`);
          c.num(count, fp, NON_NEGATIVE);
        }
    }
    if (el['servingShare'] !== undefined) c.num(el['servingShare'], join(p, 'servingShare'), FRACTION);
    if (el['cloudBurst'] !== undefined) c.boolean(el['cloudBurst'], join(p, 'cloudBurst'));
    if (el['brand'] !== undefined) c.num(el['brand'], join(p, 'brand'), ANY);
    if (el['cash'] !== undefined) c.num(el['cash'], join(p, 'cash'), ANY);
    if (el['fixedCostPerPeriod'] !== undefined) c.num(el['fixedCostPerPeriod'], join(p, 'fixedCostPerPeriod'), NON_NEGATIVE);
    if (el['roadmap'] !== undefined) {
      if (!isRecord(el['roadmap'])) c.fail(join(p, 'roadmap'), 'must be an object');
      else numericFields(c, el['roadmap'], join(p, 'roadmap'), ROADMAP_FIELDS, true);
    }
  });
  return valid;
}

const MODEL_KEYS = ['name', 'lab', 'releaseDate', 'retireDate', 'capability', 'openWeights', 'trainingCost', 'serving', 'pricing', 'priceHistory'];
const MODEL_REQUIRED = ['name', 'lab', 'releaseDate', 'capability', 'serving'];

function checkModels(
  c: Checker,
  value: unknown,
  labs: Set<string>,
  gpus: Map<string, Record<string, unknown> | undefined>,
  tech: Record<string, unknown> | undefined,
): void {
  if (value === undefined || !c.list(value, 'models', LIST_LIMITS.models)) return;
  const labels = elementPaths(value, 'models');
  const valid = names(c, value, 'models', labels);
  value.forEach((el, i) => {
    const p = labels[i]!;
    if (!isRecord(el)) return c.fail(p, 'must be an object');
    c.object(el, p, MODEL_KEYS, MODEL_REQUIRED);
    const name = el['name'];
    if (typeof name === 'string' && valid.has(name) && /\+\d+$/.test(name)) {
      c.fail(join(p, 'name'), 'must not end in "+<number>": those names belong to roadmap successors');
    }
    const lab = el['lab'];
    if (lab !== undefined && c.string(lab, join(p, 'lab')) && !labs.has(lab)) c.fail(join(p, 'lab'), `unknown lab "${lab}"; ${listOf(labs)}`);
    const released = el['releaseDate'] !== undefined && c.date(el['releaseDate'], join(p, 'releaseDate'));
    if (el['retireDate'] !== undefined && c.date(el['retireDate'], join(p, 'retireDate')) && released) {
      if (!((el['retireDate'] as string) > (el['releaseDate'] as string))) c.fail(join(p, 'retireDate'), 'must be after releaseDate');
    }
    if (el['capability'] !== undefined) c.num(el['capability'], join(p, 'capability'), { ge: 0, le: 100 });
    if (el['openWeights'] !== undefined) c.boolean(el['openWeights'], join(p, 'openWeights'));
    if (el['trainingCost'] !== undefined) c.num(el['trainingCost'], join(p, 'trainingCost'), NON_NEGATIVE);
    if (el['pricing'] !== undefined) checkPricing(c, el['pricing'], join(p, 'pricing'));
    if (el['priceHistory'] !== undefined) checkPriceHistory(c, el['priceHistory'], join(p, 'priceHistory'));
    const serving = el['serving'];
    if (serving === undefined) return;
    const sp = join(p, 'serving');
    if (!isRecord(serving)) return void c.fail(sp, 'must be an object');
    const beforeServing = c.errors.length;
    c.object(serving, sp, ['gpuType', ...Object.keys(SERVING_FIELDS)], serving['costPerMTokens'] === undefined ? ['gpuType', 'activeParamsB'] : ['gpuType']);
    for (const [key, bounds] of Object.entries(SERVING_FIELDS)) if (serving[key] !== undefined) c.num(serving[key], join(sp, key), bounds);
    const gpuType = serving['gpuType'];
    if (gpuType !== undefined && c.string(gpuType, join(sp, 'gpuType')) && !gpus.has(gpuType)) {
      c.fail(join(sp, 'gpuType'), `unknown GPU type "${gpuType}"; ${listOf(new Set(gpus.keys()))}`);
    }
    const total = range(serving['totalParamsB']);
    const active = range(serving['activeParamsB']);
    if (total && active && c.errors.length === beforeServing && !(total[0] >= active[1])) c.fail(join(sp, 'totalParamsB'), 'must be >= activeParamsB');
    // The roofline only makes sense once the spec, its GPU and the technology are valid.
    const gpu = typeof gpuType === 'string' ? gpus.get(gpuType) : undefined;
    if (c.errors.length > beforeServing || !gpu || !tech || serving['costPerMTokens'] !== undefined) return;
    const fit = roofline(centralRecord<ServingOf<number>>(serving), centralRecord<GpuType>(gpu), centralRecord<Technology>(tech));
    if (!fit.ok) return void c.fail(join(p, fit.field), fit.message);
    const worst = leastFavourable(serving, gpu, tech);
    const worstFit = worst && roofline(worst.serving, worst.gpu, worst.tech);
    if (worstFit && !worstFit.ok) c.fail(join(p, worstFit.field), `${worstFit.message} (at the least favourable values its distributions can draw)`);
  });
}

/** Which end of a leaf's support makes a model harder to fit: 'hi' = larger is worse. */
const FIT_PRESSURE: Record<string, 'hi' | 'lo'> = {
  activeParamsB: 'hi',
  totalParamsB: 'hi',
  bytesPerParam: 'hi',
  kvBytesPerToken: 'hi',
  gpusPerReplica: 'lo',
  memoryGB: 'lo',
  memUtil: 'lo',
  avgContextTokens: 'hi',
};

/**
 * The spec at the corner of its distributions' supports least favourable to fitting (more
 * weights and KV, fewer GPUs and less memory), or undefined when nothing is drawn or a support
 * is unbounded on the bad side (then only the central values can be checked). With a given
 * replica size the fit is monotone in each of these, so passing here means every draw fits.
 */
function leastFavourable(
  serving: Record<string, unknown>,
  gpu: Record<string, unknown>,
  tech: Record<string, unknown>,
): { serving: ServingOf<number>; gpu: GpuType; tech: Technology } | undefined {
  let drawn = false;
  let bounded = true;
  const pick = (record: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...centralRecord<Record<string, unknown>>(record) };
    for (const [key, side] of Object.entries(FIT_PRESSURE)) {
      const v = record[key];
      if (!isDistribution(v)) continue;
      drawn = true;
      const r = range(v)!;
      const x = side === 'hi' ? r[1] : r[0];
      if (!Number.isFinite(x)) bounded = false;
      out[key] = INTEGER_LEAVES.has(key) ? Math.round(x) : x;
    }
    return out;
  };
  const result = { serving: pick(serving) as unknown as ServingOf<number>, gpu: pick(gpu) as unknown as GpuType, tech: pick(tech) as unknown as Technology };
  return drawn && bounded ? result : undefined;
}

function checkPriceHistory(c: Checker, value: unknown, path: string): void {
  if (!c.list(value, path, LIST_LIMITS.priceHistory, 1)) return;
  let previous: string | undefined;
  value.forEach((entry, i) => {
    const ep = `${path}[${i}]`;
    if (!c.object(entry, ep, ['date', 'price'], ['date', 'price'])) return;
    c.num(entry['price'], join(ep, 'price'), POSITIVE);
    if (!c.date(entry['date'], join(ep, 'date'))) return;
    const date = entry['date'] as string;
    if (previous !== undefined && !(date > previous)) c.fail(join(ep, 'date'), `must be after the previous entry's date (${previous}); list prices in date order`);
    previous = date;
  });
}

/**
 * Output buffers of one path (MODEL.md section 7): one Float64Array per entity holding every metric
 * for every period (NaN = no row), registered by entity name as entities first appear, and turned
 * into the PathResult map once at the end.
 */
import { BufferPool } from './buffer-pool.js';
import { IdentityCache } from './identity-cache.js';
import { type PathResult, seriesKey } from './types.js';

/** Model metric keys of MODEL.md section 7 (plus `segmentShare:<tier>` per segment served). */
export const MODEL_METRICS = [
  'price',
  'cost',
  'markupMultiple',
  'tier',
  'capability',
  'demand',
  'served',
  'spillIn',
  'lost',
  'marketShare',
  'revenue',
  'grossProfit',
  'gpuHours',
] as const;

/** Lab metric keys of MODEL.md section 7. */
export const LAB_METRICS = [
  'revenue',
  'servingCost',
  'fleetCost',
  'fixedCost',
  'trainingCost',
  'operatingProfit',
  'cash',
  'utilization',
  'runwayPeriods',
] as const;

/** Segment metric keys of MODEL.md section 7. */
export const SEGMENT_METRICS = [
  'volume',
  'spend',
  'priceIndex',
  'cheapestPrice',
  'consumerSurplus',
  'labsAtTier',
  'leaderPremium',
] as const;

/** Market metric keys of MODEL.md section 7 (entity 'market'). */
export const MARKET_METRICS = [
  'totalTokens',
  'totalSpend',
  'hhi',
  'gpuDemandHours',
  'gpuUtilization',
  'gpuRentalPrice',
  'frontierTier',
  'nashConverged',
] as const;

/** Prefix of the per-segment share metric of a model. */
export const SEGMENT_SHARE_PREFIX = 'segmentShare:';

/**
 * Metric offsets, buffer[metric * periods + t]: object literals (not built from the lists) so the
 * period loop reads constants; the spec checks they agree with the lists.
 */
export const M = {
  price: 0,
  cost: 1,
  markupMultiple: 2,
  tier: 3,
  capability: 4,
  demand: 5,
  served: 6,
  spillIn: 7,
  lost: 8,
  marketShare: 9,
  revenue: 10,
  grossProfit: 11,
  gpuHours: 12,
} as const;
export const L = {
  revenue: 0,
  servingCost: 1,
  fleetCost: 2,
  fixedCost: 3,
  trainingCost: 4,
  operatingProfit: 5,
  cash: 6,
  utilization: 7,
  runwayPeriods: 8,
} as const;
export const S = {
  volume: 0,
  spend: 1,
  priceIndex: 2,
  cheapestPrice: 3,
  consumerSurplus: 4,
  labsAtTier: 5,
  leaderPremium: 6,
} as const;
export const K = {
  totalTokens: 0,
  totalSpend: 1,
  hhi: 2,
  gpuDemandHours: 3,
  gpuUtilization: 4,
  gpuRentalPrice: 5,
  frontierTier: 6,
  nashConverged: 7,
} as const;

/**
 * Series keys per entity, reused across paths: Monte Carlo runs thousands of paths over the same
 * entity names, and building the keys was a visible share of a path's time. Bounded, so a
 * long-lived process that sees many scenarios does not grow it without limit.
 */
const KEY_CACHE_LIMIT = 100_000;
type EntityType = 'model' | 'lab' | 'segment' | 'market';
/** Per entity type, per name: the keys of the type's full metric list (names used as is, no concatenation to look up). */
const keyCache: Record<EntityType, Map<string, string[]>> = { model: new Map(), lab: new Map(), segment: new Map(), market: new Map() };
/** Per model name, per segment name: the model's share key in that segment (a one-key list, as pools take keys). */
const shareKeyCache = new Map<string, Map<string, string[]>>();
let cachedKeys = 0;

function countCached(): void {
  if (++cachedKeys <= KEY_CACHE_LIMIT) return;
  for (const map of Object.values(keyCache)) map.clear();
  shareKeyCache.clear();
  cachedKeys = 1;
}

function keysOf(type: EntityType, name: string, metrics: readonly string[]): string[] {
  const byName = keyCache[type];
  let keys = byName.get(name);
  if (keys === undefined) {
    countCached();
    keys = metrics.map((metric) => seriesKey(type, name, metric));
    byName.set(name, keys);
  }
  return keys;
}

/** The one-key list naming a model's share series in a segment (cached; what segmentShare takes by default). */
export function shareKeysOf(model: string, segment: string): string[] {
  let bySegment = shareKeyCache.get(model);
  if (bySegment === undefined) shareKeyCache.set(model, (bySegment = new Map()));
  let keys = bySegment.get(segment);
  if (keys === undefined) {
    countCached();
    keys = [seriesKey('model', model, SEGMENT_SHARE_PREFIX + segment)];
    bySegment.set(segment, keys);
  }
  return keys;
}

/**
 * The per-metric views of an entity buffer, made once per buffer: pooled buffers serve path after
 * path, and a fresh subarray per series per path was a large share of a path's allocations.
 */
const viewCache = new WeakMap<Float64Array, Float64Array[]>();

function viewsOf(buffer: Float64Array, periods: number, metricCount: number): Float64Array[] {
  let views = viewCache.get(buffer);
  if (views === undefined || views.length !== metricCount || views[0]!.length !== periods) {
    views = [];
    for (let m = 0; m < metricCount; m++) views.push(buffer.subarray(m * periods, (m + 1) * periods));
    viewCache.set(buffer, views);
  }
  return views;
}

/** What registering a list of names on an empty table gives: kept per list object (lists are never mutated). */
interface Registration {
  names: string[];
  index: Map<string, number>;
  /** Per item of the list, its index in `names` (the first of a repeated name). */
  globals: Int32Array;
  /** Per name, its series keys. */
  keys: string[][];
}
const registrations: Record<EntityType, IdentityCache<readonly string[], Registration>> = {
  model: new IdentityCache(16),
  lab: new IdentityCache(16),
  segment: new IdentityCache(16),
  market: new IdentityCache(16),
};

class EntityTable {
  names: string[] = [];
  readonly buffers: Float64Array[] = [];
  private index = new Map<string, number>();
  /** Whether `names` and `index` are a Registration's (copied before a name is added). */
  private shared = false;

  constructor(
    private readonly type: EntityType,
    private readonly metrics: readonly string[],
    private readonly periods: number,
    private readonly pool: BufferPool,
  ) {}

  /** Global index of the entity, registering it (with an all-NaN buffer) on first sight. */
  indexOf(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (this.shared) {
        this.names = this.names.slice();
        this.index = new Map(this.index);
        this.shared = false;
      }
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
      this.buffers.push(this.pool.take(this.periods * this.metrics.length, keysOf(this.type, name, this.metrics)));
    }
    return i;
  }

  /**
   * Writes the global index of each name of `list` into `out`, as indexOf on each would. A path's
   * first frame registers its lists on empty tables, and paths of one document mostly meet the same
   * list objects (prepared scenarios share them): their names, indexes and keys are then reused.
   */
  registerAll(list: readonly string[], out: Int32Array): void {
    if (this.names.length > 0) {
      for (let k = 0; k < list.length; k++) out[k] = this.indexOf(list[k]!);
      return;
    }
    const byList = registrations[this.type];
    let r = byList.get(list);
    if (r === undefined) {
      const index = new Map<string, number>();
      const names: string[] = [];
      const globals = new Int32Array(list.length);
      for (let k = 0; k < list.length; k++) {
        const name = list[k]!;
        let i = index.get(name);
        if (i === undefined) index.set(name, (i = names.push(name) - 1));
        globals[k] = i;
      }
      r = { names, index, globals, keys: names.map((name) => keysOf(this.type, name, this.metrics)) };
      byList.set(list, r);
    }
    this.names = r.names;
    this.index = r.index;
    this.shared = true;
    const length = this.periods * this.metrics.length;
    for (let i = 0; i < r.keys.length; i++) this.buffers.push(this.pool.take(length, r.keys[i]));
    out.set(r.globals);
  }
}

/**
 * A recorded path's PathResult, its series map made on first read. A class rather than an object
 * literal with a getter: with the literal, every path's recorder outlived the scavenges (a marker
 * array hung on it was promoted for every path) and so did most of the path's objects, its
 * frame's among them, copied and promoted to wait for a full GC (scavenges were ~8% of a preset
 * run's CPU); with the class none is. It makes no closure either (under tsx each is named by a
 * defineProperty as it is made).
 */
class RecordedPath implements PathResult {
  private map: Map<string, Float64Array> | undefined;

  constructor(
    readonly buffers: Float64Array[],
    readonly keysAsBefore: boolean,
    private readonly recorder: PathRecorder,
  ) {}

  get series(): Map<string, Float64Array> {
    return (this.map ??= this.recorder.seriesMap());
  }
}

/** Collects one path's series. */
export class PathRecorder {
  readonly models: EntityTable;
  readonly labs: EntityTable;
  readonly segments: EntityTable;
  readonly market: Float64Array;
  /** Per global model, per global segment: the model's share series, when it serves the segment. */
  readonly segmentShares: (Float64Array | undefined)[][] = [];

  /** `pool` lends the buffers (all NaN); without one they are allocated. */
  constructor(
    readonly periods: number,
    private readonly pool: BufferPool = new BufferPool(),
  ) {
    this.models = new EntityTable('model', MODEL_METRICS, periods, pool);
    this.labs = new EntityTable('lab', LAB_METRICS, periods, pool);
    this.segments = new EntityTable('segment', SEGMENT_METRICS, periods, pool);
    this.market = pool.take(periods * MARKET_METRICS.length, keysOf('market', 'market', MARKET_METRICS));
  }

  /**
   * The share series of a (global) model in a (global) segment, created all-NaN on first use.
   * `keys`, when given, is shareKeysOf of the two names (a frame keeps them per layout: two keyed
   * lookups per pair and path showed in profiles).
   */
  segmentShare(model: number, segment: number, keys?: readonly string[]): Float64Array {
    const row = (this.segmentShares[model] ??= []);
    let buffer = row[segment];
    if (buffer === undefined) {
      buffer = row[segment] = this.pool.take(this.periods, keys ?? shareKeysOf(this.models.names[model]!, this.segments.names[segment]!));
    }
    return buffer;
  }

  /**
   * The PathResult: buffers now, the series map when first read (a consumer that reads the
   * buffers in place, as the Monte Carlo batch pool does, never needs it). See PathResult. The
   * share buffers come in (model, segment) order, as the entity layout lists them, so a path with
   * the previous one's layout has every series at the same place of the same buffer position.
   */
  toResult(): PathResult {
    const buffers = [...this.models.buffers, ...this.labs.buffers, ...this.segments.buffers, this.market];
    for (const row of this.segmentShares) {
      if (row === undefined) continue;
      for (const buffer of row) if (buffer !== undefined) buffers.push(buffer);
    }
    return new RecordedPath(buffers, this.sameEntitiesAsBefore(), this);
  }

  /**
   * Whether this path has the entities of the previous path recorded with the pool, in the same
   * order (so the same series keys in the same order); records this path's for the next.
   */
  private sameEntitiesAsBefore(): boolean {
    const previous = this.pool.entityLayout;
    if (previous !== undefined && this.hasLayout(previous)) return true;
    const layout: (string | number)[] = [...this.models.names, -1, ...this.labs.names, -1, ...this.segments.names, -1];
    this.segmentShares.forEach((row, i) => row.forEach((buffer, s) => buffer !== undefined && layout.push(i, s)));
    this.pool.entityLayout = layout;
    return false;
  }

  /** Whether `layout` lists this path's entities as sameEntitiesAsBefore builds it (compared in place: no list a path). */
  private hasLayout(layout: readonly (string | number)[]): boolean {
    let k = 0;
    for (const names of [this.models.names, this.labs.names, this.segments.names]) {
      for (let i = 0; i < names.length; i++) if (layout[k++] !== names[i]) return false;
      if (layout[k++] !== -1) return false;
    }
    const shares = this.segmentShares;
    for (let i = 0; i < shares.length; i++) {
      const row = shares[i];
      if (row === undefined) continue;
      for (let s = 0; s < row.length; s++) if (row[s] !== undefined && (layout[k++] !== i || layout[k++] !== s)) return false;
    }
    return k === layout.length;
  }

  /**
   * The series map: models, labs, segments, then the market, each metric in MODEL.md order. With
   * the pool of the previous map and the same series keys in the same order, that map is refilled
   * rather than a new one built (a map of ~500-1,100 entries was the largest allocation of a path).
   */
  seriesMap(): Map<string, Float64Array> {
    const previous = this.pool.series;
    const keys = this.pool.seriesKeys;
    let n = 0;
    let same = previous !== undefined;
    if (same) {
      this.forEachSeries((key) => {
        if (keys[n++] !== key) same = false;
      });
    }
    let series: Map<string, Float64Array>;
    if (same && n === keys.length) {
      series = previous!;
      this.forEachSeries((key, values) => series.set(key, values));
    } else {
      series = new Map();
      keys.length = 0;
      this.forEachSeries((key, values) => {
        series.set(key, values);
        keys.push(key);
      });
      this.pool.series = series;
    }
    return series;
  }

  private forEachSeries(visit: (key: string, values: Float64Array) => void): void {
    const T = this.periods;
    const add = (type: EntityType, name: string, metrics: readonly string[], buffer: Float64Array) => {
      const keys = keysOf(type, name, metrics);
      const views = viewsOf(buffer, T, keys.length);
      for (let m = 0; m < keys.length; m++) visit(keys[m]!, views[m]!);
    };
    this.models.names.forEach((name, i) => {
      add('model', name, MODEL_METRICS, this.models.buffers[i]!);
      const row = this.segmentShares[i] ?? [];
      row.forEach((buffer, s) => {
        if (buffer !== undefined) visit(shareKeysOf(name, this.segments.names[s]!)[0]!, buffer);
      });
    });
    this.labs.names.forEach((name, i) => add('lab', name, LAB_METRICS, this.labs.buffers[i]!));
    this.segments.names.forEach((name, i) => add('segment', name, SEGMENT_METRICS, this.segments.buffers[i]!));
    add('market', 'market', MARKET_METRICS, this.market);
  }
}

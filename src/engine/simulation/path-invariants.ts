/**
 * The accounting identities of MODEL.md section 9, checked on one simulated path. Test support
 * (specs of this and other folders use it); the engine never imports it.
 */
import type { Scenario } from '../scenario/types.js';
import { LAB_METRICS, MARKET_METRICS, MODEL_METRICS, SEGMENT_SHARE_PREFIX } from './path-recorder.js';
import { type PathResult, parseSeriesKey, seriesKey, type Timeline } from './types.js';

const REL = 1e-9;

function near(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= REL * Math.max(1, Math.abs(scale));
}

/**
 * Checks MODEL.md section 9's accounting identities on one path; returns the first violation.
 * Pass the scenario of a constant timeline, or the timeline itself when the scenario changes.
 */
export function checkPathInvariants(source: Scenario | Timeline, result: PathResult): string | undefined {
  const timeline: Timeline = 'at' in source ? source : { periods: source.periods, at: () => source };
  const T = timeline.periods;
  const get = (type: 'model' | 'lab' | 'segment' | 'market', name: string, metric: string) => {
    const s = result.series.get(seriesKey(type, name, metric));
    if (s === undefined) throw new Error(`missing series ${type}|${name}|${metric}`);
    return s;
  };
  const modelNames = new Set<string>();
  for (const key of result.series.keys()) {
    const k = parseSeriesKey(key);
    if (k.entityType === 'model') modelNames.add(k.entity);
  }

  for (const [key, values] of result.series) {
    for (const v of values) if (v === Infinity || v === -Infinity) return `${key} is infinite`;
  }
  for (let t = 0; t < T; t++) {
    const sc = timeline.at(t);
    const hours = 730 * sc.periodMonths;
    const labOf = (name: string) => sc.models.find((m) => m.name === name.split('+')[0])!;
    let demand = 0;
    let servedLost = 0;
    const labRevenue = new Map<string, number>();
    const poolHours = new Map<string, number>();
    for (const name of modelNames) {
      const present = !Number.isNaN(get('model', name, 'price')[t]!);
      for (const metric of MODEL_METRICS) {
        const v = get('model', name, metric)[t]!;
        if (Number.isNaN(v) === present) return `model ${name} ${metric} at ${t}: row presence differs from price`;
      }
      if (!present) continue;
      const x = get('model', name, 'demand')[t]!;
      const served = get('model', name, 'served')[t]!;
      const spillIn = get('model', name, 'spillIn')[t]!;
      const lost = get('model', name, 'lost')[t]!;
      const price = get('model', name, 'price')[t]!;
      if (lost < 0) return `model ${name} lost < 0 at ${t}`;
      if (served > (x + spillIn) * (1 + REL)) return `model ${name} served > demand + spillIn at ${t}`;
      if (!near(get('model', name, 'revenue')[t]!, price * served, price * served)) return `model ${name} revenue != p x served`;
      demand += x;
      servedLost += served + lost;
      const base = labOf(name);
      labRevenue.set(base.lab, (labRevenue.get(base.lab) ?? 0) + price * served);
      const pool = `${base.lab}|${base.serving.gpuType}`;
      poolHours.set(pool, (poolHours.get(pool) ?? 0) + get('model', name, 'gpuHours')[t]!);
    }
    if (!near(servedLost, demand, demand)) return `sum served + lost ${servedLost} != demand ${demand} at ${t}`;

    let totalRevenue = 0;
    for (const lab of sc.labs) {
      for (const metric of LAB_METRICS) if (Number.isNaN(get('lab', lab.name, metric)[t]!)) return `lab ${lab.name} ${metric} NaN at ${t}`;
      const revenue = get('lab', lab.name, 'revenue')[t]!;
      if (!near(revenue, labRevenue.get(lab.name) ?? 0, revenue)) return `lab ${lab.name} revenue != sum p x served at ${t}`;
      totalRevenue += revenue;
      if (lab.cloudBurst) continue;
      for (const [gpu, count] of Object.entries(lab.fleet)) {
        const capacity = lab.servingShare * count * hours;
        const used = poolHours.get(`${lab.name}|${gpu}`) ?? 0;
        if (used > capacity * (1 + REL) + 1e-9) return `lab ${lab.name} ${gpu} uses ${used} > capacity ${capacity} at ${t}`;
      }
    }
    if (!near(get('market', 'market', 'totalSpend')[t]!, totalRevenue, totalRevenue)) return `market spend != sum lab revenue at ${t}`;
    for (const metric of MARKET_METRICS) {
      if (metric !== 'hhi' && Number.isNaN(get('market', 'market', metric)[t]!)) return `market ${metric} NaN at ${t}`;
    }

    for (const seg of sc.segments) {
      if (Number.isNaN(get('segment', seg.tier, 'priceIndex')[t]!)) continue;
      let sum = 0;
      for (const name of modelNames) {
        const s = result.series.get(seriesKey('model', name, SEGMENT_SHARE_PREFIX + seg.tier));
        if (s !== undefined && !Number.isNaN(s[t]!)) sum += s[t]!;
      }
      if (Math.abs(sum - 1) > 1e-9) return `segment ${seg.tier} shares sum to ${sum} at ${t}`;
    }
  }
  return undefined;
}

/**
 * A run's headline numbers (SERVICE.md "Results": cumulative revenue and profit per lab, final
 * shares, peak GPU price, frontier premium duration, runway of zero-margin labs), computed from
 * the run's tidy result rows alone (means across paths) plus the document for model -> lab links.
 * Pure: no Nest, no database; the results module may reuse or move it.
 */
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';

export interface LabKpis {
  lab: string;
  strategy: string;
  /** USD: sum over periods of the mean revenue. */
  cumulativeRevenue: number;
  /** USD: sum over periods of the mean operating profit. */
  cumulativeOperatingProfit: number;
  /** USD: mean cash in the last period; null when the lab has no cash row. */
  finalCash: number | null;
  /** Share of served tokens in the last period: sum of its models' mean marketShare. */
  finalShare: number;
  /** Mean runwayPeriods in the last period (1000 = not burning cash); null without a row. */
  finalRunwayPeriods: number | null;
  /** Smallest mean runwayPeriods over the run; null without rows. */
  minRunwayPeriods: number | null;
}

export interface TierPremiumKpis {
  tier: string;
  /** Largest mean leader premium (price / cost) over the run; null while the tier is never led. */
  peakLeaderPremium: number | null;
  /** Periods in which the mean leader premium is above 1 (the leader prices above cost). */
  periodsAboveCost: number;
  /**
   * Periods from the first led period until the excess premium (premium - 1) has fallen to half
   * its value in that first period; null when it never halves within the run.
   */
  halfLifePeriods: number | null;
}

export interface RunKpis {
  periods: number;
  labs: LabKpis[];
  /** The GPU rental price's highest mean (USD per GPU-hour) and when; null without rows. */
  peakGpuRentalPrice: { value: number; period: number; date: string } | null;
  frontierPremium: TierPremiumKpis[];
  /** USD: sum over periods of the mean market spend. */
  cumulativeSpend: number;
}

/** Mean series by key and period; NaN where there is no row. */
function meanTable(rows: readonly ResultRow[]) {
  const periods = rows.reduce((m, r) => Math.max(m, r.period + 1), 0);
  const dates: string[] = [];
  const series = new Map<string, Float64Array>();
  // Rows come series by series (finalize's order): build a key only where the series changes.
  let previous: ResultRow | undefined;
  let s: Float64Array = new Float64Array(0);
  for (const r of rows) {
    dates[r.period] = r.date;
    if (previous === undefined || r.metric !== previous.metric || r.entity !== previous.entity || r.entityType !== previous.entityType) {
      const key = `${r.entityType}|${r.entity}|${r.metric}`;
      s = series.get(key) ?? new Float64Array(periods).fill(NaN);
      series.set(key, s);
    }
    previous = r;
    s[r.period] = r.mean;
  }
  const get = (type: string, entity: string, metric: string) => series.get(`${type}|${entity}|${metric}`) ?? new Float64Array(periods).fill(NaN);
  const entities = (type: string) => {
    const names = new Set<string>();
    for (const key of series.keys()) if (key.startsWith(`${type}|`)) names.add(key.slice(type.length + 1, key.lastIndexOf('|')));
    return [...names];
  };
  return { periods, dates, get, entities };
}

function sum(s: Float64Array): number {
  let total = 0;
  for (const v of s) if (!Number.isNaN(v)) total += v;
  return total;
}

function last(s: Float64Array): number | null {
  const t = s.findLastIndex((v) => !Number.isNaN(v));
  return t < 0 ? null : s[t]!;
}

function min(s: Float64Array): number | null {
  let m: number | null = null;
  for (const v of s) if (!Number.isNaN(v) && (m === null || v < m)) m = v;
  return m;
}

/** The lab of a model: the document's, or for a roadmap successor `<base>+<n>` its base's. */
export function labOfModel(doc: ScenarioDoc, model: string): string | undefined {
  const direct = doc.models.find((m) => m.name === model);
  if (direct) return direct.lab;
  const plus = model.lastIndexOf('+');
  return plus > 0 ? labOfModel(doc, model.slice(0, plus)) : undefined;
}

function premiumKpis(tier: string, premium: Float64Array): TierPremiumKpis {
  let peak: number | null = null;
  let above = 0;
  for (const v of premium) {
    if (Number.isNaN(v)) continue;
    if (peak === null || v > peak) peak = v;
    if (v > 1) above++;
  }
  const first = premium.findIndex((v) => !Number.isNaN(v));
  let halfLife: number | null = null;
  if (first >= 0 && premium[first]! > 1) {
    const target = 1 + (premium[first]! - 1) / 2;
    for (let t = first + 1; t < premium.length; t++) {
      if (!Number.isNaN(premium[t]!) && premium[t]! <= target) {
        halfLife = t - first;
        break;
      }
    }
  }
  return { tier, peakLeaderPremium: peak, periodsAboveCost: above, halfLifePeriods: halfLife };
}

/** KPIs of a run from its result rows (means) and the document it ran. */
export function computeRunKpis(rows: readonly ResultRow[], doc: ScenarioDoc): RunKpis {
  const tab = meanTable(rows);
  const end = tab.periods - 1;
  const models = tab.entities('model');
  const labs: LabKpis[] = doc.labs.map((lab) => {
    let share = 0;
    for (const m of models) {
      if (labOfModel(doc, m) !== lab.name) continue;
      const v = end >= 0 ? tab.get('model', m, 'marketShare')[end]! : NaN;
      if (!Number.isNaN(v)) share += v;
    }
    const runway = tab.get('lab', lab.name, 'runwayPeriods');
    return {
      lab: lab.name,
      strategy: lab.pricing.strategy,
      cumulativeRevenue: sum(tab.get('lab', lab.name, 'revenue')),
      cumulativeOperatingProfit: sum(tab.get('lab', lab.name, 'operatingProfit')),
      finalCash: last(tab.get('lab', lab.name, 'cash')),
      finalShare: share,
      finalRunwayPeriods: last(runway),
      minRunwayPeriods: min(runway),
    };
  });
  const gpu = tab.get('market', 'market', 'gpuRentalPrice');
  let peak = -1;
  for (let t = 0; t < gpu.length; t++) if (!Number.isNaN(gpu[t]!) && (peak < 0 || gpu[t]! > gpu[peak]!)) peak = t;
  return {
    periods: tab.periods,
    labs,
    peakGpuRentalPrice: peak < 0 ? null : { value: gpu[peak]!, period: peak, date: tab.dates[peak]! },
    frontierPremium: doc.tiers.map((tier) => premiumKpis(tier.name, tab.get('segment', tier.name, 'leaderPremium'))),
    cumulativeSpend: sum(tab.get('market', 'market', 'totalSpend')),
  };
}

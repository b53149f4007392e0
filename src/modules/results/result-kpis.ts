/**
 * The full KPI set of a run (issue 6), computed on read from its stored rows (means across paths):
 * R's computeRunKpis (cumulative revenue and profit per lab, final shares, peak GPU price, leader
 * premium) plus what it leaves out: months each tier's leader kept a premium above 2x, the runway
 * of zero-margin labs, total tokens. Pure: rows and the run's document in, numbers out.
 */
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import { computeRunKpis, type RunKpis } from '../runs/run-kpis.js';

/** The metrics the KPIs read; the repository fetches only these. */
export const KPI_METRICS = [
  'marketShare',
  'revenue',
  'operatingProfit',
  'cash',
  'runwayPeriods',
  'gpuRentalPrice',
  'totalSpend',
  'totalTokens',
  'leaderPremium',
] as const;

/** A leader premium (price / cost) above this counts as "a premium above 2x". */
export const HIGH_PREMIUM = 2;

export interface TierPremiumDuration {
  tier: string;
  /** Periods whose mean leader premium is above 2. */
  periodsAbove2x: number;
  /** The same in months (periods x periodMonths). */
  monthsAbove2x: number;
}

export interface ZeroMarginRunway {
  lab: string;
  /** Mean runwayPeriods in the last period (1000 = not burning cash); null without a row. */
  finalRunwayPeriods: number | null;
  /** Smallest mean runwayPeriods over the run; null without rows. */
  minRunwayPeriods: number | null;
  /** Mean cash in the last period; null without a cash row. */
  finalCash: number | null;
  /** First period whose mean cash is <= 0 (the lab is out of cash on average); null if never. */
  cashOutPeriod: number | null;
  cashOutDate: string | null;
}

export interface ResultKpis extends RunKpis {
  periodMonths: number;
  premiumAbove2x: TierPremiumDuration[];
  zeroMarginRunway: ZeroMarginRunway[];
  /** Tokens, market totalTokens means summed over periods. */
  cumulativeTokens: number;
}

/** Mean of one series by period (NaN where there is no row) and the dates seen. */
function series(rows: readonly ResultRow[], periods: number, entityType: string, entity: string, metric: string): Float64Array {
  const out = new Float64Array(periods).fill(NaN);
  for (const r of rows) if (r.entityType === entityType && r.entity === entity && r.metric === metric) out[r.period] = r.mean;
  return out;
}

function lastValue(s: Float64Array): number | null {
  const t = s.findLastIndex((v) => !Number.isNaN(v));
  return t < 0 ? null : s[t]!;
}

/** The run's KPIs from its rows of KPI_METRICS (means) and the document it ran (overrides applied). */
export function computeResultKpis(rows: readonly ResultRow[], doc: ScenarioDoc): ResultKpis {
  const base = computeRunKpis(rows, doc);
  const periods = base.periods;
  const dates: string[] = [];
  for (const r of rows) dates[r.period] = r.date;

  const premiumAbove2x = doc.tiers.map((tier) => {
    const premium = series(rows, periods, 'segment', tier.name, 'leaderPremium');
    let above = 0;
    for (const v of premium) if (v > HIGH_PREMIUM) above++;
    return { tier: tier.name, periodsAbove2x: above, monthsAbove2x: above * doc.periodMonths };
  });

  const zeroMarginRunway = doc.labs
    .filter((lab) => lab.pricing.strategy === 'ZERO_MARGIN')
    .map((lab) => {
      const runway = series(rows, periods, 'lab', lab.name, 'runwayPeriods');
      const cash = series(rows, periods, 'lab', lab.name, 'cash');
      let min: number | null = null;
      for (const v of runway) if (!Number.isNaN(v) && (min === null || v < min)) min = v;
      const out = cash.findIndex((v) => !Number.isNaN(v) && v <= 0);
      return {
        lab: lab.name,
        finalRunwayPeriods: lastValue(runway),
        minRunwayPeriods: min,
        finalCash: lastValue(cash),
        cashOutPeriod: out < 0 ? null : out,
        cashOutDate: out < 0 ? null : (dates[out] ?? null),
      };
    });

  let cumulativeTokens = 0;
  for (const v of series(rows, periods, 'market', 'market', 'totalTokens')) if (!Number.isNaN(v)) cumulativeTokens += v;

  return { ...base, periodMonths: doc.periodMonths, premiumAbove2x, zeroMarginRunway, cumulativeTokens };
}

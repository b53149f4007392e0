/**
 * A variant's KPIs as flat scalars, so a sweep's table has one column per KPI and a tornado can
 * be drawn for any of them; and the tornado bars themselves. Pure.
 *
 * Names follow the scenario path syntax: `cumulativeSpend`, `cumulativeTokens`,
 * `peakGpuRentalPrice`, `labs[OpenLab].cumulativeOperatingProfit`,
 * `frontierPremium[o1-class].halfLifePeriods`. Whatever numeric KPIs the run's stored `kpis` hold
 * are taken, so KPIs added to runs later appear here without a change.
 */
import type { SweepKpis, TornadoParameter } from './sweep.types.js';

/** Fields that name the element of a KPI list (e.g. a lab's KPIs carry `lab`). */
const ID_FIELDS = ['lab', 'tier', 'model', 'segment', 'entity', 'name'];

function numberOrNull(v: unknown): number | null | undefined {
  if (v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Flattens a run's stored KPIs (RunKpis JSON) plus extras into one scalar per name. */
export function flattenKpis(kpis: unknown, extras: SweepKpis = {}): SweepKpis {
  const out: SweepKpis = {};
  if (kpis && typeof kpis === 'object' && !Array.isArray(kpis)) {
    for (const [key, value] of Object.entries(kpis as Record<string, unknown>)) {
      if (key === 'periods') continue; // the same for every variant of a sweep
      const scalar = numberOrNull(value);
      if (scalar !== undefined) {
        out[key] = scalar;
      } else if (Array.isArray(value)) {
        for (const item of value) {
          if (!item || typeof item !== 'object') continue;
          const record = item as Record<string, unknown>;
          const idField = ID_FIELDS.find((f) => typeof record[f] === 'string');
          if (!idField) continue;
          for (const [field, v] of Object.entries(record)) {
            if (field === idField) continue;
            const s = numberOrNull(v);
            if (s !== undefined) out[`${key}[${record[idField] as string}].${field}`] = s;
          }
        }
      } else if (value && typeof value === 'object' && 'value' in value) {
        // e.g. peakGpuRentalPrice: {value, period, date} -> its value
        const s = numberOrNull((value as { value: unknown }).value);
        if (s !== undefined) out[key] = s;
      }
    }
  }
  return { ...out, ...extras };
}

export interface TornadoVariant {
  role: 'base' | 'low' | 'high' | 'grid';
  parameter: string | null;
  kpis: SweepKpis | null;
}

export interface TornadoBar {
  parameter: string;
  /** The parameter's low and high values as requested. */
  low: number;
  high: number;
  /** The KPI at the base, with the parameter low, with it high (null when a run has no value). */
  kpiBase: number | null;
  kpiLow: number | null;
  kpiHigh: number | null;
  /** |kpiHigh - kpiLow|; null when either is missing. Bars are sorted by it, largest first. */
  swing: number | null;
}

/**
 * One bar per tornado parameter for KPI `kpi`, sorted by swing (largest first; bars without a
 * swing last, then in request order).
 */
export function tornadoBars(parameters: readonly TornadoParameter[], variants: readonly TornadoVariant[], kpi: string): TornadoBar[] {
  const value = (v: TornadoVariant | undefined) => (v?.kpis ? (v.kpis[kpi] ?? null) : null);
  const base = value(variants.find((v) => v.role === 'base'));
  const bars = parameters.map((p, order) => {
    const kpiLow = value(variants.find((v) => v.role === 'low' && v.parameter === p.path));
    const kpiHigh = value(variants.find((v) => v.role === 'high' && v.parameter === p.path));
    const swing = kpiLow === null || kpiHigh === null ? null : Math.abs(kpiHigh - kpiLow);
    return { bar: { parameter: p.path, low: p.low, high: p.high, kpiBase: base, kpiLow, kpiHigh, swing }, order };
  });
  bars.sort((a, b) => {
    if (a.bar.swing === null || b.bar.swing === null) return (a.bar.swing === null ? 1 : 0) - (b.bar.swing === null ? 1 : 0) || a.order - b.order;
    return b.bar.swing - a.bar.swing || a.order - b.order;
  });
  return bars.map((b) => b.bar);
}

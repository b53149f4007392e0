/**
 * Output buffers of one path (MODEL.md section 7): one Float64Array per entity holding every metric
 * for every period (NaN = no row), registered by entity name as entities first appear, and turned
 * into the PathResult map once at the end.
 */
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

/** Metric offsets: buffer[metric * periods + t]. */
export const M = Object.fromEntries(MODEL_METRICS.map((k, i) => [k, i])) as Record<(typeof MODEL_METRICS)[number], number>;
export const L = Object.fromEntries(LAB_METRICS.map((k, i) => [k, i])) as Record<(typeof LAB_METRICS)[number], number>;
export const S = Object.fromEntries(SEGMENT_METRICS.map((k, i) => [k, i])) as Record<(typeof SEGMENT_METRICS)[number], number>;
export const K = Object.fromEntries(MARKET_METRICS.map((k, i) => [k, i])) as Record<(typeof MARKET_METRICS)[number], number>;

class EntityTable {
  readonly names: string[] = [];
  readonly buffers: Float64Array[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly periods: number,
    private readonly metricCount: number,
  ) {}

  /** Global index of the entity, registering it (with an all-NaN buffer) on first sight. */
  indexOf(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
      this.buffers.push(new Float64Array(this.periods * this.metricCount).fill(NaN));
    }
    return i;
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

  constructor(readonly periods: number) {
    this.models = new EntityTable(periods, MODEL_METRICS.length);
    this.labs = new EntityTable(periods, LAB_METRICS.length);
    this.segments = new EntityTable(periods, SEGMENT_METRICS.length);
    this.market = new Float64Array(periods * MARKET_METRICS.length).fill(NaN);
  }

  /** The share series of a (global) model in a (global) segment, created all-NaN on first use. */
  segmentShare(model: number, segment: number): Float64Array {
    const row = (this.segmentShares[model] ??= []);
    return (row[segment] ??= new Float64Array(this.periods).fill(NaN));
  }

  /** Builds the PathResult: models, labs, segments, then the market, each metric in MODEL.md order. */
  toResult(): PathResult {
    const T = this.periods;
    const series = new Map<string, Float64Array>();
    const add = (type: 'model' | 'lab' | 'segment' | 'market', name: string, metrics: readonly string[], buffer: Float64Array) => {
      metrics.forEach((metric, m) => series.set(seriesKey(type, name, metric), buffer.subarray(m * T, (m + 1) * T)));
    };
    this.models.names.forEach((name, i) => {
      add('model', name, MODEL_METRICS, this.models.buffers[i]!);
      const row = this.segmentShares[i] ?? [];
      row.forEach((buffer, s) => {
        if (buffer !== undefined) series.set(seriesKey('model', name, SEGMENT_SHARE_PREFIX + this.segments.names[s]!), buffer);
      });
    });
    this.labs.names.forEach((name, i) => add('lab', name, LAB_METRICS, this.labs.buffers[i]!));
    this.segments.names.forEach((name, i) => add('segment', name, SEGMENT_METRICS, this.segments.buffers[i]!));
    add('market', 'market', MARKET_METRICS, this.market);
    return { series };
  }
}

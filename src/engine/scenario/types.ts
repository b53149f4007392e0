/**
 * The scenario document (MODEL.md section 1), exactly as ../shared/examples/three-labs.json shapes it.
 *
 * Two layers:
 * - `ScenarioDoc`: what users write. Any numeric leaf may be a `Distribution` (section 8).
 * - `Scenario`: the same shape with every distribution sampled to a number; what the
 *   per-period model (serving cost, pricing, demand, ...) reads. `Scenario = Realized<ScenarioDoc>`.
 * Dates are ISO strings `YYYY-MM-DD`; the engine never reads the clock.
 */

/** A random leaf (MODEL.md section 8). Sampled once per path unless `perPeriod`. */
export type Distribution =
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number; perPeriod?: boolean }
  | { dist: 'lognormal'; median: number; sigma: number; perPeriod?: boolean }
  | { dist: 'uniform'; min: number; max: number; perPeriod?: boolean }
  | { dist: 'triangular'; min: number; mode: number; max: number; perPeriod?: boolean };

/** A numeric leaf of a document: a number or a distribution. */
export type Num = number | Distribution;

export type StrategyName =
  | 'FRONTIER_PREMIUM'
  | 'PRICE_PERFORMANCE_PARITY'
  | 'COST_PLUS'
  | 'ZERO_MARGIN'
  | 'NASH';

/** Bounds any pricing block may carry (section 4). */
interface PriceBounds<N> {
  /** USD per 1M tokens; default 1e-6. */
  priceFloor?: N;
  /** Fraction m: the price stays within [p_{t-1}(1-m), p_{t-1}(1+m)]. */
  maxChangePerPeriod?: N;
}

export type PricingOf<N> =
  | (PriceBounds<N> & {
      strategy: 'FRONTIER_PREMIUM';
      premiumMultiple: N;
      halfLifeMonths: N;
      floorMultiple: N;
      /** Default 0.5. */
      supersededFactor?: N;
    })
  | (PriceBounds<N> & {
      strategy: 'PRICE_PERFORMANCE_PARITY';
      /** Default 0. */
      discount?: N;
      /** gamma, default 1. */
      qualityExponent?: N;
      /** Default 1. */
      minMultiple?: N;
      /** Default 1. */
      leaderMarkup?: N;
    })
  | (PriceBounds<N> & { strategy: 'COST_PLUS'; markup: N })
  | (PriceBounds<N> & {
      strategy: 'ZERO_MARGIN';
      /** sigma >= 0, default 0. */
      subsidy?: N;
      untilDate?: string;
      then?: PricingOf<N>;
    })
  | (PriceBounds<N> & { strategy: 'NASH'; minMultiple?: N });

export interface GpuTypeOf<N> {
  name: string;
  /** 1e9 bytes. */
  memoryGB: N;
  /** 1e12 bytes/s. */
  bandwidthTBs: N;
  /** 1e12 FLOP/s, dense at the serving precision. */
  tflops: N;
  /** USD per owned GPU-hour (capex amortised + opex). */
  tcoPerHour: N;
}

export interface RoadmapOf<N> {
  cadenceMonths: N;
  capabilityStep: N;
  computeMultiplierPer10Points: N;
}

export interface LabOf<N> {
  name: string;
  pricing: PricingOf<N>;
  /** GPU type name -> count. */
  fleet: Record<string, N>;
  /** Fraction of the fleet serving tokens. */
  servingShare: N;
  cloudBurst: boolean;
  /** Utility bonus xi_l. */
  brand: N;
  /** USD at the start; absent means 0 and the lab never "runs out". */
  cash?: N;
  /** USD per period. */
  fixedCostPerPeriod: N;
  roadmap?: RoadmapOf<N>;
}

/** Serving spec (section 2): either the roofline inputs or a given cost. */
export interface ServingOf<N> {
  gpuType: string;
  /** Billions. */
  activeParamsB?: N;
  /** Billions. */
  totalParamsB?: N;
  bytesPerParam?: N;
  /** Bytes of KV cache per token of context. */
  kvBytesPerToken?: N;
  gpusPerReplica?: N;
  /** USD per 1M tokens; when given, the roofline is not used (h_j derived back, section 2). */
  costPerMTokens?: N;
}

export interface PricePoint<N> {
  date: string;
  /** USD per 1M tokens. */
  price: N;
}

export interface ModelOf<N> {
  name: string;
  lab: string;
  releaseDate: string;
  retireDate?: string;
  /** 0-100 index. */
  capability: N;
  openWeights?: boolean;
  /** USD, expensed in the release period. */
  trainingCost?: N;
  serving: ServingOf<N>;
  /** Overrides the lab's strategy for this model. */
  pricing?: PricingOf<N>;
  priceHistory?: PricePoint<N>[];
}

export interface TierOf<N> {
  name: string;
  threshold: N;
}

export interface SegmentOf<N> {
  /** Tier name this segment needs. */
  tier: string;
  /** A_k(0): M tokens per period at the reference price. */
  baseVolume: N;
  /** USD per 1M tokens. */
  referencePrice: N;
  elasticity: N;
  growthPerYear: N;
  saturationVolume?: N;
  alpha: N;
  beta: N;
}

export interface TechnologyOf<N> {
  servingEfficiencyGainPerYear: N;
  algorithmicEfficiencyGainPerYear: N;
  avgContextTokens: N;
  memUtil: N;
  bwUtil: N;
  mfu: N;
  maxBatch: N;
  loadFactor: N;
}

export interface GpuMarketOf<N> {
  /** USD per GPU-hour at the start. */
  rentalPrice: N;
  supplyHours: N;
  supplyGrowthPerYear: N;
  targetUtilization: N;
  priceElasticity: N;
  exogenousDemandHours: N;
}

/** A dated change (section 0): `set` replaces a leaf, `add` adds to a numeric leaf. */
export type EventOf<N> =
  | { date: string; set: { path: string; value: N | string | boolean | object } }
  | { date: string; add: { path: string; value: N } };

export interface ScenarioOf<N> extends PriceBounds<N> {
  name: string;
  description?: string;
  tags?: string[];
  startDate: string;
  periods: number;
  /** 1 = monthly, 3 = quarterly. */
  periodMonths: number;
  tiers: TierOf<N>[];
  segments: SegmentOf<N>[];
  gpuTypes: GpuTypeOf<N>[];
  technology: TechnologyOf<N>;
  gpuMarket: GpuMarketOf<N>;
  labs: LabOf<N>[];
  models: ModelOf<N>[];
  events?: EventOf<N>[];
}

/** What users write: numeric leaves may be distributions. */
export type ScenarioDoc = ScenarioOf<Num>;
export type Pricing = PricingOf<number>;
export type GpuType = GpuTypeOf<number>;
export type Lab = LabOf<number>;
export type Model = ModelOf<number>;
export type Tier = TierOf<number>;
export type Segment = SegmentOf<number>;
export type Technology = TechnologyOf<number>;
export type GpuMarket = GpuMarketOf<number>;
/** Every distribution sampled: what the per-period model reads. */
export type Scenario = ScenarioOf<number>;

/** Limits (SERVICE.md "Safety", MODEL.md section 1). */
export const LIMITS = {
  maxPeriods: 600,
  maxPaths: 100_000,
  maxVariants: 10_000,
  maxDocumentBytes: 1_000_000,
} as const;

/** A validation error: `path` in the document's path syntax, e.g. `labs[2].pricing.markup`. */
export interface FieldError {
  path: string;
  message: string;
}

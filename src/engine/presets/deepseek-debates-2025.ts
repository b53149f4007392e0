/**
 * The `deepseek-debates-2025` preset (MODEL.md section 10, shared/CALIBRATION.md).
 *
 * Monthly from September 2024: OpenAI as the frontier-premium leader that rents compute, Google
 * pricing at parity with a deep discount, Anthropic at quality-adjusted parity, and DeepSeek at
 * zero margin on a fleet shared with High-Flyer. Models up to early 2025 replay their public list
 * prices (3:1 input:output blend); later prices come from the strategies and roadmaps.
 *
 * Sources are cited next to each fact:
 * - [seed]  shared/seed/000_de8fb75d1c3ea94d.txt, after SemiAnalysis "DeepSeek Debates", 2025-01-31
 * - [cal]   shared/CALIBRATION.md (public figures and API list prices, early 2025)
 * - [v3]    DeepSeek-V3 technical report, arXiv 2412.19437
 * - [nv]    NVIDIA datasheets as quoted in [cal]
 * Every other value is marked "assumption" with its reason. Capability scores (0-100) are all
 * assumptions: an ordinal index placed so the seed's comparisons hold.
 */
import type { EventOf, ModelOf, Num, ScenarioDoc } from '../scenario/types.js';

/**
 * KV bytes per token for MLA: 576 cached values x 61 layers x 2 bytes = 70,272 B [cal, v3].
 */
const MLA_KV_BYTES = 576 * 61 * 2;

/**
 * "Standard attention" KV bytes per token for the closed labs' large models. Assumption: the
 * baseline MLA is measured against, i.e. MLA's 70,272 B / (1 - 0.933) = ~1.05 MB [seed: MLA cuts KV
 * per query by ~93.3%]; the closed labs do not publish their attention layouts.
 */
const STANDARD_KV_BYTES = Math.round(MLA_KV_BYTES / (1 - 0.933));

/**
 * Owned TCO per Hopper GPU-hour, derived from DeepSeek's figures [seed]:
 *   server capex ~$1.6B, cluster operating cost ~$944M, ~50,000 Hopper GPUs.
 *   Assumption: capex amortised over 4 years and the $944M read as the operating cost over the same
 *   4-year life (read per year it would give ~$3/GPU-h, above the ~$2-3/h market rental [cal],
 *   which an owner would not pay).
 *   hours = 50,000 GPUs x 8,760 h/yr x 4 yr = 1.752e9 GPU-h
 *   TCO   = (1.6e9 + 0.944e9) / 1.752e9 = $1.452 per GPU-hour
 * Assumption: the same figure for every Hopper type (per-type prices are not public).
 */
const HOPPER_TCO_PER_HOUR = (1.6e9 + 0.944e9) / (50_000 * 8_760 * 4);

/**
 * DeepSeek's fixed costs beside its fleet (the fleet is charged through TCO): ~150 staff [seed] at
 * the reported top offer of ~$1.3M a year [seed] as an upper-bound average (assumption):
 *   150 x 1.3e6 / 12 = $16.25M per month.
 */
const DEEPSEEK_FIXED_PER_MONTH = (150 * 1.3e6) / 12;

/** 3:1 input:output blend of a list price, USD per 1M tokens [cal]. */
function blend(input: number, output: number): number {
  return (3 * input + output) / 4;
}

/**
 * Last month with known list prices: CALIBRATION.md's table is "early 2025". Assumption: history
 * replays to 2025-02; from March 2025 the strategies price (a forecast from that point).
 */
const LAST_KNOWN_PRICE_DATE = '2025-02-01';

/** A list price held from `from` to the last known date: priceHistory of two entries. */
function listPrice(from: string, price: number): ModelOf<Num>['priceHistory'] {
  return [
    { date: from, price },
    { date: LAST_KNOWN_PRICE_DATE, price },
  ];
}

/**
 * A leaf that grows by `growthPerYear`, as dated `add` events every `everyMonths` months from
 * `from` to `until` (events add numbers rather than multiply, so the schedule is geometric in
 * absolute additions).
 */
function geometricAdds(path: string, start: number, growthPerYear: number, from: string, until: string, everyMonths: number): EventOf<Num>[] {
  const events: EventOf<Num>[] = [];
  const step = growthPerYear ** (everyMonths / 12);
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  let current = start;
  for (;;) {
    const date = `${year}-${String(month).padStart(2, '0')}-01`;
    if (date > until) break;
    const added = Math.round(current * (step - 1));
    events.push({ date, add: { path, value: added } });
    current += added;
    month += everyMonths;
    while (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return events;
}

/** Fleet purchases every 6 months: a lab's count of one GPU type grows by `growthPerYear`. */
function fleetGrowth(lab: string, gpu: string, count: number, growthPerYear: number, from: string, until: string): EventOf<Num>[] {
  return geometricAdds(`labs[${lab}].fleet.${gpu}`, count, growthPerYear, from, until, 6);
}

/** Supply of rentable GPU-hours and everyone else's demand for them (assumptions, see gpuMarket). */
const SUPPLY_GROWTH_PER_YEAR = 2.5;
const EXOGENOUS_DEMAND_HOURS = 500_000_000;
const EXOGENOUS_GROWTH_PER_YEAR = 2;

export const deepseekDebates2025: ScenarioDoc = {
  name: 'deepseek-debates-2025',
  description:
    'OpenAI, Google, Anthropic and DeepSeek from Sep 2024, after SemiAnalysis "DeepSeek Debates" (2025-01-31): frontier premiums, parity pricing, zero-margin MLA serving and the Jevons effect on GPU rentals. Facts cite their sources in src/engine/presets/deepseek-debates-2025.ts; the rest are labelled assumptions.',
  tags: ['preset', 'calibrated', 'deepseek'],
  startDate: '2024-09-01', // MODEL.md section 10: monthly from 2024-09
  periods: 40, // assumption: through Dec 2027, past the roadmaps' first o3-class successors
  periodMonths: 1,
  tiers: [
    // Assumption: thresholds on the ordinal capability index; GPT-4o (62) sits just above the first.
    { name: 'gpt4o-class', threshold: 60 },
    { name: 'o1-class', threshold: 75 },
    { name: 'o3-class', threshold: 88 },
  ],
  segments: [
    // All assumptions. Volumes in M tokens per month at the reference price; referencePrice is the
    // tier's first model's blended list price [cal]. beta / alpha is the log-price worth of one
    // capability point (0.04 / 1.5: ten points above the threshold are worth ~1.3x the price).
    // gpt4o-class: A(0) = 1e7 gives ~35T tokens and ~$0.25B of spend a month in Sep 2024, the order
    // of OpenAI's reported ~$3.7B 2024 revenue. Elasticity > 1 is the seed's Jevons claim, kept
    // modest because the quality-adjusted price index falls ~10x a year here.
    // Elasticities are the most uncertain inputs, so each is a uniform range (assumption) around
    // the central value used when tuning.
    { tier: 'gpt4o-class', baseVolume: 10_000_000, referencePrice: blend(2.5, 10), elasticity: { dist: 'uniform', min: 1.1, max: 1.3 }, growthPerYear: 1.2, alpha: 1.5, beta: 0.04 },
    // o1-class: reasoning use cases, ~3T tokens/month at o1-preview's price in Sep 2024.
    { tier: 'o1-class', baseVolume: 1_000_000, referencePrice: blend(15, 60), elasticity: { dist: 'uniform', min: 1.2, max: 1.4 }, growthPerYear: 1.5, alpha: 1.3, beta: 0.06 },
    // o3-class: nothing serves it before o3; latent demand of ~0.2T tokens/month at o3-like prices.
    { tier: 'o3-class', baseVolume: 200_000, referencePrice: blend(10, 40), elasticity: { dist: 'uniform', min: 1.3, max: 1.5 }, growthPerYear: 1.5, alpha: 1.2, beta: 0.08 },
  ],
  gpuTypes: [
    // tflops at FP8 (the serving precision here, bytesPerParam 1): ~1,979 dense FP8 [cal, nv].
    { name: 'H100', memoryGB: 80, bandwidthTBs: 3.35, tflops: 1979, tcoPerHour: HOPPER_TCO_PER_HOUR },
    // H800: as H100 with NVLink cut to 400 GB/s [cal]; the roofline does not model NVLink.
    { name: 'H800', memoryGB: 80, bandwidthTBs: 3.35, tflops: 1979, tcoPerHour: HOPPER_TCO_PER_HOUR },
    // H20: 96 GB, 4.0 TB/s, ~296 dense FP8 TFLOPS [cal, nv].
    { name: 'H20', memoryGB: 96, bandwidthTBs: 4.0, tflops: 296, tcoPerHour: HOPPER_TCO_PER_HOUR },
  ],
  technology: {
    // Assumption: the serving stack alone (batching, kernels, speculative decoding) makes existing
    // models ~1.5x cheaper a year; the rest of the seed's price falls come from new models.
    servingEfficiencyGainPerYear: 1.5,
    // Uncertain, so a distribution: mode ~4x a year [seed], bracketed by Epoch's ~2.8x [cal] and
    // Anthropic's CEO's "up to 10x" [seed].
    algorithmicEfficiencyGainPerYear: { dist: 'triangular', min: 2.8, mode: 4, max: 10 },
    avgContextTokens: 4000, // assumption: typical prompt + generated length of API traffic
    memUtil: 0.9, // assumption: 10% of HBM for activations and fragmentation
    bwUtil: 0.7, // assumption: achieved share of peak HBM bandwidth in decode
    mfu: 0.4, // assumption: achieved share of peak FLOPs when compute binds
    maxBatch: 256, // assumption: concurrent sequences per replica a scheduler keeps
    loadFactor: 0.6, // assumption: fleets are sized for a 60% average load over a day
  },
  gpuMarket: {
    rentalPrice: 2.0, // H100 "under $2/h by Oct 2024" [cal]; $2.0 for Sep 2024 (assumption)
    supplyHours: 820_000_000, // assumption: ~1.1M H100-equivalents x 730 h, set so u(0) ~ u*
    // Assumption: H100-equivalent capacity grows 2.5x a year (units roughly doubling, as NVIDIA's
    // data-center revenue did in 2024-25, plus Blackwell's per-GPU gain).
    supplyGrowthPerYear: SUPPLY_GROWTH_PER_YEAR,
    targetUtilization: 0.8, // assumption: rental price stable at 80% utilisation
    // Assumption: the rental price moves with about the square root of u / u* (0.3-0.7).
    priceElasticity: { dist: 'uniform', min: 0.3, max: 0.7 },
    // Assumption: everyone else's GPU demand (Meta, xAI, enterprises), ~60% of the hours at the
    // start; it grows 2x a year (monthly events below), a little slower than supply, leaving room
    // for the token market modelled here to grow into.
    exogenousDemandHours: EXOGENOUS_DEMAND_HOURS,
  },
  labs: [
    {
      name: 'OpenAI',
      // MODEL.md section 10: FRONTIER_PREMIUM. Assumption: o1's $26.25 list price [cal] is ~12x its
      // roofline cost; a premium halves 4 months after a follower; at least 1.3x cost.
      pricing: { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 12, halfLifeMonths: 4, floorMultiple: 1.3 },
      fleet: { H100: 100_000 }, // assumption: Azure capacity reserved for OpenAI, counted as owned
      servingShare: 0.4, // assumption: the rest trains and researches
      cloudBurst: true, // MODEL.md section 10: rents beyond its own fleet at the market price
      brand: 1.0, // assumption: ChatGPT's name gives OpenAI the largest API share in 2024
      cash: 10_000_000_000, // assumption: cash on hand in Sep 2024, before the Oct round (event below)
      fixedCostPerPeriod: 150_000_000, // assumption: staff and overheads ~$1.8B a year
      // Assumption: after o3, a model every 8 months, +4 points, ~3x compute per 10 points.
      roadmap: { cadenceMonths: 8, capabilityStep: 4, computeMultiplierPer10Points: 3 },
    },
    {
      name: 'Google',
      // MODEL.md section 10: parity with a deep discount. Assumption: 95% under the leader's
      // quality-adjusted price reproduces Gemini 2.0 Flash's $0.18 against GPT-4o's $4.38 [cal].
      pricing: { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0.95, qualityExponent: 1, minMultiple: 1.2 },
      fleet: { H100: 100_000 }, // assumption: TPUs serving Gemini, counted as H100-equivalents
      servingShare: 0.5, // assumption
      cloudBurst: false,
      brand: 0.3, // assumption: a smaller API share than OpenAI and Anthropic in 2024
      cash: 90_000_000_000, // assumption: Alphabet's cash pile; never binds
      fixedCostPerPeriod: 100_000_000, // assumption: the Gemini team's share of costs
      // Assumption: a Gemini generation every 6 months, +6 points.
      roadmap: { cadenceMonths: 6, capabilityStep: 6, computeMultiplierPer10Points: 3 },
    },
    {
      name: 'Anthropic',
      // Assumption: parity with a quality exponent of 4, so Claude 3.5 Sonnet (66) against GPT-4o
      // (62) is priced 4.38 x (66/62)^4 = 5.62, near its $6.00 list price [cal].
      pricing: { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0, qualityExponent: 4, minMultiple: 1.5 },
      fleet: { H100: 50_000 }, // assumption: AWS/GCP capacity for Anthropic, as H100-equivalents
      servingShare: 0.5, // assumption
      cloudBurst: false,
      brand: 0.6, // assumption: second in API share in 2024
      cash: 8_000_000_000, // assumption: order of the Amazon and Google investments by late 2024
      fixedCostPerPeriod: 50_000_000, // assumption
      // Assumption: a Claude generation every 8 months after 3.5 Sonnet, +10 points.
      roadmap: { cadenceMonths: 8, capabilityStep: 10, computeMultiplierPer10Points: 3 },
    },
    {
      name: 'DeepSeek',
      // MODEL.md section 10 and [seed]: R1 priced at about zero margin. Assumption: once its cash
      // runs out it charges cost plus 50%.
      pricing: { strategy: 'ZERO_MARGIN', subsidy: 0, then: { strategy: 'COST_PLUS', markup: 0.5 } },
      // ~50,000 Hopper GPUs of H800, H100 and H20 [seed]; the split is an assumption.
      fleet: { H800: 10_000, H100: 10_000, H20: 30_000 },
      // Shared with High-Flyer for trading, training and research [seed]; assumption: 30% serves.
      servingShare: 0.3,
      cloudBurst: false,
      brand: 0, // assumption: reference brand
      cash: 1_500_000_000, // assumption: High-Flyer's backing, order of its >$500M GPU spend [seed]
      fixedCostPerPeriod: DEEPSEEK_FIXED_PER_MONTH,
      // Assumption: after R1, a model every 6 months, +6 points.
      roadmap: { cadenceMonths: 6, capabilityStep: 6, computeMultiplierPer10Points: 3 },
    },
  ],
  models: [
    {
      name: 'gpt-4o',
      lab: 'OpenAI',
      releaseDate: '2024-05-13', // [cal]
      capability: 62, // assumption: just above the GPT-4o-class threshold
      // Assumption: a 400B-total, 60B-active MoE at FP8 on 8 H100; standard attention.
      serving: { activeParamsB: 60, totalParamsB: 400, bytesPerParam: 1, kvBytesPerToken: STANDARD_KV_BYTES, gpuType: 'H100', gpusPerReplica: 8 },
      trainingCost: 100_000_000, // assumption; sunk (released before the start)
      // $2.50 / $10.00 [cal], in force since the start of the scenario (assumption: since gpt-4o-2024-08-06).
      priceHistory: listPrice('2024-09-01', blend(2.5, 10)),
    },
    {
      name: 'o1-preview',
      lab: 'OpenAI',
      releaseDate: '2024-09-12', // [cal]
      retireDate: '2025-07-01', // assumption: withdrawn some months after o1
      capability: 76, // assumption: o1-class, below o1
      serving: { activeParamsB: 100, totalParamsB: 600, bytesPerParam: 1, kvBytesPerToken: STANDARD_KV_BYTES, gpuType: 'H100', gpusPerReplica: 16 }, // assumption
      trainingCost: 300_000_000, // assumption
      priceHistory: listPrice('2024-09-12', blend(15, 60)), // $15 / $60 [cal]
    },
    {
      name: 'o1',
      lab: 'OpenAI',
      releaseDate: '2024-12-17', // [cal]
      capability: 78, // assumption: o1-class; R1 "similar" [seed]
      serving: { activeParamsB: 100, totalParamsB: 600, bytesPerParam: 1, kvBytesPerToken: STANDARD_KV_BYTES, gpuType: 'H100', gpusPerReplica: 16 }, // assumption
      trainingCost: 500_000_000, // assumption
      priceHistory: listPrice('2024-12-17', blend(15, 60)), // $15 / $60 [cal]
    },
    {
      name: 'o3-mini',
      lab: 'OpenAI',
      releaseDate: '2025-01-31', // [cal]
      capability: 77, // assumption: o1-class at a fraction of o1's price
      // Assumption: a small model whose layout is unknown; cost given directly, ~4x under its price.
      serving: { costPerMTokens: 0.5, gpuType: 'H100' },
      trainingCost: 100_000_000, // assumption
      priceHistory: listPrice('2025-01-31', blend(1.1, 4.4)), // $1.10 / $4.40 [cal]
    },
    {
      name: 'o3',
      lab: 'OpenAI',
      // Assumption: o3 was announced in Dec 2024 and shown "well above" R1 and o1 [seed]; its
      // release date is not in the sources, so it ships in Apr 2025 here.
      releaseDate: '2025-04-16',
      capability: 90, // assumption: o3-class, "well above both" [seed]
      serving: { activeParamsB: 150, totalParamsB: 600, bytesPerParam: 1, kvBytesPerToken: STANDARD_KV_BYTES, gpuType: 'H100', gpusPerReplica: 16 }, // assumption
      trainingCost: 1_000_000_000, // assumption
    },
    {
      name: 'claude-3-5-sonnet',
      lab: 'Anthropic',
      releaseDate: '2024-06-20', // [cal]
      capability: 66, // assumption: above GPT-4o on most benchmarks
      serving: { activeParamsB: 100, totalParamsB: 300, bytesPerParam: 1, kvBytesPerToken: STANDARD_KV_BYTES, gpuType: 'H100', gpusPerReplica: 8 }, // assumption
      trainingCost: 50_000_000, // "tens of millions of USD" [seed]; sunk (released before the start)
      priceHistory: listPrice('2024-09-01', blend(3, 15)), // $3 / $15 [cal]
    },
    {
      name: 'gemini-2-0-flash',
      lab: 'Google',
      releaseDate: '2024-12-11', // [cal]
      capability: 63, // assumption: GPT-4o class
      // Assumption: served on TPUs whose layout is unknown; cost given, ~3x under its $0.18 price.
      serving: { costPerMTokens: 0.06, gpuType: 'H100' },
      trainingCost: 100_000_000, // assumption
      priceHistory: listPrice('2024-12-11', blend(0.1, 0.4)), // $0.10 / $0.40 [cal]
    },
    {
      name: 'gemini-2-0-flash-thinking',
      lab: 'Google',
      releaseDate: '2024-12-19', // [cal]; about R1's level, a month before it [seed]
      capability: 76, // assumption: at R1's level [seed], o1-class
      // Free while experimental [cal]: no list price, so the parity strategy prices it.
      serving: { costPerMTokens: 0.06, gpuType: 'H100' }, // assumption: Flash's cost, same base model
      trainingCost: 50_000_000, // assumption
    },
    {
      name: 'deepseek-v3',
      lab: 'DeepSeek',
      releaseDate: '2024-12-26', // [cal]
      capability: 65, // assumption: above GPT-4o [seed: V3 beats GPT-4o]
      openWeights: true, // [v3]
      // 671B total, 37B active [cal, v3]; FP8 weights [v3]; MLA KV [cal]; served on H800 [v3].
      // gpusPerReplica 16 is an assumption: the smallest FP8 replica with room for KV (the report's
      // 320-GPU expert-parallel decode unit is a layout the roofline does not model).
      serving: { activeParamsB: 37, totalParamsB: 671, bytesPerParam: 1, kvBytesPerToken: MLA_KV_BYTES, gpuType: 'H800', gpusPerReplica: 16 },
      // ~$6M of GPU time [seed], already inside the fleet's TCO that fleetCost charges, so 0 here
      // to avoid counting it twice (assumption).
      trainingCost: 0,
      priceHistory: listPrice('2024-12-26', blend(0.27, 1.1)), // $0.27 / $1.10 cache miss [cal]
    },
    {
      name: 'deepseek-r1',
      lab: 'DeepSeek',
      releaseDate: '2025-01-20', // [cal]
      capability: 77, // assumption: o1-class, "similar" to o1 [seed]
      openWeights: true, // [seed] open-weights lab
      // Same architecture as V3 (DeepSeek-R1 paper, arXiv 2501.12948: built on DeepSeek-V3-Base).
      // Assumption: served on the H20s, which the seed calls good for inference.
      serving: { activeParamsB: 37, totalParamsB: 671, bytesPerParam: 1, kvBytesPerToken: MLA_KV_BYTES, gpuType: 'H20', gpusPerReplica: 16 },
      trainingCost: 0, // assumption: RL compute inside the fleet's TCO, as for V3
      priceHistory: listPrice('2025-01-20', blend(0.55, 2.19)), // $0.55 / $2.19 cache miss [cal]
    },
  ],
  events: [
    // Assumption: OpenAI's Oct 2024 funding round of ~$6.6B (press); the amount is not in [cal].
    { date: '2024-10-02', add: { path: 'labs[OpenAI].cash', value: 6_600_000_000 } },
    // Assumption: other buyers' demand grows 2x a year, added monthly.
    ...geometricAdds('gpuMarket.exogenousDemandHours', EXOGENOUS_DEMAND_HOURS, EXOGENOUS_GROWTH_PER_YEAR, '2024-10-01', '2027-12-01', 1),
    // Assumption: the closed labs keep buying, doubling their fleets a year (order of NVIDIA's
    // data-center growth in 2024-25), purchases every 6 months from Mar 2025.
    ...fleetGrowth('OpenAI', 'H100', 100_000, 2, '2025-03-01', '2027-12-01'),
    ...fleetGrowth('Google', 'H100', 100_000, 2, '2025-03-01', '2027-12-01'),
    ...fleetGrowth('Anthropic', 'H100', 50_000, 2, '2025-03-01', '2027-12-01'),
    // Assumption: DeepSeek grows its H800-class serving fleet only 1.5x a year, export controls
    // limiting its purchases.
    ...fleetGrowth('DeepSeek', 'H800', 10_000, 1.5, '2025-03-01', '2027-12-01'),
  ],
};

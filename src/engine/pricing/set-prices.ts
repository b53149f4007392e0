import { createNashWorkspace, NASH_PRICE_CAP_MULTIPLE, solveNash, type NashWorkspace } from './nash-solver.js';
import { loadRule, ruleTableOf, RuleKind, type RuleTable } from './rule-table.js';
import { activeRule, boundPrice, frontierLeaderPrice, parityPrice } from './strategy-price.js';
import { PriceStage, type PricingContext, type PricingResult } from './types.js';

// Module-level copies: under tsx (the CLI) an imported binding is read through a getter on every
// access, which shows in the per-period loop's profile.
const NONE = PriceStage.None;
const HISTORY = PriceStage.History;
const COST_OR_LEADER = PriceStage.CostOrLeader;
const PARITY = PriceStage.Parity;
const NASH = PriceStage.Nash;
const COST_BASED = RuleKind.CostBased;
const FRONTIER_PREMIUM = RuleKind.FrontierPremium;
const NASH_RULE = RuleKind.Nash;
const ruleInForce = activeRule;
const load = loadRule;
const frontierLeader = frontierLeaderPrice;
const parity = parityPrice;
const bound = boundPrice;

/** Buffers `setPrices` reuses every period. */
export interface PricingWorkspace {
  /** USD per 1M tokens per model slot; NaN for unavailable models. */
  prices: Float64Array;
  /** `PriceStage` per model: which step of the fixed order set its price. */
  stage: Uint8Array;
  nash: NashWorkspace;
  /**
   * Whether the last setPrices call ran the NASH solver, whose last demand evaluation is at the
   * prices it set: `nash.demand` then holds computeDemand(input, out, false) at `prices` (and
   * `nash.plan` its eligible lists), so that `demandAtSolution` can complete it.
   */
  solved: boolean;
  /** Scratch: the PARITY models of the call, ascending. */
  parity: Int32Array;
  /** The result of every call without NASH models (its fields never change; `prices` is the buffer). */
  unsolved: PricingResult;
}

/** Allocates a workspace for up to the given numbers of models, segments and labs. */
export function createPricingWorkspace(maxModels: number, maxSegments: number, maxLabs: number): PricingWorkspace {
  const m = Math.max(1, maxModels);
  const prices = new Float64Array(m);
  return {
    prices,
    stage: new Uint8Array(m),
    nash: createNashWorkspace(m, maxSegments, maxLabs),
    solved: false,
    parity: new Int32Array(m),
    unsolved: { prices, nashConverged: 1, nashIterations: 0, nashResidual: 0 },
  };
}

/** Workspaces by size, for `sharedPricingWorkspace`; a handful of sizes at most per run. */
const sharedWorkspaces = new Map<string, PricingWorkspace>();
const SHARED_WORKSPACE_LIMIT = 32;

/**
 * A workspace of the given size shared by every caller asking for that size: for the period loop,
 * which uses one frame at a time (paths run one after another), so that each frame does not
 * allocate the NASH solver's O(M^2) buffers again. Never hold two at once for the same size.
 */
export function sharedPricingWorkspace(maxModels: number, maxSegments: number, maxLabs: number): PricingWorkspace {
  const key = `${maxModels}|${maxSegments}|${maxLabs}`;
  let ws = sharedWorkspaces.get(key);
  if (ws === undefined) {
    if (sharedWorkspaces.size >= SHARED_WORKSPACE_LIMIT) sharedWorkspaces.clear();
    sharedWorkspaces.set(key, (ws = createPricingWorkspace(maxModels, maxSegments, maxLabs)));
  }
  return ws;
}

/**
 * Every available model's price for one period (MODEL.md section 4), in the fixed order:
 * history; cost-based and leader prices; parity prices (reading the leader model's price of this
 * period, or of the last period when the leader is priced later, else pricing as a leader); then
 * the Bertrand-Nash equilibrium of all NASH models. Bounds: maxChangePerPeriod, then priceFloor.
 */
export function setPrices(ctx: PricingContext, ws?: PricingWorkspace): PricingResult {
  const w = ws ?? createPricingWorkspace(ctx.modelCount, ctx.segments.count, ctx.labCount);
  if (w.prices.length < ctx.modelCount || w.nash.logVolume.length < ctx.segments.count || w.nash.labStart.length <= ctx.labCount) {
    throw new RangeError('setPrices: the pricing workspace is smaller than the context (models, segments or labs)');
  }
  const { prices, stage, parity: parityModels } = w;
  const { tiers } = ctx;
  w.solved = false;
  // The rules in force: the frame's table (loaded once per frame), else one made for this call.
  const rules = ctx.rules ?? ruleTableOf(ctx.pricing, ctx.modelCount);
  const { kind, switching, floor, maxChange, multiple, leader } = rules;
  let nashCount = 0;
  let parityCount = 0;

  // History, cost-based and leader prices; parity and NASH models are marked for later.
  for (let j = 0; j < ctx.modelCount; j++) {
    stage[j] = NONE;
    if (ctx.available[j] !== 1) {
      prices[j] = NaN;
      continue;
    }
    const lab = ctx.lab[j];
    if (switching[j] === 1) {
      const resolved = ctx.pricing[j];
      const rule = ruleInForce(resolved.rule, ctx.periodStartMonth, ctx.cashExhausted[lab] === 1);
      // The row already holds this rule's numbers when it was loaded from the same objects.
      if (rule !== rules.loadedRule[j] || resolved !== rules.loadedFrom[j]) load(rules, j, rule, resolved);
    }

    const history = ctx.historyPrice[j];
    if (Number.isFinite(history)) {
      prices[j] = history < floor[j] ? floor[j] : history;
      stage[j] = HISTORY;
      continue;
    }
    const c = ctx.cost[j];
    const k = ctx.tier[j];
    const ruleKind = kind[j];
    let p: number;
    if (ruleKind === COST_BASED || k < 0) {
      // COST_PLUS, ZERO_MARGIN, and any rule below every tier: c x its multiple.
      p = c * multiple[j];
    } else if (ruleKind === NASH_RULE) {
      stage[j] = NASH;
      nashCount++;
      continue;
    } else if (tiers.leaderLab[k] === lab) {
      p = ruleKind === FRONTIER_PREMIUM ? frontierLeader(rules, j, c, tiers.monthsSinceFirstFollower[k], tiers.superseded[j] === 1) : c * leader[j];
    } else {
      stage[j] = PARITY;
      parityModels[parityCount++] = j;
      continue;
    }
    prices[j] = bound(p, ctx.prevPrice[j], maxChange[j], floor[j]);
    stage[j] = COST_OR_LEADER;
  }

  // Parity prices read only prices set above, or last period's, so their order does not matter.
  for (let i = 0; i < parityCount; i++) {
    const j = parityModels[i];
    const c = ctx.cost[j];
    const k = ctx.tier[j];
    const leaderModel = tiers.leaderModel[k];
    let leaderPrice = NaN;
    if (leaderModel >= 0) {
      const pricedEarlier =
        ctx.available[leaderModel] === 1 && (stage[leaderModel] === HISTORY || stage[leaderModel] === COST_OR_LEADER);
      leaderPrice = pricedEarlier ? prices[leaderModel] : ctx.prevPrice[leaderModel];
    }
    let p: number;
    if (Number.isFinite(leaderPrice)) {
      p = parity(rules, j, c, ctx.capability[j], leaderPrice, ctx.capability[leaderModel]);
    } else if (kind[j] === FRONTIER_PREMIUM) {
      p = frontierLeader(rules, j, c, tiers.monthsSinceFirstFollower[k], tiers.superseded[j] === 1);
    } else {
      p = c * leader[j];
    }
    prices[j] = bound(p, ctx.prevPrice[j], maxChange[j], floor[j]);
  }

  if (nashCount === 0) return w.unsolved;
  return priceNash(ctx, w, rules);
}

/** Bounds and starting points of the NASH models, then the joint solve (MODEL.md section 4, NASH). */
function priceNash(ctx: PricingContext, w: PricingWorkspace, rules: RuleTable): PricingResult {
  const problem = w.nash.problem;
  const seg = ctx.segments;
  let n = 0;
  let maxCost = 0;
  for (let j = 0; j < ctx.modelCount; j++) if (ctx.available[j] === 1 && ctx.cost[j] > maxCost) maxCost = ctx.cost[j];
  for (let j = 0; j < ctx.modelCount; j++) {
    if (w.stage[j] !== NASH) continue;
    const c = ctx.cost[j];
    const prev = ctx.prevPrice[j];
    const m = rules.maxChange[j];
    const fl = rules.floor[j];
    // The optimum is projected like any strategy's price: minMultiple, then maxChange, then the floor.
    let lo = c * rules.multiple[j];
    let hi: number;
    let hiIsCap = 0;
    if (Number.isFinite(prev) && Number.isFinite(m)) {
      lo = Math.min(Math.max(lo, prev * (1 - m)), prev * (1 + m));
      hi = prev * (1 + m);
    } else {
      hi = NASH_PRICE_CAP_MULTIPLE * Math.max(maxCost, fl);
      hiIsCap = 1;
    }
    lo = Math.max(lo, fl);
    hi = Math.max(hi, lo);

    let start = prev;
    const prevCost = ctx.prevCost === undefined ? NaN : ctx.prevCost[j];
    if (Number.isFinite(start) && prevCost > 0 && c > 0) start *= c / prevCost;
    if (!Number.isFinite(start)) {
      // Small-share logit markup alpha / (alpha - 1) in the model's own tier's segment.
      let alpha = 0;
      for (let k = 0; k < seg.count; k++) if (seg.tier[k] <= ctx.tier[j]) alpha = seg.alpha[k];
      start = c * (alpha > 1.05 ? Math.min(alpha / (alpha - 1), 20) : 2);
    }
    problem.model[n] = j;
    problem.lo[n] = lo;
    problem.hi[n] = hi;
    problem.hiIsCap[n] = hiIsCap;
    problem.start[n] = Math.min(hi, Math.max(lo, start > 0 ? start : lo));
    n++;
  }
  problem.count = n;
  const outcome = solveNash(ctx, problem, w.prices, w.nash);
  // n > 0: the solver evaluated demand, last at the prices it returned (nothing moves them below).
  w.solved = true;
  let finite = true;
  for (let a = 0; a < n; a++) if (!Number.isFinite(w.prices[problem.model[a]])) finite = false;
  return {
    prices: w.prices,
    nashConverged: outcome.converged && finite ? 1 : 0,
    nashIterations: outcome.iterations,
    nashResidual: outcome.residual,
  };
}

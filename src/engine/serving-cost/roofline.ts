/**
 * Serving cost by a roofline (MODEL.md section 2): how many GPU-hours one million tokens take on a
 * replica, and what that costs per period. Pure functions of the serving spec, GPU and technology.
 */
import type { GpuType, ServingOf, Technology } from '../scenario/types.js';

/** Field of a model (relative to the model) that makes its serving spec impossible. */
export type RooflineField =
  | 'serving.gpusPerReplica'
  | 'serving.totalParamsB'
  | 'serving.activeParamsB'
  | 'serving.kvBytesPerToken'
  | 'serving.bytesPerParam';

export type RooflineResult =
  | {
      ok: true;
      /** n: GPUs in one replica (given, or the smallest n with W_tot <= 0.8 n memory). */
      gpusPerReplica: number;
      /** B: concurrent sequences per replica. */
      batch: number;
      /** R: tokens per second per replica. */
      tokensPerSecond: number;
      /** h_j: raw GPU-hours per 1M tokens, before load factor and software gains. */
      rawGpuHoursPerMTokens: number;
      /** Which roof binds R; 'given' for a model priced by `costPerMTokens` (no roofline). */
      binding: 'bandwidth' | 'compute' | 'given';
      /** W_tot: resident weight bytes. */
      weightsBytes: number;
      /** K: bytes left for the KV cache on one replica. */
      kvBudgetBytes: number;
    }
  | { ok: false; field: RooflineField; message: string };

/**
 * Bytes per parameter when a spec leaves it out: 16-bit weights, the common serving precision
 * (MODEL.md is silent; see docs/model-notes.md).
 */
export const DEFAULT_BYTES_PER_PARAM = 2;

/** Share of a replica's memory the weights may fill when n is chosen automatically (section 2). */
const AUTO_FIT_SHARE = 0.8;

/**
 * The Technology fields the roofline reads: rooflines under technologies equal in these are equal
 * (prepare-scenario.ts keeps stated models' rooflines across paths by them; a spec checks the list).
 */
export const ROOFLINE_TECH_FIELDS = ['memUtil', 'avgContextTokens', 'maxBatch', 'bwUtil', 'mfu'] as const;

/**
 * Roofline of one model's serving spec on one GPU type (MODEL.md section 2). With `explain` false a
 * failure's message is left empty (formatting it costs more than the roofline; a Monte Carlo path
 * tries successors until one fails and needs only the verdict).
 */
export function roofline(serving: ServingOf<number>, gpu: GpuType, tech: Technology, explain = true): RooflineResult {
  if (serving.costPerMTokens !== undefined) {
    // A given cost bypasses the roofline; h_j is derived back in the model's first period.
    return {
      ok: true,
      gpusPerReplica: serving.gpusPerReplica ?? NaN,
      batch: NaN,
      tokensPerSecond: NaN,
      rawGpuHoursPerMTokens: NaN,
      binding: 'given',
      weightsBytes: NaN,
      kvBudgetBytes: NaN,
    };
  }
  const active = serving.activeParamsB;
  if (active === undefined || !(active > 0)) {
    return { ok: false, field: 'serving.activeParamsB', message: 'must be > 0 unless costPerMTokens is given' };
  }
  const bytesPerParam = serving.bytesPerParam ?? DEFAULT_BYTES_PER_PARAM;
  if (!(bytesPerParam > 0)) {
    return { ok: false, field: 'serving.bytesPerParam', message: 'must be > 0' };
  }
  const total = serving.totalParamsB ?? active;
  if (!(total > 0)) {
    return { ok: false, field: 'serving.totalParamsB', message: 'must be > 0' };
  }
  const kvPerToken = serving.kvBytesPerToken ?? 0;
  if (!(kvPerToken >= 0)) {
    return { ok: false, field: 'serving.kvBytesPerToken', message: 'must be >= 0' };
  }
  const activeParams = active * 1e9;
  const wAct = activeParams * bytesPerParam;
  const wTot = total * 1e9 * bytesPerParam;
  const memBytes = gpu.memoryGB * 1e9;

  let n: number;
  if (serving.gpusPerReplica !== undefined) {
    n = serving.gpusPerReplica;
    if (!(n >= 1)) return { ok: false, field: 'serving.gpusPerReplica', message: 'must be >= 1' };
  } else {
    n = smallestReplica(wTot, memBytes);
  }

  const kvBudget = n * memBytes * tech.memUtil - wTot;
  if (!(kvBudget > 0)) {
    const field: RooflineField = serving.gpusPerReplica !== undefined ? 'serving.gpusPerReplica' : 'serving.totalParamsB';
    const usable = (n * memBytes * tech.memUtil) / 1e9;
    return {
      ok: false,
      field,
      message: explain ? `model does not fit in its replica's memory: ${fmt(wTot / 1e9)} GB of weights, ${fmt(usable)} GB usable on ${n} x ${gpu.name}` : '',
    };
  }

  const context = tech.avgContextTokens;
  const kvPerSequence = context * kvPerToken;
  const fitBatch = kvPerSequence > 0 ? Math.floor(kvBudget / kvPerSequence) : Infinity;
  const batch = Math.min(tech.maxBatch, fitBatch);
  if (!(batch >= 1)) {
    return {
      ok: false,
      field: 'serving.kvBytesPerToken',
      message: explain ? `batch < 1: one sequence of ${context} tokens needs ${fmt(kvPerSequence / 1e9)} GB of KV cache, ${fmt(kvBudget / 1e9)} GB free on ${n} x ${gpu.name}` : '',
    };
  }

  const bandwidthRate = (batch * n * gpu.bandwidthTBs * 1e12 * tech.bwUtil) / (wAct + batch * kvPerSequence);
  const computeRate = (n * gpu.tflops * 1e12 * tech.mfu) / (2 * activeParams);
  const tokensPerSecond = Math.min(bandwidthRate, computeRate);
  if (!(tokensPerSecond > 0) || !Number.isFinite(tokensPerSecond)) {
    return { ok: false, field: 'serving.activeParamsB', message: 'the roofline gives no positive finite throughput' };
  }
  return {
    ok: true,
    gpusPerReplica: n,
    batch,
    tokensPerSecond,
    rawGpuHoursPerMTokens: (n * 1e6) / (3600 * tokensPerSecond),
    binding: bandwidthRate <= computeRate ? 'bandwidth' : 'compute',
    weightsBytes: wTot,
    kvBudgetBytes: kvBudget,
  };
}

/** Smallest n >= 1 with W_tot <= 0.8 * n * memory (MODEL.md section 2), robust to rounding. */
function smallestReplica(weightsBytes: number, memBytes: number): number {
  let n = Math.max(1, Math.ceil(weightsBytes / (AUTO_FIT_SHARE * memBytes)));
  while (weightsBytes > AUTO_FIT_SHARE * n * memBytes) n++;
  while (n > 1 && weightsBytes <= AUTO_FIT_SHARE * (n - 1) * memBytes) n--;
  return n;
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** S(t) = servingEfficiencyGainPerYear ^ years: software gains on every model (MODEL.md section 2). */
export function servingGain(servingEfficiencyGainPerYear: number, years: number): number {
  return Math.pow(servingEfficiencyGainPerYear, years);
}

/** e_j(t) = h_j / (loadFactor * S(t)): GPU-hours a fleet spends per 1M tokens (MODEL.md section 2). */
export function effectiveGpuHours(rawGpuHoursPerMTokens: number, loadFactor: number, gain: number): number {
  return rawGpuHoursPerMTokens / (loadFactor * gain);
}

/** c_j(t) = e_j(t) * hourCost: USD per 1M tokens (MODEL.md section 2). */
export function costPerMTokens(effectiveHours: number, hourCost: number): number {
  return effectiveHours * hourCost;
}

/**
 * h_j derived back from a given `costPerMTokens` in the model's first available period, with that
 * period's S and hour cost (MODEL.md section 2): h = cost * loadFactor * S / hourCost.
 */
export function rawHoursFromCost(cost: number, hourCost: number, loadFactor: number, gain: number): number {
  return (cost * loadFactor * gain) / hourCost;
}

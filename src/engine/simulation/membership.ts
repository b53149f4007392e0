/**
 * Which models a period has (MODEL.md section 2): released by the period, and available unless
 * retired. They change only in periods where a model is released or retired
 * (PreparedScenario.membershipChangesAt), so the period loop asks for them only then and keeps the
 * frame's list in between.
 */
import type { Frame, PathState } from './period-frame.js';

/**
 * Period t's released and available models into the frame, its releases' training costs into the
 * per-lab sums, and the available models in index order into availableModels (their count is
 * returned). An unavailable model's price and cost state is NaN: nothing reads it, and it stays so
 * while the models do.
 */
export function updateMembership(f: Frame, t: number, state: PathState): number {
  const p = f.p;
  const m = p.modelCount;
  // Locals: property loads inside a loop that stores to typed arrays are not hoisted for us.
  const { available, released, availableModels, globalModel, trainingCost } = f;
  const { releasePeriod, retirePeriod, lab } = p;
  const modelTrainingCost = p.trainingCost;
  const statePrevPrice = state.prevPrice;
  const statePrevCost = state.prevCost;
  let availableCount = 0;
  for (let j = 0; j < m; j++) {
    const release = releasePeriod[j]!;
    const isReleased = release <= t ? 1 : 0;
    const isAvailable = isReleased && t < retirePeriod[j]! ? 1 : 0;
    released[j] = isReleased;
    available[j] = isAvailable;
    if (release === t) trainingCost[lab[j]!] += modelTrainingCost[j]!;
    if (isAvailable) availableModels[availableCount++] = j;
    else {
      statePrevPrice[globalModel[j]!] = NaN;
      statePrevCost[globalModel[j]!] = NaN;
    }
  }
  return availableCount;
}

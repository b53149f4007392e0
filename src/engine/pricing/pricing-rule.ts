import type { Lab, Model, PricePoint, Scenario } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { DEFAULT_PRICE_FLOOR, type ResolvedPricing } from './types.js';

/**
 * The rule pricing a model and its bounds (MODEL.md section 4): `model.pricing ?? lab.pricing`;
 * `priceFloor` and `maxChangePerPeriod` from the model's pricing, else the lab's, else the
 * document's top level (floor default 1e-6; no maxChange gives NaN).
 */
export function resolvePricing(doc: Scenario, lab: Lab, model: Model): ResolvedPricing {
  const rule = model.pricing ?? lab.pricing;
  const priceFloor = model.pricing?.priceFloor ?? lab.pricing.priceFloor ?? doc.priceFloor ?? DEFAULT_PRICE_FLOOR;
  const maxChange =
    model.pricing?.maxChangePerPeriod ?? lab.pricing.maxChangePerPeriod ?? doc.maxChangePerPeriod ?? NaN;
  return { rule, priceFloor, maxChangePerPeriod: maxChange };
}

/**
 * The observed price overriding the strategy in the period starting at month `periodStartMonth`
 * (MODEL.md section 4): between the first entry's period and the last entry's, the latest entry
 * dated in or before the period; NaN outside that range. `periodMonths` sizes the period.
 */
export function historyPriceAt(
  history: ReadonlyArray<PricePoint<number>> | undefined,
  periodStartMonth: number,
  periodMonths: number,
): number {
  if (history === undefined || history.length === 0) return NaN;
  const periodEnd = periodStartMonth + periodMonths; // exclusive month index
  let firstMonth = Infinity;
  let lastMonth = -Infinity;
  let best: PricePoint<number> | undefined;
  for (const entry of history) {
    const month = monthIndex(entry.date);
    if (month < firstMonth) firstMonth = month;
    if (month > lastMonth) lastMonth = month;
    // "Latest entry dated in or before the period": same-date ties keep the later entry.
    if (month < periodEnd && (best === undefined || entry.date >= best.date)) best = entry;
  }
  // The period must lie between the first entry's period and the last entry's period.
  const firstPeriodStart = firstMonth - mod(firstMonth - periodStartMonth, periodMonths);
  const lastPeriodStart = lastMonth - mod(lastMonth - periodStartMonth, periodMonths);
  if (periodStartMonth < firstPeriodStart || periodStartMonth > lastPeriodStart || best === undefined) return NaN;
  return best.price;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * A lab's profit and loss for one period (MODEL.md section 7): operating profit, cash and runway.
 */

/** What one period of a lab's accounts reads; all USD per period except `cash` (USD, start of period). */
export interface LabPeriodInput {
  revenue: number;
  /** Whole owned fleet's hours x tcoPerHour + rented hours x rental price. */
  fleetCost: number;
  fixedCost: number;
  /** Training cost of the models released this period. */
  trainingCost: number;
  cash: number;
}

export interface LabPeriodResult {
  operatingProfit: number;
  /** End-of-period cash. */
  cash: number;
  /** 1000 while not burning cash; else cash / burn (at most 1000); 0 once cash <= 0. */
  runwayPeriods: number;
}

/** "Not burning cash": the runway reported while operating profit is >= 0 (MODEL.md section 7). */
export const RUNWAY_NOT_BURNING = 1000;

/** operatingProfit = revenue - fleetCost - fixedCost - trainingCost; cash += it; runway (MODEL.md section 7). */
export function labFinancials(input: LabPeriodInput): LabPeriodResult {
  const operatingProfit = input.revenue - input.fleetCost - input.fixedCost - input.trainingCost;
  const cash = input.cash + operatingProfit;
  let runwayPeriods: number;
  if (operatingProfit >= 0) runwayPeriods = RUNWAY_NOT_BURNING;
  else if (cash <= 0) runwayPeriods = 0;
  // A burn so small that the runway exceeds the "not burning" mark reads as not burning (and a
  // burn of a few ulps cannot give an infinite runway).
  else runwayPeriods = Math.min(RUNWAY_NOT_BURNING, cash / -operatingProfit);
  return { operatingProfit, cash, runwayPeriods };
}

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
  const operatingProfit = labOperatingProfit(input.revenue, input.fleetCost, input.fixedCost, input.trainingCost);
  const cash = input.cash + operatingProfit;
  return { operatingProfit, cash, runwayPeriods: runwayPeriods(operatingProfit, cash) };
}

/**
 * The parts of `labFinancials` as plain numbers, for the period loop (no input or result object per
 * lab and period): operatingProfit = revenue - fleetCost - fixedCost - trainingCost.
 */
export function labOperatingProfit(revenue: number, fleetCost: number, fixedCost: number, trainingCost: number): number {
  return revenue - fleetCost - fixedCost - trainingCost;
}

/** 1000 while not burning cash; else end-of-period cash / burn (at most 1000); 0 once cash <= 0. */
export function runwayPeriods(operatingProfit: number, cash: number): number {
  // A Number-typed local: the module constant is an untyped load that would box the result.
  const notBurning = +RUNWAY_NOT_BURNING;
  if (operatingProfit >= 0) return notBurning;
  if (cash <= 0) return 0;
  // A burn so small that the runway exceeds the "not burning" mark reads as not burning (and a
  // burn of a few ulps cannot give an infinite runway).
  return Math.min(notBurning, cash / -operatingProfit);
}

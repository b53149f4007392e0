import { describe, expect, it } from '@jest/globals';
import { labFinancials } from './lab-financials.js';

describe(labFinancials.name, () => {
  it('profit = revenue - fleet - fixed - training; cash accumulates; not burning -> 1000', () => {
    const sut = labFinancials({ revenue: 500, fleetCost: 200, fixedCost: 100, trainingCost: 0, cash: 1000 });
    expect(sut.operatingProfit).toBe(200);
    expect(sut.cash).toBe(1200);
    expect(sut.runwayPeriods).toBe(1000);
  });

  it('burning: runway = end cash / burn', () => {
    // 100 - 300 - 50 - 150 = -400; cash 2000 - 400 = 1600; 1600 / 400 = 4 periods.
    const sut = labFinancials({ revenue: 100, fleetCost: 300, fixedCost: 50, trainingCost: 150, cash: 2000 });
    expect(sut.operatingProfit).toBe(-400);
    expect(sut.cash).toBe(1600);
    expect(sut.runwayPeriods).toBe(4);
  });

  it('runway 0 once cash is gone', () => {
    expect(labFinancials({ revenue: 0, fleetCost: 10, fixedCost: 0, trainingCost: 0, cash: 5 }).runwayPeriods).toBe(0);
    expect(labFinancials({ revenue: 0, fleetCost: 10, fixedCost: 0, trainingCost: 0, cash: 10 }).runwayPeriods).toBe(0);
  });
});

describe('runway cap', () => {
  it('a negligible burn reads as not burning, never Infinity', () => {
    expect(labFinancials({ revenue: 0, fleetCost: 1e-300, fixedCost: 0, trainingCost: 0, cash: 1e10 }).runwayPeriods).toBe(1000);
  });
});

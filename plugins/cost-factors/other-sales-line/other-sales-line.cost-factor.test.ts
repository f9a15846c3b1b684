import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CostFactorTester, location, minimisedCost, order, planLine, rounded, rule, runScenario, scenario, stock } from 'opendom/testing';
import { otherSalesLineCostFactor } from './other-sales-line.cost-factor.js';

const lineFee = costFactor('line-fee', 'dom/other-sales-line', { cost: 1.5 });
const handling = costFactor('handling', 'dom/other-sales-order', { cost: 4 });
const partialLines = rule('partial', 'dom/partial-orders', { fulfillPartialLines: true });
const locations = [location('A', 30), location('B', 120)];

describe('dom/other-sales-line', () => {
  it('is paid by every (line, location) assignment: a split line pays it twice, whatever the units', async () => {
    // A and B each hold 2 of the 4 units asked: the line is split over both.
    const plan = await runScenario(
      scenario({ locations, inventory: [stock('V1', 'A', 2), stock('V1', 'B', 2)], rules: [partialLines], costFactors: [lineFee, handling], orders: [order('O1', [['V1', 4]])] }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2, B: 2 });
    expect(planLine(plan, 'O1-1').split).toBe(true);
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { 'line-fee': 1.5, handling: 4 }, B: { 'line-fee': 1.5, handling: 4 } });
    expect(rounded(plan.totals.costByFactor)).toEqual({ 'line-fee': 3, handling: 8 });
    // The model charged the fee per assignment too, not per unit.
    expect(minimisedCost(plan)).toBe(11);
  });

  it('is charged once for a line that may split but ships whole', async () => {
    const plan = await runScenario(
      scenario({ locations, inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)], rules: [partialLines], costFactors: [lineFee], orders: [order('O1', [['V1', 4]])] }),
    );
    expect(Object.values(assignmentsOf(plan, 'O1-1'))).toEqual([4]);
    expect(rounded(plan.totals.costByFactor)).toEqual({ 'line-fee': 1.5 });
    expect(minimisedCost(plan)).toBe(1.5);
  });

  it('keeps a line whole when splitting would pay the fee twice', async () => {
    // B alone can ship all 4; A is nearer but has 3. Splitting pays 2 × 1.5 against 1 × 1.5.
    const plan = await runScenario(
      scenario({ locations, inventory: [stock('V1', 'A', 3), stock('V1', 'B', 5)], rules: [partialLines], costFactors: [lineFee], orders: [order('O1', [['V1', 4]])] }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 4 });
    expect(minimisedCost(plan)).toBe(1.5);
  });

  it('refuses unknown options', async () => {
    const bad = costFactor('typo', 'dom/other-sales-line', { cost: 1, perUnit: true });
    await expect(runScenario(scenario({ locations, costFactors: [bad], orders: [order('O1', [['V1', 1]])] }))).rejects.toMatchObject({
      issues: [{ code: 'E_PLUGIN_OPTIONS', recordId: 'typo', field: 'options.perUnit', message: 'is not a known field' }],
    });
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1).
new CostFactorTester({ describe, it }).run(otherSalesLineCostFactor, [
  { name: 'the same cost for every line at every location, whatever its quantity', options: { cost: 1.25 }, expect: { assignments: [{ lineId: 'O1-1', locationId: 'A', distance: 10, cost: 1.25 }, { lineId: 'O1-1', locationId: 'D', distance: 100, cost: 1.25 }], units: [{ lineId: 'O1-1', locationId: 'A', distance: 10, cost: 0 }] } },
]);

import { describe, it, expect } from 'vitest';
import { scenario, location, stock, order, rule, runScenario, assignmentsOf } from '../fixtures/scenario.js';
describe('smoke', () => {
  it('runs', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 10), location('B', 100)],
      inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
      orders: [order('O1', [['V1', 2]])],
    }));
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
    expect(plan.totals.cost).toBeCloseTo(10, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { levelBounds, type LevelValues } from '../../core/plan/levels.js';
import type { SolveOutcome } from '../../index.js';
import { buildModel } from '../fixtures/linear-models.js';
import { location, order, rule, runScenario, scenario, stock } from 'opendom/testing';

/**
 * What a bound on the combined objective proves of each level. A model of
 * two one-unit lines (same price: each unfulfilled unit weighs 7/6), arcs
 * costing 10 and 30, no priorities: the largest cost is 40, so W_p = 41 and
 * W_f = 2 × (41 × 0 + 40 + 1) = 82 (build-linear-model.ts). The solution
 * ships line 1 only: F* = 7/6, P* = 0, C* = 10, O = 82 × 7/6 + 10.
 */
const model = buildModel(
  [{ name: 'x1', upper: 1, integer: true }, { name: 'x2', upper: 1, integer: true }],
  [],
  {
    levels: [
      { name: 'fulfilment', weight: 82, offset: 7 / 3, coefficients: { 0: -7 / 6, 1: -7 / 6 } },
      { name: 'priority', weight: 41, coefficients: {} },
      { name: 'cost', weight: 1, coefficients: { 0: 10, 1: 30 } },
    ],
    arcs: [{ col: 0, units: 1 }, { col: 1, units: 1 }],
  },
);
const values: LevelValues = { units: 2, unitsFulfilled: 1, priority: 0, cost: 10 };
const objective = 82 * (7 / 6) + 10;
const outcome = (bound: number | null): SolveOutcome => ({ status: 'optimal', arcQuantities: [1, 0], columnValues: [1, 0], objective, bound, gap: null, notes: [] });

describe('level bounds', () => {
  it('a proven optimum proves every level: 1 unit is the most, priority 0, cost 10', () => {
    expect(levelBounds(model, values, outcome(objective))).toEqual({ unitsFulfilled: 1, priority: 0, cost: 10 });
  });

  it('a gap of 5 on the combined objective is 5 on cost, and does not let a second unit in', () => {
    expect(levelBounds(model, values, outcome(objective - 5))).toEqual({ unitsFulfilled: 1, priority: 0, cost: 5 });
  });

  it('a gap wider than a unit proves nothing more about units; no bound, no levels proven', () => {
    expect(levelBounds(model, values, outcome(objective - 60))).toEqual({ unitsFulfilled: 2, priority: 0, cost: 0 });
    expect(levelBounds(model, values, outcome(null))).toBeNull();
  });

  it('in a plan: with an unfillable line, units are proven at their most and the cost gap is relative to the cost, not to the combined objective', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 10), location('B', 30)],
      inventory: [stock('V1', 'A', 2), stock('V2', 'B', 1)],
      rules: [rule('prio', 'dom/location-priority', { priority: 1 }, { scope: { locationIds: ['B'] } })],
      orders: [order('O1', [['V1', 2]]), order('O2', [['V2', 3]]), order('O3', [['V3', 1]])],
    }), { relativeGap: 0 });
    expect(plan.solver.units).toEqual({ fulfilled: 2, total: 6, bound: 2 });
    expect(plan.solver.cost.value).toBeCloseTo(10, 9);
    expect(plan.solver.cost.bound).toBeCloseTo(10, 6);
    expect(plan.solver.cost.gap).toBeLessThan(1e-6);
    expect(plan.solver.priority).toEqual({ value: expect.any(Number), bound: expect.any(Number) });
    expect(plan.solver.priority!.bound).toBe(plan.solver.priority!.value);
  });
});

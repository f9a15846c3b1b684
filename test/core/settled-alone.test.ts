import { beforeAll, describe, expect, it } from 'vitest';
import { buildLinearModel } from '../../core/model/build-linear-model.js';
import { columnValuesOf } from '../../core/model/column-values.js';
import { combinedObjective, type LinearModel } from '../../core/model/linear-model.js';
import type { FulfillmentProblem } from '../../core/model/problem.js';
import { arcsOfSettledAlone } from '../../core/model/settled-alone.js';
import type { SolverInstance } from '../../core/plugin-api/contracts.js';
import { highsSolver } from '../../plugins/solvers/highs/highs.solver.js';
import { fixtureProblem, randomFixture } from 'opendom/testing';

let highs: SolverInstance;
beforeAll(async () => {
  highs = await highsSolver.create({});
});

const solve = (problem: FulfillmentProblem, model: LinearModel) => highs.solve({ problem, model, timeLimitSeconds: 60, relativeGap: 0 });

describe('orders settled alone, before the model is built', () => {
  it('keep only the arcs of an order whose best plan takes stock nobody can run short of', () => {
    const problem = fixtureProblem({
      name: 'settle alone',
      locations: { A: {}, B: {} },
      stock: { 'V1@A': 9, 'V1@B': 9, 'V2@B': 1 },
      // O1 asks 1 of V1, which A and B hold 9 of: its best (A, cheaper) is settled, B dropped. O2 and O3 both want B's single V2.
      orders: [
        { id: 'O1', lines: [['V1', 1]], ship: { A: 5, B: 9 } },
        { id: 'O2', lines: [['V2', 1]], ship: { B: 5 } },
        { id: 'O3', lines: [['V2', 1]], ship: { B: 6 } },
      ],
    });
    const arcAt = (order: string, location: string) => problem.arcs.objects().findIndex((a) => problem.orders[problem.lines[a.line]!.order]!.order.id === order && problem.locations[a.location]!.location.id === location);
    const keep = arcsOfSettledAlone(problem)!;
    expect([arcAt('O1', 'A'), arcAt('O1', 'B'), arcAt('O2', 'B'), arcAt('O3', 'B')].map((a) => keep[a])).toEqual([1, 0, 1, 1]);
    const model = buildLinearModel(problem, { arcs: keep });
    expect(model.arcColumns[arcAt('O1', 'B')]).toBe(-1);
  });

  it('leave to the model an order whose best plan leaves a line unshipped: there the model weighs line value against cost', async () => {
    // One location at most: the dear line from X (shipping 50) or the cheap one from Y (shipping 1). Putting value first
    // ships the dear line; the model's small value share loses to the cost difference and ships the cheap one.
    const problem = fixtureProblem({
      name: 'value against cost',
      locations: { X: {}, Y: {} },
      stock: { 'V1@X': 9, 'V2@Y': 9 },
      orders: [{ id: 'O1', structure: { maxLocations: 1 }, lines: [['V1', 1, 100], ['V2', 1, 5]], ship: { X: 50, Y: 1 } }],
    });
    expect(arcsOfSettledAlone(problem)).toBeNull();
    const optimum = await solve(problem, buildLinearModel(problem));
    expect(optimum.arcQuantities).toEqual([0, 1]);
  });

  it('leave the optimum unchanged: the smaller model\'s optimal plan is optimal in the whole model (random problems)', async () => {
    let settled = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const problem = fixtureProblem(randomFixture(seed, 5, 5, 3));
      const whole = buildLinearModel(problem);
      const keep = arcsOfSettledAlone(problem);
      if (!keep) continue;
      settled++;
      const smaller = buildLinearModel(problem, { arcs: keep });
      const [best, restricted] = [await solve(problem, whole), await solve(problem, smaller)];
      expect(restricted.status, `seed ${seed}`).toBe('optimal');
      // The restricted plan, valued with the whole model's objective, is as good as the whole model's optimum.
      expect(combinedObjective(whole, columnValuesOf(whole, restricted.arcQuantities)), `seed ${seed}`).toBeCloseTo(best.objective!, 6);
    }
    expect(settled).toBeGreaterThan(20);
  });
});

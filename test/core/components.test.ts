import { beforeAll, describe, expect, it } from 'vitest';
import { buildLinearModel } from '../../core/model/build-linear-model.js';
import { columnValuesOf } from '../../core/model/column-values.js';
import { decompose } from '../../core/model/components.js';
import { withEveryLineShipped } from '../../core/model/every-line-shipped.js';
import { arcQuantitiesFromColumns, combinedObjective, type LinearModel } from '../../core/model/linear-model.js';
import type { FulfillmentProblem } from '../../core/model/problem.js';
import type { SolverInstance } from '../../core/plugin-api/contracts.js';
import { greedyPlan } from '../../core/solve/greedy.js';
import { highsSolver } from '../../plugins/solvers/highs/highs.solver.js';
import { fixtureProblem, randomFixture, SOLVER_FIXTURES } from 'opendom/testing';

let highs: SolverInstance;
beforeAll(async () => {
  highs = await highsSolver.create({});
});

const solve = (problem: FulfillmentProblem, model: LinearModel) => highs.solve({ problem, model, timeLimitSeconds: 60, relativeGap: 0 });
const objectiveOf = (model: LinearModel, quantities: ArrayLike<number>) => combinedObjective(model, columnValuesOf(model, quantities));

describe('column values of a plan', () => {
  it('are the inverse of arcQuantitiesFromColumns, with shipment and all-or-nothing columns following their arcs', async () => {
    for (const fixture of SOLVER_FIXTURES.filter((f) => f.optimum !== 'infeasible')) {
      const problem = fixtureProblem(fixture);
      const model = buildLinearModel(problem);
      const outcome = await solve(problem, model);
      const values = columnValuesOf(model, outcome.arcQuantities);
      expect(arcQuantitiesFromColumns(model, values), fixture.name).toEqual(outcome.arcQuantities);
      expect(combinedObjective(model, values), fixture.name).toBeCloseTo(outcome.objective!, 6);
    }
  });
});

describe('decomposition', () => {
  it('settles orders, prunes arcs and splits the rest without changing the optimum (random problems)', async () => {
    let settled = 0;
    let pruned = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const problem = fixtureProblem(randomFixture(seed, 6, 6, 3));
      const model = buildLinearModel(problem);
      const whole = await solve(problem, model);
      const parts = decompose(problem, model, { bundleColumns: 0 });
      settled += parts.settledOrders;
      pruned += parts.prunedArcs;
      const merged = Array.from(parts.settled);
      let objective = model.objectiveOffset + parts.settledObjective;
      for (const part of parts.components) {
        const outcome = await solve(problem, part.model);
        outcome.arcQuantities.forEach((q, arc) => (merged[arc]! += q));
        objective += outcome.objective! - part.model.objectiveOffset;
      }
      expect(objectiveOf(model, merged), `seed ${seed}`).toBeCloseTo(whole.objective!, 6);
      // The parts' objectives add up to the batch's: the same columns and coefficients.
      expect(objective, `seed ${seed}`).toBeCloseTo(whole.objective!, 6);
    }
    expect(settled).toBeGreaterThan(0);
    expect(pruned).toBeGreaterThan(0);
  });

  it('settles an order whose best plan takes stock nobody else can run short of', () => {
    const problem = fixtureProblem({
      name: 'settle',
      locations: { A: {}, B: {} },
      stock: { 'V1@A': 9, 'V2@B': 1 },
      // O1's best is A, deep in V1: settled. O2 and O3 both want B's single V2: a part of their own.
      orders: [
        { id: 'O1', lines: [['V1', 1]], ship: { A: 5, B: 9 } },
        { id: 'O2', lines: [['V2', 1]], ship: { B: 5 } },
        { id: 'O3', lines: [['V2', 1]], ship: { B: 6 } },
      ],
    });
    const parts = decompose(problem, buildLinearModel(problem));
    expect(parts.settledOrders).toBe(1);
    expect(Array.from(parts.settled)).toEqual([1, 0, 0]);
    expect(parts.components.map((c) => c.orders)).toEqual([[1, 2]]);
  });

  it('keeps the whole model when a row left without columns cannot hold (an infeasible custom row)', () => {
    const fixture = SOLVER_FIXTURES.find((f) => f.optimum === 'infeasible')!;
    const problem = fixtureProblem(fixture);
    const model = buildLinearModel(problem);
    expect(decompose(problem, model).components).toEqual([{ model, orders: [0] }]);
  });
});

describe('every line shipped', () => {
  it('gives the same optimum when the start ships every line, and is refused when it does not', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const problem = fixtureProblem(randomFixture(seed, 8, 6));
      for (const stock of problem.stock) stock.usable += 20; // every line can ship
      const model = buildLinearModel(problem);
      const start = greedyPlan(problem, { structure: 'order' }).arcQuantities;
      const tight = withEveryLineShipped(model, problem, start)!;
      expect(tight).not.toBeNull();
      const [original, reformulated] = [await solve(problem, model), await solve(problem, tight)];
      expect(objectiveOf(model, reformulated.arcQuantities)).toBeCloseTo(original.objective!, 6);
      expect(withEveryLineShipped(model, problem, start.map(() => 0))).toBeNull();
    }
  });
});

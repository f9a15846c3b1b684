import { describe, expect, it } from 'vitest';
import { validateAgainst, type FulfillmentProblem, type LinearModel, type SolveInput } from '../../../core/index.js';
import { buildLinearModel } from '../../../core/model/build-linear-model.js';
import { buildModel } from '../../../test/fixtures/linear-models.js';
import { fixtureProblem, randomFixture } from 'opendom/testing';
import { glpkSolver } from './glpk.solver.js';

/** The solver only reads the model. */
function input(model: LinearModel | null, timeLimitSeconds = 30): SolveInput {
  return { problem: {} as FulfillmentProblem, model, timeLimitSeconds, relativeGap: 0 };
}

describe('dom/glpk', () => {
  it('declares small batches, the largest it handles, and a default time limit', () => {
    expect(glpkSolver.meta).toMatchObject({ id: 'dom/glpk', kind: 'production', defaultBatchSize: 150, maxBatchLines: 300 });
    const options = {};
    expect(validateAgainst(glpkSolver.meta.optionsSchema, options)).toEqual([]);
    expect(options).toEqual({ timeLimitSeconds: 30 });
    expect(validateAgainst(glpkSolver.meta.optionsSchema, { timeLimitSeconds: 0 })).not.toEqual([]);
  });

  it('solves a tiny assignment MIP to its hand-computed optimum, summing repeated row entries', async () => {
    // L1 (3 units) and L2 (2 units) at A or B; A takes one line. (L1 A, L2 B) costs 5, the best.
    const model = buildModel(
      [
        { name: 'L1@A', upper: 1, integer: true },
        { name: 'L1@B', upper: 1, integer: true },
        { name: 'L2@A', upper: 1, integer: true },
        { name: 'L2@B', upper: 1, integer: true },
      ],
      [
        { name: 'L1 once', upper: 1, entries: [[0, 0.5], [1, 1], [0, 0.5]] },
        { name: 'L2 once', upper: 1, entries: [[2, 1], [3, 1]] },
        { name: 'A capacity', upper: 1, entries: [[0, 1], [2, 1]] },
      ],
      {
        levels: [
          { name: 'fulfilment', weight: 1000, offset: 5, coefficients: { 0: -3, 1: -3, 2: -2, 3: -2 } },
          { name: 'cost', weight: 1, coefficients: { 0: 1, 1: 5, 2: 1, 3: 4 } },
        ],
        arcs: [{ col: 0, units: 3 }, { col: 1, units: 3 }, { col: 2, units: 2 }, { col: 3, units: 2 }],
      },
    );
    const outcome = await (await glpkSolver.create({})).solve(input(model));
    expect(outcome).toMatchObject({ status: 'optimal', arcQuantities: [3, 0, 0, 2], notes: [] });
    expect(outcome.objective).toBeCloseTo(5, 9);
    expect(outcome.bound).toBeCloseTo(5, 9);
    expect(outcome.gap).toBeCloseTo(0, 9);
  });

  it('says infeasible for an infeasible model, and answers an empty model without GLPK', async () => {
    const solver = await glpkSolver.create({});
    const infeasible = buildModel([{ name: 'x', upper: 1, integer: true }], [{ name: 'need', lower: 2, entries: [[0, 1]] }], { arcs: [{ col: 0, units: 1 }] });
    expect(await solver.solve(input(infeasible))).toMatchObject({ status: 'infeasible', arcQuantities: [0], objective: null });
    const empty = buildModel([], [], { offset: 7 });
    expect(await solver.solve(input(empty))).toMatchObject({ status: 'optimal', objective: 7, bound: 7, gap: 0 });
  });

  it('stops at its own time limit when the run gives none, with the LP relaxation as the bound', async () => {
    // A model GLPK needs more than 10 s to prove optimal (it has no cuts in glpk.js).
    const problem = fixtureProblem(randomFixture(7, 20, 10));
    const model = buildLinearModel(problem);
    const started = performance.now();
    const outcome = await (await glpkSolver.create({ timeLimitSeconds: 0.05 })).solve({ problem, model, timeLimitSeconds: 0, relativeGap: 0 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(['feasible', 'no-solution']).toContain(outcome.status);
    expect(outcome.notes[0]).toMatch(/time limit of 0\.05 s/);
    if (outcome.status === 'feasible') expect(outcome.bound!).toBeLessThanOrEqual(outcome.objective!);
    else expect(outcome.arcQuantities.every((q) => q === 0)).toBe(true);
  });

  it('throws a clear error without a linear model', async () => {
    await expect((await glpkSolver.create({})).solve(input(null))).rejects.toThrow(/dom\/glpk.*input\.model is null/);
  });
});

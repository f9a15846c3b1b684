import { deepStrictEqual, ok } from 'node:assert/strict';
import semver from 'semver';
import { buildLinearModel } from '../core/model/build-linear-model.js';
import { columnValuesOf } from '../core/model/column-values.js';
import { decompose } from '../core/model/components.js';
import { combinedObjective, type LinearModel } from '../core/model/linear-model.js';
import type { FulfillmentProblem } from '../core/model/problem.js';
import { checkPlan } from '../core/plan/checker.js';
import { PLUGIN_API_VERSION, type SolveOutcome, type SolverInstance, type SolverPlugin } from '../core/plugin-api/contracts.js';
import { compileSchema, validateAgainst } from '../core/validation/ajv.js';
import { highsSolver } from '../plugins/solvers/highs/highs.solver.js';
import { arcQuantitiesOf, fixtureProblem, randomFixture, SOLVER_FIXTURES, type FixtureSpec } from './solver-fixtures.js';

type TestFunction = (name: string, body: () => void | Promise<void>) => void;

export interface SolverConformanceOptions {
  /** Options the solver is created with (checked against its schema first). */
  options?: Record<string, unknown>;
  /** Production solvers must reach this solver's objective on random problems (default dom/highs). */
  reference?: SolverPlugin<Record<string, unknown>>;
  /** Random problems compared with the reference (default 4). */
  randomProblems?: number;
  /** The test framework's `describe` and `it` (default: the globals). */
  describe?: TestFunction;
  it?: TestFunction;
}

const TIME_LIMIT_SECONDS = 60;

/**
 * The conformance suite every solver passes, built-in or a partner's
 * (Kysely-style: one suite, every implementation). It checks the metadata,
 * then solves shared problems with known optima — nothing to ship, ties,
 * capacity, priority tiers, scarce stock, all-or-nothing, one location,
 * partial lines, a rule's custom rows, an infeasible model — and checks
 * every plan with the plan checker. A production solver must reach each
 * optimum's objective, say "infeasible" when the model is, answer for one
 * independent part of a batch, accept a MIP start, and match the reference
 * solver on random problems. A simplified solver must give plans the
 * checker accepts under the structure it plans with (the default one).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeSolverConformance } from 'opendom';
 * describeSolverConformance(mySolver, { describe, it });
 * ```
 */
export function describeSolverConformance(plugin: SolverPlugin<Record<string, unknown>>, options: SolverConformanceOptions = {}): void {
  const globals = globalThis as { describe?: TestFunction; it?: TestFunction };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) throw new Error('describeSolverConformance needs describe and it: pass them in the options or enable your test framework globals');
  const production = plugin.meta.kind === 'production';
  let instance: Promise<SolverInstance> | undefined;
  const solver = () => (instance ??= createSolver(plugin, options.options ?? {}));
  const solve = async (problem: FulfillmentProblem, model: LinearModel | null, extra: { timeLimitSeconds?: number; start?: number[] } = {}) =>
    (await solver()).solve({ problem, model, timeLimitSeconds: extra.timeLimitSeconds ?? TIME_LIMIT_SECONDS, relativeGap: 0, ...(extra.start ? { start: extra.start } : {}) });

  describe(`${plugin.meta.id} conforms to the solver contract`, () => {
    it('declares valid metadata and options', () => checkMeta(plugin));

    for (const fixture of SOLVER_FIXTURES) {
      it(fixture.name, async () => {
        const problem = fixtureProblem(fixture);
        if (production) await checkProduction(fixture, problem, (model) => solve(problem, model));
        else checkSimplified(fixture, await solve(problem, null), problem);
      });
    }

    it('gives the same plan for the same problem', async () => {
      const problem = fixtureProblem(randomFixture(7));
      const model = production ? buildLinearModel(problem) : null;
      deepStrictEqual((await solve(problem, model)).arcQuantities, (await solve(problem, model)).arcQuantities);
    });

    it('stops at a tiny time limit with a consistent answer', async () => {
      const problem = fixtureProblem(randomFixture(11, 80, 8));
      const model = production ? buildLinearModel(problem) : null;
      const outcome = await solve(problem, model, { timeLimitSeconds: 0.001 });
      if (outcome.status === 'optimal' || outcome.status === 'feasible') {
        expectAccepted(problem, outcome, production);
      } else {
        ok(['no-solution', 'error'].includes(outcome.status), `status ${outcome.status} at a time limit`);
        ok(outcome.arcQuantities.every((q) => q === 0), 'no solution, yet units on arcs');
        ok(outcome.objective === null, 'no solution, yet an objective');
      }
    });

    if (!production) return;

    it('answers for one independent part of a batch: arcs without a column ship nothing', async () => {
      const problem = fixtureProblem(randomFixture(3, 5, 4, 3));
      const model = buildLinearModel(problem);
      const whole = await solve(problem, model);
      const parts = decompose(problem, model, { bundleColumns: 0 });
      ok(parts.components.length >= 2, `the problem should fall into parts, got ${parts.components.length}`);
      const merged = Array.from(parts.settled);
      for (const part of parts.components) {
        const outcome = await solve(problem, part.model);
        ok(outcome.status === 'optimal', `a part ended ${outcome.status}`);
        outcome.arcQuantities.forEach((q, arc) => {
          ok(part.model.arcColumns[arc]! >= 0 || q === 0, `arc ${arc} has no column in the part but ships ${q}`);
          merged[arc]! += q;
        });
      }
      expectAccepted(problem, { ...whole, arcQuantities: merged }, true);
      expectClose(objectiveOf(model, merged), whole.objective!, 'the parts together and the whole batch');
    });

    it('accepts a MIP start and still reaches the optimum', async () => {
      const fixture = SOLVER_FIXTURES.find((f) => f.name.startsWith('capacity-bound'))!;
      const problem = fixtureProblem(fixture);
      const model = buildLinearModel(problem);
      // Start from a feasible plan that is not optimal: O2 at A, O1 at B.
      const start = arcQuantitiesOf(problem, { 'O1-1': { B: 1 }, 'O2-1': { A: 1 } });
      const outcome = await solve(problem, model, { start });
      ok(outcome.status === 'optimal', `status ${outcome.status}`);
      expectClose(outcome.objective!, objectiveOf(model, arcQuantitiesOf(problem, fixture.optimum as Record<string, Record<string, number>>)), 'objective with a start');
    });

    const reference = options.reference ?? (highsSolver as SolverPlugin<Record<string, unknown>>);
    it(`reaches the objective of ${reference.meta.id} on random problems`, async () => {
      const referenceSolver = await createSolver(reference, {});
      for (let seed = 1; seed <= (options.randomProblems ?? 4); seed++) {
        const problem = fixtureProblem(randomFixture(100 + seed, 14, 5));
        const model = buildLinearModel(problem);
        const [mine, theirs] = [await solve(problem, model), await referenceSolver.solve({ problem, model, timeLimitSeconds: TIME_LIMIT_SECONDS, relativeGap: 0 })];
        ok(mine.status === 'optimal' && theirs.status === 'optimal', `statuses ${mine.status} and ${theirs.status} on seed ${100 + seed}`);
        expectAccepted(problem, mine, true);
        expectClose(mine.objective!, theirs.objective!, `objectives on seed ${100 + seed}`);
      }
    });
  });
}

async function createSolver(plugin: SolverPlugin<Record<string, unknown>>, options: Record<string, unknown>): Promise<SolverInstance> {
  const withDefaults = structuredClone(options);
  const errors = validateAgainst(plugin.meta.optionsSchema, withDefaults);
  ok(errors.length === 0, `options refused by ${plugin.meta.id}'s schema: ${JSON.stringify(errors)}`);
  return plugin.create(withDefaults);
}

function checkMeta(plugin: SolverPlugin<Record<string, unknown>>): void {
  const { meta } = plugin;
  ok(/^[a-z0-9-]+\/[a-z0-9-]+$/.test(meta.id), `id "${meta.id}" is not namespaced like acme/my-solver`);
  ok(semver.valid(meta.version), `version "${meta.version}" is not semver`);
  ok(semver.validRange(meta.compatibility) && semver.satisfies(PLUGIN_API_VERSION, meta.compatibility), `compatibility "${meta.compatibility}" does not accept plugin API ${PLUGIN_API_VERSION}`);
  ok(meta.kind === 'production' || meta.kind === 'simplified', `kind "${String(meta.kind)}"`);
  ok(Number.isInteger(meta.defaultBatchSize) && meta.defaultBatchSize > 0, `defaultBatchSize ${meta.defaultBatchSize}`);
  ok(meta.maxBatchLines === undefined || (Number.isInteger(meta.maxBatchLines) && meta.maxBatchLines >= meta.defaultBatchSize), `maxBatchLines ${meta.maxBatchLines} below defaultBatchSize`);
  compileSchema(meta.optionsSchema);
  deepStrictEqual(validateAgainst(meta.optionsSchema, {}), [], 'the options schema refuses its own defaults');
}

async function checkProduction(fixture: FixtureSpec, problem: FulfillmentProblem, solve: (model: LinearModel) => Promise<SolveOutcome>): Promise<void> {
  const model = buildLinearModel(problem);
  const outcome = await solve(model);
  if (fixture.optimum === 'infeasible') {
    ok(outcome.status === 'infeasible', `an infeasible model ended ${outcome.status}`);
    ok(outcome.arcQuantities.every((q) => q === 0), 'an infeasible model, yet units on arcs');
    return;
  }
  ok(outcome.status === 'optimal', `status ${outcome.status}: ${outcome.notes.join(' ')}`);
  expectAccepted(problem, outcome, true);
  const optimum = objectiveOf(model, arcQuantitiesOf(problem, fixture.optimum));
  expectClose(outcome.objective!, optimum, 'reported objective');
  expectClose(objectiveOf(model, outcome.arcQuantities), optimum, "the plan's objective");
  ok(outcome.bound !== null && outcome.bound <= outcome.objective! + 1e-6 * Math.max(1, Math.abs(outcome.objective!)), `bound ${outcome.bound} above the objective`);
  ok(outcome.gap !== null && outcome.gap <= 1e-6, `gap ${outcome.gap} at an optimum`);
}

function checkSimplified(fixture: FixtureSpec, outcome: SolveOutcome, problem: FulfillmentProblem): void {
  ok(outcome.status === 'optimal' || outcome.status === 'feasible', `status ${outcome.status} for ${fixture.name}`);
  expectAccepted(problem, outcome, false);
}

/** The plan checker accepts the plan: the order's own structure and custom rows for a production solver, the default structure otherwise. */
function expectAccepted(problem: FulfillmentProblem, outcome: SolveOutcome, production: boolean): void {
  const check = checkPlan(problem, outcome.arcQuantities, { structure: production ? 'order' : 'default', customRows: production });
  ok(check.ok, `the plan checker refused the plan: ${check.violations.map((v) => v.message).join('; ')}`);
}

function objectiveOf(model: LinearModel, arcQuantities: ArrayLike<number>): number {
  return combinedObjective(model, columnValuesOf(model, arcQuantities));
}

function expectClose(actual: number, expected: number, what: string): void {
  ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);
}

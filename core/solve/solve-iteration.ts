import { columnValuesOf } from '../model/column-values.js';
import { decompose, type Decomposition } from '../model/components.js';
import { withEveryLineShipped } from '../model/every-line-shipped.js';
import { combinedObjective, type LinearModel } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import { numbersOf } from '../model/typed-arrays.js';
import { checkPlan, type PlanCheckOptions } from '../plan/checker.js';
import type { ModelDecomposition, SolverFallback } from '../plan/plan.js';
import type { SolveInput, SolveOutcome, SolverInstance, SolverMeta, SolveStatus } from '../plugin-api/contracts.js';
import { greedyPlan } from './greedy.js';

/**
 * Solves one batch iteration with the chosen solver and makes sure what
 * comes back can be applied:
 *
 * - production solvers get the batch split by `decompose` (orders settled
 *   without a MIP, independent components each solved on its own) and a MIP
 *   start from the greedy planner — a part where that start ships every line
 *   gets `withEveryLineShipped`'s tighter form; the parts are merged and
 *   evaluated with the batch model;
 * - every answer goes through the plan checker; an answer that fails it,
 *   or a solver that errors or stops without a solution, is replaced by the
 *   greedy plan (honouring the orders' structure for a production run) when
 *   that plan passes the checker, else by shipping nothing — and the reason
 *   is returned for the run's log and the plan.
 *
 * The time limit holds for the whole iteration: each component gets what
 * the ones before it left.
 */

export interface IterationSolveInput {
  solver: SolverInstance;
  meta: SolverMeta;
  problem: FulfillmentProblem;
  /** The batch's linear model (production solvers), else null. */
  model: LinearModel | null;
  timeLimitSeconds: number;
  relativeGap: number;
}

export interface IterationSolve {
  outcome: SolveOutcome;
  fallback: SolverFallback | null;
  decomposition: ModelDecomposition | null;
  /** Warnings for the run's log. */
  warnings: string[];
}

export async function solveIteration(input: IterationSolveInput): Promise<IterationSolve> {
  return input.meta.kind === 'production' && input.model ? solveProduction(input, input.model) : solveSimplified(input);
}

async function solveSimplified(input: IterationSolveInput): Promise<IterationSolve> {
  const { problem } = input;
  const warnings = problem.customRows.length > 0 ? [`the simplified solver ${input.meta.id} ignores the rules' custom rows: ${[...new Set(problem.customRows.map((r) => `${r.name} (rule ${r.ruleId})`))].join(', ')}`] : [];
  const outcome = await solveSafely(input.solver, { problem, model: null, timeLimitSeconds: input.timeLimitSeconds, relativeGap: input.relativeGap });
  const checkOptions: PlanCheckOptions = { structure: 'default', customRows: false };
  const failure = failureOf(problem, outcome, checkOptions);
  if (!failure) return { outcome, fallback: null, decomposition: null, warnings };
  const greedy = greedyPlan(problem, { structure: 'default' }).arcQuantities;
  return { ...fallBack(problem, null, outcome, failure, greedy, checkOptions), decomposition: null, warnings };
}

async function solveProduction(input: IterationSolveInput, model: LinearModel): Promise<IterationSolve> {
  const { problem } = input;
  const deadline = input.timeLimitSeconds > 0 ? performance.now() + input.timeLimitSeconds * 1000 : Infinity;
  const parts = decompose(problem, model);
  const start = greedyStart(problem, parts);
  // Small components first: a large one then gets whatever time is left.
  const components = [...parts.components].sort((a, b) => a.model.numCols - b.model.numCols);
  const outcomes: SolveOutcome[] = [];
  for (const component of components) {
    const timeLimitSeconds = deadline === Infinity ? input.timeLimitSeconds : Math.max(0.001, (deadline - performance.now()) / 1000);
    const part = withEveryLineShipped(component.model, problem, start) ?? component.model;
    const outcome = await solveSafely(input.solver, { problem, model: part, timeLimitSeconds, relativeGap: input.relativeGap, start });
    outcomes.push(outcome);
    if (!hasPlan(outcome.status)) break;
  }
  const merged = mergeOutcomes(problem, model, parts, outcomes, components.length);
  const decomposition = summarise(parts);
  const checkOptions: PlanCheckOptions = { structure: 'order', customRows: true };
  const failure = failureOf(problem, merged, checkOptions);
  if (!failure) return { outcome: merged, fallback: null, decomposition, warnings: [] };
  return { ...fallBack(problem, model, merged, failure, start, checkOptions), decomposition, warnings: [] };
}

/**
 * The MIP start, and the plan to fall back on: the settled orders' units, and
 * the greedy plan of the orders left to the components given what the
 * settled ones take (the settled orders need no search: theirs is optimal).
 */
function greedyStart(problem: FulfillmentProblem, parts: Decomposition): number[] {
  const orders = parts.components.flatMap((c) => c.orders);
  const start = numbersOf(parts.settled);
  if (orders.length === 0) return start;
  const greedy = greedyPlan(problem, { structure: 'order', orders, taken: parts.settled }).arcQuantities;
  for (let arc = 0; arc < start.length; arc++) start[arc]! += greedy[arc]!;
  return start;
}

/** A solver that throws yields an `error` outcome. */
async function solveSafely(solver: SolverInstance, input: SolveInput): Promise<SolveOutcome> {
  try {
    return await solver.solve(input);
  } catch (error) {
    return { status: 'error', arcQuantities: nothingShipped(input.problem), objective: null, bound: null, gap: null, notes: [`solver failed: ${(error as Error).message}`] };
  }
}

function hasPlan(status: SolveStatus): boolean {
  return status === 'optimal' || status === 'feasible';
}

/** Why the outcome cannot be applied, or null when it can. */
function failureOf(problem: FulfillmentProblem, outcome: SolveOutcome, options: PlanCheckOptions): string | null {
  if (!hasPlan(outcome.status)) return `the solver ended with status ${outcome.status}${outcome.notes.length > 0 ? ` (${outcome.notes.join(' ')})` : ''}`;
  const check = checkPlan(problem, outcome.arcQuantities, options);
  if (check.ok) return null;
  const shown = check.violations.slice(0, 3).map((v) => v.message).join('; ');
  const more = check.violations.length > 3 ? ` and ${check.violations.length - 3} more` : '';
  return `the plan checker refused the solver's plan: ${shown}${more}`;
}

/** The greedy plan when it passes the checker, else nothing; the solver's status and notes are kept. */
function fallBack(
  problem: FulfillmentProblem,
  model: LinearModel | null,
  failed: SolveOutcome,
  reason: string,
  greedy: number[],
  options: PlanCheckOptions,
): Pick<IterationSolve, 'outcome' | 'fallback'> {
  const usable = checkPlan(problem, greedy, options).ok;
  const arcQuantities = usable ? greedy : nothingShipped(problem);
  const columnValues = model ? columnValuesOf(model, arcQuantities) : undefined;
  const status: SolveStatus = hasPlan(failed.status) ? 'error' : failed.status;
  return {
    outcome: {
      status,
      arcQuantities,
      ...(columnValues ? { columnValues } : {}),
      objective: model && columnValues ? combinedObjective(model, columnValues) : null,
      bound: null,
      gap: null,
      notes: failed.notes,
    },
    fallback: { reason, used: usable ? 'greedy' : 'nothing' },
  };
}

/**
 * One outcome for the batch: settled units plus each component's; objective and levels
 * from the batch model; the bound is the objective less what the components left open.
 */
function mergeOutcomes(problem: FulfillmentProblem, model: LinearModel, parts: Decomposition, outcomes: SolveOutcome[], expected: number): SolveOutcome {
  const arcQuantities = numbersOf(parts.settled);
  for (const outcome of outcomes) outcome.arcQuantities.forEach((q, arc) => (arcQuantities[arc]! += q));
  const notes = outcomes.flatMap((o, i) => o.notes.map((note) => (expected > 1 ? `component ${i + 1} of ${expected}: ${note}` : note)));
  const failed = outcomes.find((o) => !hasPlan(o.status));
  if (failed) return { ...failed, arcQuantities: nothingShipped(problem), notes };
  const columnValues = columnValuesOf(model, arcQuantities);
  const objective = combinedObjective(model, columnValues);
  let open: number | null = 0;
  for (const o of outcomes) open = open === null || o.bound === null || o.objective === null ? null : open + (o.objective - o.bound);
  const bound = open === null ? null : objective - open;
  return {
    status: outcomes.every((o) => o.status === 'optimal') ? 'optimal' : 'feasible',
    arcQuantities,
    columnValues,
    objective,
    bound,
    gap: bound === null ? null : Math.abs(objective - bound) / Math.max(1, Math.abs(objective)),
    notes,
  };
}

function summarise(parts: Decomposition): ModelDecomposition {
  const models = parts.components.map((c) => c.model);
  return {
    settledOrders: parts.settledOrders,
    prunedArcs: parts.prunedArcs,
    components: models.length,
    columns: models.reduce((sum, m) => sum + m.numCols, 0),
    rows: models.reduce((sum, m) => sum + m.rows.lower.length, 0),
    nonZeros: models.reduce((sum, m) => sum + m.rows.indices.length, 0),
    largestColumns: models.reduce((most, m) => Math.max(most, m.numCols), 0),
  };
}

/** Arc quantities of a plan that ships nothing. */
function nothingShipped(problem: FulfillmentProblem): number[] {
  return new Array<number>(problem.arcs.length).fill(0);
}

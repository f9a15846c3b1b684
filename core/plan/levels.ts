import { levelValue, type LinearModel } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { SolveOutcome } from '../plugin-api/contracts.js';

/** Each level of the objective at a solution, as an operator reads it. */
export interface LevelValues {
  /** Units of the iteration's lines, and how many the solution fulfils. */
  units: number;
  unitsFulfilled: number;
  /** The priority penalty (0 without priorities) and the cost the solver minimised. */
  priority: number;
  cost: number;
}

/**
 * What the solver's bound on the combined objective proves of each level
 * (docs/solvers.md, "Reading the solver's result"): the most units any plan
 * could fulfil; the least priority penalty among plans that fulfil as much,
 * as valuably; the least cost among plans that also rank as well on
 * priority.
 */
export interface LevelBounds {
  unitsFulfilled: number;
  priority: number;
  cost: number;
}

/** The levels of one solved iteration (production solvers: read from its model), or null without a model. */
export function levelValues(problem: FulfillmentProblem, model: LinearModel | null, outcome: SolveOutcome): LevelValues | null {
  if (!model || !outcome.columnValues) return null;
  const value = (name: string) => levelValue(model.levels.find((l) => l.name === name)!, outcome.columnValues!);
  const units = problem.lines.reduce((sum, l) => sum + l.line.quantity, 0);
  const unitsFulfilled = outcome.arcQuantities.reduce((sum, q) => sum + q, 0);
  return { units, unitsFulfilled, priority: value('priority'), cost: value('cost') };
}

/**
 * The level bounds an outcome's bound proves, or null without one. With
 * weights W_f (fulfilment), W_p (priority) and 1 (cost), where W_p exceeds
 * the largest cost and W_f twice the largest priority and cost together
 * (`build-linear-model.ts`), the combined objective O = W_f·F + W_p·P + C
 * and a lower bound B on it over every plan: with A = O − B,
 * - units: each unfulfilled unit weighs 1 to 1.5 in F, so a plan fulfilling
 *   more units than the bound allows would have O below B;
 * - priority: a plan with the same F has W_p·P + C ≥ W_p·P* + C* − A, and
 *   P is whole, so P ≥ ⌈P* − (A + largest cost − C*) / W_p⌉;
 * - cost: a plan with the same F and P has C ≥ C* − A.
 */
export function levelBounds(model: LinearModel, values: LevelValues, outcome: SolveOutcome): LevelBounds | null {
  if (outcome.objective === null || outcome.bound === null) return null;
  const fulfilment = model.levels.find((l) => l.name === 'fulfilment')!;
  const priorityWeight = model.levels.find((l) => l.name === 'priority')!.weight;
  const gap = Math.max(0, outcome.objective - outcome.bound);
  const largestCost = priorityWeight - 1;
  const largestBelowFulfilment = fulfilment.weight / 2 - 1;
  const unfulfilled = values.units - values.unitsFulfilled;
  // F* less the whole unfulfilled units (the value shares, below one half), and how far below F* any plan's F may lie.
  const share = levelValue(fulfilment, outcome.columnValues!) - unfulfilled;
  const slack = (gap + largestBelowFulfilment - (priorityWeight * values.priority + values.cost)) / fulfilment.weight;
  const fewestUnfulfilled = Math.max(0, unfulfilled + Math.floor(share - slack - 0.5) + 1);
  return {
    unitsFulfilled: values.units - fewestUnfulfilled,
    priority: Math.max(0, Math.ceil(values.priority - (gap + largestCost - values.cost) / priorityWeight - 1e-9)),
    cost: Math.max(0, values.cost - gap),
  };
}

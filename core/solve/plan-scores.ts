import { OrderSearch, type PlanScores } from '../model/order-search.js';
import type { FulfillmentProblem } from '../model/problem.js';

/**
 * The run's lexicographic objective (docs/spec.md §3.5) as score vectors, for
 * solvers that work on the problem rather than the linear model:
 *
 *   [−units, −value, shipments, Σ tiers, cost]
 *
 * Fulfil as many units as possible, the more valuable lines first; then
 * respect location priority as the linear model does (fewest shipments,
 * then the best tiers — a location without a tier counts as 11, after
 * tier 10); then the lowest cost. The priority entries are 0 when no arc has
 * a tier. An arc stands for its line's whole quantity.
 */
export const SCORE_DIMS = 5;

/** Tier of a location without a priority: after priority 10 (docs/spec.md §4.2). */
const UNPRIORITISED_TIER = 11;

export function lexicographicScores(problem: FulfillmentProblem): PlanScores {
  const arc = new Float64Array(problem.arcs.length * SCORE_DIMS);
  const shipment = new Float64Array(problem.shipments.length * SCORE_DIMS);
  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const line = problem.lines[arcs.line[a]!]!.line;
    const at = a * SCORE_DIMS;
    arc[at] = -line.quantity;
    arc[at + 1] = -line.quantity * line.unitPrice;
    arc[at + 4] = arcs.assignmentCost[a]! + arcs.unitCost[a]! * line.quantity;
  }
  const { shipments } = problem;
  for (let s = 0; s < shipments.length; s++) {
    const at = s * SCORE_DIMS;
    // An earlier iteration's shipment is already paid and counted.
    if (problem.hasPriorities && !shipments.existing[s]) {
      shipment[at + 2] = 1;
      shipment[at + 3] = problem.arcs.priorityTier(shipments.arcsOf(s)[0]!) ?? UNPRIORITISED_TIER;
    }
    shipment[at + 4] = shipments.cost[s]!;
  }
  // Every arc of a line scores the same units and value; shipments score neither.
  return { dims: SCORE_DIMS, sameWithinLine: 2, arc, shipment };
}

const searches = new WeakMap<FulfillmentProblem, { scores: PlanScores; search: OrderSearch }>();

/**
 * The problem's lexicographic scores and an order search over them, made
 * once per problem: finding the orders settled alone and the greedy planner
 * (the MIP start, the simplified solver) share each line's sorted candidates.
 */
export function lexicographicSearch(problem: FulfillmentProblem): { scores: PlanScores; search: OrderSearch } {
  let made = searches.get(problem);
  if (!made) {
    const scores = lexicographicScores(problem);
    searches.set(problem, (made = { scores, search: new OrderSearch(problem, scores) }));
  }
  return made;
}

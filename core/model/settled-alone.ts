import { lexicographicSearch } from '../solve/plan-scores.js';
import { scoreLess } from './order-search.js';
import type { FulfillmentProblem } from './problem.js';

/**
 * The arcs the linear model needs, found on the problem before any model is
 * built: every arc of an order, but for an order settled alone only the
 * arcs of its own best plan.
 *
 * An order is settled alone when its best plan on its own (exactly, by
 * `OrderSearch` with the run's lexicographic objective, the one the model's
 * weights encode) takes only stock no other order can run short of — the
 * candidates of the stock entry together ask no more than is usable — at
 * locations whose order capacity the candidates together cannot exceed:
 * nothing another order does can improve it, and it takes nothing another
 * order needs, so some optimal plan ships it that way (the decomposition's
 * argument, docs/solvers.md). Its other candidates would only make the
 * model larger: on a large batch with ample stock nearly every order
 * settles, and the model shrinks from every candidate to about one column
 * per line.
 *
 * Orders the argument does not cover keep every arc: a best plan that
 * leaves a line unshipped (the model and the search weigh line value
 * differently), partial lines, a shipment an earlier iteration made (the
 * priority level counts it differently) or that pays back, an order a
 * rule's custom row names, and a search cut short. Returns null when no
 * order settles.
 */
export function arcsOfSettledAlone(problem: FulfillmentProblem): Uint8Array | null {
  const safe = uncontestedArcs(problem);
  const excluded = ordersInCustomRows(problem);
  // The search treats an unopened shipment as free: a shipment that pays back is the MIP's to weigh.
  const { shipments } = problem;
  for (let s = 0; s < shipments.length; s++) if (shipments.existing[s] || shipments.cost[s]! < 0) excluded[shipments.order[s]!] = 1;
  const { search } = lexicographicSearch(problem);
  const keep = new Uint8Array(problem.arcs.length).fill(1);
  let settled = 0;
  for (const order of problem.orders) {
    if (excluded[order.index] || order.structure.partialLines || order.usedLocations > 0) continue;
    const structure = { maxShipments: order.structure.maxLocations, allOrNothing: order.structure.allOrNothing };
    const best = search.best(order.index, structure);
    // Only a plan that ships every line: between plans that ship the same units the model weighs
    // line value against priority and cost (docs/spec.md §3.5), the search puts value first.
    if (!best.exact || best.arcs.length < order.lines.length) continue;
    // Mostly the best plan is safe already; else a safe plan as good as it settles the order too.
    const alone = best.arcs.every((arc) => safe[arc]) ? best : search.best(order.index, { ...structure, allowed: safe });
    if (!alone.exact || scoreLess(best.score, alone.score, alone.score.length)) continue;
    for (const line of order.lines) for (const arc of problem.lines[line]!.arcs) keep[arc] = 0;
    for (const arc of alone.arcs) keep[arc] = 1;
    settled++;
  }
  return settled === 0 ? null : keep;
}

/** Arcs at stock whose candidates together fit it, from locations whose order capacity the candidate orders cannot exceed. */
function uncontestedArcs(problem: FulfillmentProblem): Uint8Array {
  const asked = new Float64Array(problem.stock.length);
  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const line = problem.lines[arcs.line[a]!]!;
    const quantity = line.line.quantity;
    const stock = arcs.stock[a]!;
    asked[stock]! += problem.orders[line.order]!.structure.partialLines ? Math.min(quantity, problem.stock[stock]!.usable) : quantity;
  }
  const ordersAt = problem.locations.map(() => new Set<number>());
  const { shipments } = problem;
  for (let s = 0; s < shipments.length; s++) if (!shipments.existing[s]) ordersAt[shipments.location[s]!]!.add(shipments.order[s]!);
  const fullLocation = problem.locations.map((l) => l.orderCapacity !== null && ordersAt[l.index]!.size > l.orderCapacity);
  const safe = new Uint8Array(arcs.length);
  for (let a = 0; a < arcs.length; a++) {
    const stock = arcs.stock[a]!;
    if (asked[stock]! <= problem.stock[stock]!.usable && !fullLocation[arcs.location[a]!]) safe[a] = 1;
  }
  return safe;
}

/** Orders a rule's custom row names (through an arc or a shipment): the search cannot see those rows. */
function ordersInCustomRows(problem: FulfillmentProblem): Uint8Array {
  const named = new Uint8Array(problem.orders.length);
  for (const row of problem.customRows) {
    for (const term of row.terms) {
      const order = 'arc' in term ? problem.lines[problem.arcs.line[term.arc]!]!.order : problem.shipments.order[term.shipment]!;
      named[order] = 1;
    }
  }
  return named;
}

import type { Arc, CostTerm, FulfillmentProblem, Removal } from '../model/problem.js';
import { sumCosts } from '../model/problem.js';
import { humanNumber } from './human-number.js';
import type { CandidateCost, LineExplanation, PlanAssignment } from './plan.js';

/** How many losing candidates an explanation lists. */
const ALTERNATIVES_SHOWN = 3;

/** A solved problem: units on each arc, with lookups computed once for all its explanations. */
export class SolvedProblem {
  /** Removals of each line. */
  readonly removalsByLine: Removal[][];
  /** Units taken from each stock entry. */
  readonly usedAtStock: number[];
  /** Orders each location ships in the solution. */
  readonly ordersAtLocation: number[];

  constructor(
    readonly problem: FulfillmentProblem,
    readonly arcQuantities: number[],
  ) {
    this.removalsByLine = problem.lines.map(() => []);
    for (const removal of problem.removals) this.removalsByLine[removal.line]!.push(removal);
    this.usedAtStock = problem.stock.map(() => 0);
    for (let a = 0; a < problem.arcs.length; a++) this.usedAtStock[problem.arcs.stock[a]!]! += arcQuantities[a]!;
    const orders = problem.locations.map(() => new Set<number>());
    const { arcs, shipments } = problem;
    for (let a = 0; a < arcs.length; a++) {
      if (arcQuantities[a]! > 0) orders[arcs.location[a]!]!.add(shipments.order[arcs.shipment[a]!]!);
    }
    this.ordersAtLocation = orders.map((set) => set.size);
  }
}

/** Cost of an arc if the line took its whole quantity there alone: its shipment, assignment and unit costs. */
export function standaloneCost(problem: FulfillmentProblem, arc: Arc): { cost: number; breakdown: CostTerm[] } {
  const quantity = problem.lines[arc.line]!.line.quantity;
  const breakdown = mergeTerms([
    ...problem.shipments.costs(arc.shipment),
    ...arc.assignmentCosts,
    ...arc.unitCosts.map((t) => ({ factorId: t.factorId, amount: t.amount * quantity })),
  ]);
  return { cost: sumCosts(breakdown), breakdown };
}

/**
 * `standaloneCost(problem, arc).cost` without making its breakdown: the same
 * sum in the same order when each cost factor appears once among the arc's
 * terms (as almost always), else computed through the breakdown.
 */
function standaloneCostValue(problem: FulfillmentProblem, a: number): number {
  const { arcs, shipments } = problem;
  const shipment = arcs.shipment[a]!;
  const termCount = shipments.termCount(shipment) + arcs.termCount(a);
  if (termCount > 1 && new Set([...shipments.termFactors(shipment), ...arcs.termFactors(a)]).size < termCount) return standaloneCost(problem, arcs.at(a)).cost;
  return arcs.addCostsTo(shipments.addCostsTo(0, shipment), a, problem.lines[arcs.line[a]!]!.line.quantity);
}

/** The assignments of a line with each one's share of cost, exact (a shipment's cost is shared in proportion to units). */
export function assignmentsOf(solved: SolvedProblem, lineIndex: number): PlanAssignment[] {
  const { problem, arcQuantities } = solved;
  return problem.lines[lineIndex]!.arcs
    .filter((a) => arcQuantities[a]! > 0)
    .map((a) => {
      const arc = problem.arcs.at(a);
      const quantity = arcQuantities[a]!;
      const shipmentUnits = problem.shipments.arcsOf(arc.shipment).reduce((sum, s) => sum + arcQuantities[s]!, 0);
      const share = quantity / shipmentUnits;
      const breakdown = mergeTerms([
        ...problem.shipments.costs(arc.shipment).map((t) => ({ factorId: t.factorId, amount: t.amount * share })),
        ...arc.assignmentCosts,
        ...arc.unitCosts.map((t) => ({ factorId: t.factorId, amount: t.amount * quantity })),
      ]);
      return {
        locationId: problem.locations[arc.location]!.location.id,
        quantity,
        distance: round(arc.distance),
        cost: sumCosts(breakdown),
        costBreakdown: breakdown,
        priorityTier: arc.priorityTier,
      };
    });
}

/** Why a line went where it went (or nowhere), and why the best other candidates lost. */
export function explainLine(solved: SolvedProblem, lineIndex: number, unit: string): LineExplanation {
  const { problem, arcQuantities } = solved;
  const line = problem.lines[lineIndex]!;
  const order = problem.orders[line.order]!;
  const removed = solved.removalsByLine[lineIndex]!.map((r) => ({ locationId: r.locationId, ruleId: r.reason.ruleId, pluginId: r.reason.pluginId, messageId: r.reason.messageId, reason: r.reason.message }));
  const locationsWithoutStock = line.locationsWithoutStock;
  const chosen = line.arcs.filter((a) => arcQuantities[a]! > 0).map((a) => problem.arcs.at(a));
  const others = line.arcs.filter((a) => arcQuantities[a]! === 0);
  // The best few by (tier, standalone cost), in a stable order; objects and breakdowns only for them.
  const tier = (a: number) => problem.arcs.priorityTier(a) ?? 11;
  const ranked = others
    .map((a, position) => ({ a, position, cost: standaloneCostValue(problem, a) }))
    .sort((x, y) => tier(x.a) - tier(y.a) || x.cost - y.cost || x.position - y.position)
    .slice(0, ALTERNATIVES_SHOWN)
    .map(({ a }) => {
      const arc = problem.arcs.at(a);
      return { arc, ...standaloneCost(problem, arc) };
    });

  const best = chosen[0];
  const bestCost = best ? standaloneCost(problem, best).cost : Infinity;
  const alternatives = ranked.map(({ arc, cost, breakdown }) => ({
    ...candidateCost(problem, arc, { cost, breakdown }),
    whyNot: whyNot(solved, arc, best, cost, bestCost),
  }));

  let decision: string;
  if (best) {
    const where = chosen.map((arc) => `${problem.locations[arc.location]!.location.id} (${arcQuantities[arc.index]} units, ${humanNumber(arc.distance)} ${unit})`).join(', ');
    const tier = best.priorityTier !== null ? `, priority tier ${best.priorityTier}` : '';
    const cheapest = ranked.every((r) => !dearer(bestCost, r.cost) || (r.arc.priorityTier ?? 11) > (best.priorityTier ?? 11));
    decision = `shipped from ${where}; standalone cost ${humanNumber(bestCost)}${tier}; ${
      cheapest ? `lowest-cost of ${line.arcs.length} candidate${line.arcs.length === 1 ? '' : 's'}` : 'cheaper candidates lost for the reasons listed in alternatives'
    }`;
  } else if (line.arcs.length === 0) {
    const removedCount = line.removedByRule.reduce((sum, r) => sum + r.count, 0);
    decision = `no candidate location: ${locationsWithoutStock} location${locationsWithoutStock === 1 ? '' : 's'} without usable stock, ${removedCount} removed (see removed and removedByRule)`;
  } else if (order.structure.allOrNothing) {
    decision = 'not assigned: the order is all-or-nothing and not every line of it could be fulfilled';
  } else {
    decision = `not assigned: the stock of all ${line.arcs.length} candidates went to other lines (fulfilment first, then priority, then cost)`;
  }
  return {
    candidates: line.arcs.length,
    locationsWithoutStock,
    removed,
    removedByRule: line.removedByRule.map((r) => ({ ...r })),
    decision,
    chosen: chosen.map((arc) => candidateCost(problem, arc, standaloneCost(problem, arc))),
    alternatives,
  };
}

function candidateCost(problem: FulfillmentProblem, arc: Arc, { cost, breakdown }: { cost: number; breakdown: CostTerm[] }): CandidateCost {
  return {
    locationId: problem.locations[arc.location]!.location.id,
    distance: round(arc.distance),
    cost,
    costBreakdown: breakdown,
    priorityTier: arc.priorityTier,
  };
}

function whyNot(
  solved: SolvedProblem,
  arc: Arc,
  best: Arc | undefined,
  cost: number,
  bestCost: number,
): string {
  const { problem, arcQuantities } = solved;
  const quantity = problem.lines[arc.line]!.line.quantity;
  const stock = problem.stock[arc.stock]!;
  const location = problem.locations[arc.location]!;
  if (best && (arc.priorityTier ?? 11) > (best.priorityTier ?? 11)) {
    return `priority tier ${arc.priorityTier ?? 'none'} ranks after the chosen tier ${best.priorityTier}`;
  }
  const used = solved.usedAtStock[stock.index]!;
  if (used + quantity > stock.usable) return `its ${stock.usable} usable units went to other lines (${used} taken)`;
  if (location.orderCapacity !== null && solved.ordersAtLocation[location.index]! >= location.orderCapacity) {
    return `the location reached its order capacity (${location.orderCapacity})`;
  }
  if (!best) return 'not used';
  if (dearer(cost, bestCost)) return `costs ${humanNumber(cost - bestCost)} more`;
  const shared = problem.shipments.arcsOf(best.shipment).filter((a) => a !== best.index && arcQuantities[a]! > 0).length;
  if (shared > 0) return `the chosen location ships ${shared} other line${shared === 1 ? '' : 's'} of the order in the same shipment, so this line adds no shipment cost there`;
  return 'equal cost; the solver chose between equals';
}

/** Whether cost `a` exceeds `b` by more than rounding: costs are exact sums of floating-point terms. */
function dearer(a: number, b: number): boolean {
  return a - b > 1e-9 * Math.max(1, Math.abs(b));
}

/** Adds up terms of the same factor, keeping first-seen order. */
export function mergeTerms(terms: CostTerm[]): CostTerm[] {
  const byFactor = new Map<string, number>();
  for (const term of terms) byFactor.set(term.factorId, (byFactor.get(term.factorId) ?? 0) + term.amount);
  return [...byFactor].map(([factorId, amount]) => ({ factorId, amount }));
}

/** Rounded to 3 decimals: distances and ratios in the plan (costs are kept exact). */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

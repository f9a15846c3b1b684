import { sumCosts, type Arc, type CustomRow, type FulfillmentProblem, type Removal, type Shipment } from './problem.js';

/**
 * Optional candidate pruning (the `candidateLimit` run option): each order
 * keeps its arcs at its `limit` best locations — most of the order's units
 * first, then the best priority tier, then the lowest cost of shipping
 * those lines from there — and every line keeps its two best arcs, so no
 * line loses all of its candidates. Smaller models, at the price of
 * optimality: a dropped location might have been the one a contested
 * order needed. Every dropped pair is a removal with the reason.
 */

const ARCS_KEPT_PER_LINE = 2;

const CANDIDATE_LIMIT_MESSAGE = 'not among the {limit} best locations of the order (candidate limit)';

export function keepBestLocations(problem: FulfillmentProblem, limit: number): FulfillmentProblem {
  const keep = new Uint8Array(problem.arcs.length);
  for (const order of problem.orders) {
    const byLocation = new Map<number, { units: number; tier: number; cost: number }>();
    const shipmentsPaid = new Set<number>();
    for (const l of order.lines) {
      const quantity = problem.lines[l]!.line.quantity;
      for (const a of problem.lines[l]!.arcs) {
        const arc = problem.arcs[a]!;
        const entry = byLocation.get(arc.location) ?? { units: 0, tier: Infinity, cost: 0 };
        entry.units += quantity;
        entry.tier = Math.min(entry.tier, arc.priorityTier ?? 11);
        entry.cost += arcCost(arc, quantity) + (shipmentsPaid.has(arc.shipment) ? 0 : sumCosts(problem.shipments[arc.shipment]!.costs));
        shipmentsPaid.add(arc.shipment);
        byLocation.set(arc.location, entry);
      }
    }
    const best = new Set(
      [...byLocation]
        .sort(([la, a], [lb, b]) => b.units - a.units || a.tier - b.tier || a.cost - b.cost || la - lb)
        .slice(0, limit)
        .map(([location]) => location),
    );
    for (const l of order.lines) {
      const line = problem.lines[l]!;
      for (const a of line.arcs) if (best.has(problem.arcs[a]!.location)) keep[a] = 1;
      const standalone = (arc: Arc) => arcCost(arc, line.line.quantity) + sumCosts(problem.shipments[arc.shipment]!.costs);
      const ranked = line.arcs.map((a) => problem.arcs[a]!).sort((x, y) => (x.priorityTier ?? 11) - (y.priorityTier ?? 11) || standalone(x) - standalone(y) || x.index - y.index);
      for (const arc of ranked.slice(0, ARCS_KEPT_PER_LINE)) keep[arc.index] = 1;
    }
  }
  return withArcs(problem, keep, () => ({ messageId: 'candidateLimit', message: CANDIDATE_LIMIT_MESSAGE.replace('{limit}', String(limit)), data: { limit } }));
}

function arcCost(arc: Arc, quantity: number): number {
  return sumCosts(arc.assignmentCosts) + sumCosts(arc.unitCosts) * quantity;
}

/** A copy of the problem with only the kept arcs (re-indexed), their shipments, and a removal (the engine's, `why` says why) for each dropped pair. */
export function withArcs(problem: FulfillmentProblem, keep: Uint8Array, why: () => { messageId: string; message: string; data: Record<string, string | number> }): FulfillmentProblem {
  const arcIndex = new Int32Array(problem.arcs.length).fill(-1);
  const shipmentIndex = new Int32Array(problem.shipments.length).fill(-1);
  const arcs: Arc[] = [];
  const shipments: Shipment[] = [];
  const removals: Removal[] = [...problem.removals];
  const listed = problem.lines.map(() => 0);
  for (const removal of removals) listed[removal.line]!++;
  const dropped = problem.lines.map(() => 0);
  for (const arc of problem.arcs) {
    if (!keep[arc.index]) {
      dropped[arc.line]!++;
      if (listed[arc.line]! >= problem.removalsListed) continue;
      listed[arc.line]!++;
      const locationId = problem.locations[arc.location]!.location.id;
      const reason = why();
      removals.push({ line: arc.line, locationId, reason: { ruleId: null, pluginId: null, ...reason, data: { ...reason.data, location: locationId } } });
      continue;
    }
    if (shipmentIndex[arc.shipment] === -1) {
      shipmentIndex[arc.shipment] = shipments.length;
      shipments.push({ ...problem.shipments[arc.shipment]!, index: shipments.length, arcs: [] });
    }
    arcIndex[arc.index] = arcs.length;
    const copy = { ...arc, index: arcs.length, shipment: shipmentIndex[arc.shipment]! };
    arcs.push(copy);
    shipments[copy.shipment]!.arcs.push(copy.index);
  }
  return {
    ...problem,
    lines: problem.lines.map((line) => ({
      ...line,
      arcs: line.arcs.filter((a) => keep[a]).map((a) => arcIndex[a]!),
      removedByRule: dropped[line.index]! === 0 ? line.removedByRule : [...line.removedByRule, { ruleId: null, pluginId: null, messageId: why().messageId, count: dropped[line.index]! }],
    })),
    arcs,
    shipments,
    removals,
    // A dropped arc or shipment ships nothing: its term is 0 and can go.
    customRows: problem.customRows.map((row) => ({
      ...row,
      terms: row.terms.flatMap((term): CustomRow['terms'] => {
        if ('arc' in term) return arcIndex[term.arc]! >= 0 ? [{ arc: arcIndex[term.arc]!, coefficient: term.coefficient }] : [];
        return shipmentIndex[term.shipment]! >= 0 ? [{ shipment: shipmentIndex[term.shipment]!, coefficient: term.coefficient }] : [];
      }),
    })),
  };
}

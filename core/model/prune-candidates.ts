import { ArcTable, ShipmentTable, type CustomRow, type FulfillmentProblem, type Removal } from './problem.js';

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
  const { arcs } = problem;
  const keep = new Uint8Array(arcs.length);
  const arcCost = (a: number, quantity: number) => arcs.assignmentCost[a]! + arcs.unitCost[a]! * quantity;
  const tier = (a: number) => arcs.priorityTier(a) ?? 11;
  for (const order of problem.orders) {
    const byLocation = new Map<number, { units: number; tier: number; cost: number }>();
    const shipmentsPaid = new Set<number>();
    for (const l of order.lines) {
      const quantity = problem.lines[l]!.line.quantity;
      for (const a of problem.lines[l]!.arcs) {
        const location = arcs.location[a]!;
        const shipment = arcs.shipment[a]!;
        const entry = byLocation.get(location) ?? { units: 0, tier: Infinity, cost: 0 };
        entry.units += quantity;
        entry.tier = Math.min(entry.tier, tier(a));
        entry.cost += arcCost(a, quantity) + (shipmentsPaid.has(shipment) ? 0 : problem.shipments.cost[shipment]!);
        shipmentsPaid.add(shipment);
        byLocation.set(location, entry);
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
      for (const a of line.arcs) if (best.has(arcs.location[a]!)) keep[a] = 1;
      const standalone = (a: number) => arcCost(a, line.line.quantity) + problem.shipments.cost[arcs.shipment[a]!]!;
      const ranked = [...line.arcs].sort((x, y) => tier(x) - tier(y) || standalone(x) - standalone(y) || x - y);
      for (const a of ranked.slice(0, ARCS_KEPT_PER_LINE)) keep[a] = 1;
    }
  }
  return withArcs(problem, keep, () => ({ messageId: 'candidateLimit', message: CANDIDATE_LIMIT_MESSAGE.replace('{limit}', String(limit)), data: { limit } }));
}

/** A copy of the problem with only the kept arcs (re-indexed), their shipments, and a removal (the engine's, `why` says why) for each dropped pair. */
export function withArcs(problem: FulfillmentProblem, keep: Uint8Array, why: () => { messageId: string; message: string; data: Record<string, string | number> }): FulfillmentProblem {
  const arcIndex = new Int32Array(problem.arcs.length).fill(-1);
  const shipmentIndex = new Int32Array(problem.shipments.length).fill(-1);
  const arcs = new ArcTable();
  const shipments = new ShipmentTable(arcs);
  const removals: Removal[] = [...problem.removals];
  const listed = problem.lines.map(() => 0);
  for (const removal of removals) listed[removal.line]!++;
  const dropped = problem.lines.map(() => 0);
  for (let a = 0; a < problem.arcs.length; a++) {
    const line = problem.arcs.line[a]!;
    const shipment = problem.arcs.shipment[a]!;
    if (!keep[a]) {
      dropped[line]!++;
      if (listed[line]! >= problem.removalsListed) continue;
      listed[line]!++;
      const locationId = problem.locations[problem.arcs.location[a]!]!.location.id;
      const reason = why();
      removals.push({ line, locationId, reason: { ruleId: null, pluginId: null, ...reason, data: { ...reason.data, location: locationId } } });
      continue;
    }
    if (shipmentIndex[shipment] === -1) shipmentIndex[shipment] = shipments.addCopy(problem.shipments, shipment);
    arcIndex[a] = arcs.addCopy(problem.arcs, a, shipmentIndex[shipment]!);
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

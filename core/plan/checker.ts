import type { Id } from '../domain/types.js';
import { DEFAULT_ORDER_STRUCTURE, type FulfillmentProblem, type OrderStructure } from '../model/problem.js';

/**
 * The plan checker: verifies a solver's answer against the fulfillment
 * problem alone, independently of how any solver works — units on arcs
 * (whole, non-negative, never more than a line asks), inventory, order
 * capacity, the orders' structure and the rules' custom rows — and
 * recomputes the plan's cost. The engine passes every solve through it and
 * never applies a plan that fails.
 */

export interface PlanCheckOptions {
  /**
   * Structure the plan must respect: each order's own (production solvers),
   * or the default structure for every order — any number of locations,
   * partial orders on, whole lines — which is what a simplified solver that
   * ignores the partial orders rule plans with.
   */
  structure: 'order' | 'default';
  /** Whether the rules' custom rows must hold (simplified solvers ignore them and the run's log says so). */
  customRows: boolean;
}

export type ViolationKind = 'quantity' | 'line' | 'inventory' | 'capacity' | 'max-locations' | 'all-or-nothing' | 'custom-row' | 'candidate';

export interface Violation {
  kind: ViolationKind;
  message: string;
}

export interface PlanCheck {
  ok: boolean;
  violations: Violation[];
  /** Cost of the plan recomputed from the problem's cost terms. */
  cost: number;
  units: number;
  unitsFulfilled: number;
  /** Shipments used (order, location, mode of delivery). */
  shipments: number;
}

/** One assignment of a plan: a line of the problem takes units at a location. */
export interface PlanAssignmentInput {
  lineId: Id;
  locationId: Id;
  quantity: number;
}

const TOLERANCE = 1e-9;

/** Checks units per arc of the problem. */
export function checkPlan(problem: FulfillmentProblem, arcQuantities: ArrayLike<number>, options: PlanCheckOptions): PlanCheck {
  const violations: Violation[] = [];
  const report = (kind: ViolationKind, message: string) => violations.push({ kind, message });
  const lineName = (l: number) => `line ${problem.lines[l]!.line.id} of order ${problem.orders[problem.lines[l]!.order]!.order.id}`;
  const locationName = (l: number) => problem.locations[l]!.location.id;

  if (arcQuantities.length !== problem.arcs.length) {
    report('quantity', `${arcQuantities.length} arc quantities for ${problem.arcs.length} arcs`);
    return { ok: false, violations, cost: 0, units: 0, unitsFulfilled: 0, shipments: 0 };
  }
  const quantity = (arc: number) => {
    const q = arcQuantities[arc]!;
    return Number.isInteger(q) && q > 0 ? q : 0;
  };
  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const q = arcQuantities[a]!;
    if (!Number.isInteger(q) || q < 0) report('quantity', `${lineName(arcs.line[a]!)} at ${locationName(arcs.location[a]!)}: ${q} is not a whole number of units ≥ 0`);
  }

  const structureOf = (order: number): OrderStructure => (options.structure === 'order' ? problem.orders[order]!.structure : DEFAULT_ORDER_STRUCTURE);
  let units = 0;
  let unitsFulfilled = 0;
  const lineUnits = problem.lines.map((line) => {
    const taken = line.arcs.reduce((sum, a) => sum + quantity(a), 0);
    const asked = line.line.quantity;
    units += asked;
    unitsFulfilled += Math.min(taken, asked);
    if (taken > asked) report('line', `${lineName(line.index)} gets ${taken} units but asks for ${asked}`);
    if (!structureOf(line.order).partialLines) {
      const used = line.arcs.filter((a) => quantity(a) > 0);
      if (used.length > 1 || (used.length === 1 && taken !== asked)) {
        report('line', `${lineName(line.index)} must ship whole from one location (partial lines off) but gets ${used.map((a) => `${quantity(a)} at ${locationName(arcs.location[a]!)}`).join(', ')}`);
      }
    }
    return taken;
  });

  const stockUsed = new Float64Array(problem.stock.length);
  for (let a = 0; a < arcs.length; a++) stockUsed[arcs.stock[a]!]! += quantity(a);
  for (const stock of problem.stock) {
    if (stockUsed[stock.index]! > stock.usable + TOLERANCE) {
      report('inventory', `${stockUsed[stock.index]} units of ${stock.variantId} taken at ${locationName(stock.location)}, only ${stock.usable} usable`);
    }
  }

  const { shipments } = problem;
  const shipmentUsed = new Uint8Array(shipments.length);
  for (let a = 0; a < arcs.length; a++) if (quantity(a) > 0) shipmentUsed[arcs.shipment[a]!] = 1;
  const ordersAt = problem.locations.map(() => new Set<number>());
  const locationsOf = problem.orders.map(() => new Set<number>());
  let cost = 0;
  for (let s = 0; s < shipments.length; s++) {
    if (!shipmentUsed[s]) continue;
    cost += shipments.cost[s]!;
    // An existing shipment (an earlier iteration's) is already counted in capacity and locations.
    if (shipments.existing[s]) continue;
    ordersAt[shipments.location[s]!]!.add(shipments.order[s]!);
    locationsOf[shipments.order[s]!]!.add(shipments.location[s]!);
  }
  for (let a = 0; a < arcs.length; a++) {
    const q = quantity(a);
    if (q > 0) cost += arcs.assignmentCost[a]! + arcs.unitCost[a]! * q;
  }
  for (const location of problem.locations) {
    const orders = ordersAt[location.index]!.size;
    if (location.orderCapacity !== null && orders > location.orderCapacity) {
      report('capacity', `${location.location.id} takes ${orders} orders, capacity ${location.orderCapacity}`);
    }
  }
  for (const order of problem.orders) {
    const structure = structureOf(order.index);
    const locations = locationsOf[order.index]!.size + order.usedLocations;
    if (structure.maxLocations !== null && locations > structure.maxLocations) {
      report('max-locations', `order ${order.order.id} ships from ${locations} locations, at most ${structure.maxLocations}`);
    }
    if (structure.allOrNothing) {
      const full = order.lines.filter((l) => lineUnits[l] === problem.lines[l]!.line.quantity).length;
      const started = order.lines.some((l) => lineUnits[l]! > 0);
      if (started && full < order.lines.length) report('all-or-nothing', `order ${order.order.id} is all-or-nothing but only ${full} of its ${order.lines.length} lines are fulfilled`);
    }
  }

  if (options.customRows) {
    for (const row of problem.customRows) {
      let value = 0;
      for (const term of row.terms) {
        if ('arc' in term) {
          const line = problem.lines[arcs.line[term.arc]!]!;
          // The arc's column in the linear model: units for partial lines, 0/1 for whole lines.
          value += term.coefficient * (problem.orders[line.order]!.structure.partialLines ? quantity(term.arc) : quantity(term.arc) / line.line.quantity);
        } else {
          value += term.coefficient * (shipmentUsed[term.shipment] ? 1 : 0);
        }
      }
      if (value < row.lower - TOLERANCE || value > row.upper + TOLERANCE) {
        report('custom-row', `row ${row.name} of rule ${row.ruleId} is ${value}, must be within [${row.lower}, ${row.upper}]`);
      }
    }
  }
  return { ok: violations.length === 0, violations, cost, units, unitsFulfilled, shipments: shipmentUsed.reduce((n, used) => n + used, 0) };
}

/**
 * Checks a plan given as assignments (line, location, units): a pair that is
 * not a candidate arc — a location a rule removed, or one without stock — is a
 * violation naming why it is not a candidate; the rest is checked like arc quantities.
 */
export function checkAssignments(problem: FulfillmentProblem, assignments: PlanAssignmentInput[], options: PlanCheckOptions): PlanCheck {
  const quantities = new Array<number>(problem.arcs.length).fill(0);
  const lineIndex = new Map(problem.lines.map((l) => [l.line.id, l.index]));
  const candidates: Violation[] = [];
  for (const { lineId, locationId, quantity } of assignments) {
    const line = lineIndex.get(lineId);
    const arc = line === undefined ? undefined : problem.lines[line]!.arcs.find((a) => problem.locations[problem.arcs.location[a]!]!.location.id === locationId);
    if (arc === undefined) {
      const removal = line === undefined ? undefined : problem.removals.find((r) => r.line === line && r.locationId === locationId);
      const why =
        line === undefined
          ? 'the line is not in the problem'
          : removal
            ? `removed: ${removal.reason.message}`
            : 'no stock of the variant there, or a removal counted in the line\'s removedByRule';
      candidates.push({ kind: 'candidate', message: `line ${lineId} at ${locationId} is not a candidate (${why})` });
      continue;
    }
    quantities[arc] = quantities[arc]! + quantity;
  }
  const check = checkPlan(problem, quantities, options);
  return { ...check, ok: check.ok && candidates.length === 0, violations: [...candidates, ...check.violations] };
}

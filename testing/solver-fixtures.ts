import { Random } from './random.js';
import type { Id, Location, SalesOrder } from '../core/domain/types.js';
import { checkRecord } from '../core/validation/check-record.js';
import { ArcTable, DEFAULT_ORDER_STRUCTURE, ShipmentTable, type CustomRow, type FulfillmentProblem, type OrderStructure, type StockEntry } from '../core/model/problem.js';
import { DEFAULT_REMOVALS_LISTED } from '../core/model/removals.js';

/**
 * Fulfillment problems small enough to solve by hand, written compactly, for
 * the solver conformance suite. Each names an optimal plan (or says the
 * model is infeasible); a solver must reach that plan's objective, not
 * necessarily that plan.
 */

export interface FixtureOrder {
  id: Id;
  structure?: Partial<OrderStructure>;
  /** Lines `[variant, quantity, unit price (default 10)]`; line ids are `<order>-1`, `<order>-2` … */
  lines: Array<[variant: Id, quantity: number, unitPrice?: number]>;
  /** Shipment cost from each location the order may use (a location not named is no candidate). */
  ship: Record<Id, number>;
  /** Priority tier of a location for the order (1 best). */
  tiers?: Record<Id, number>;
}

export interface ProblemSpec {
  name: string;
  /** Location id → most orders it may take (absent: unlimited). */
  locations: Record<Id, { capacity?: number }>;
  /** `variant@location` → usable units. */
  stock: Record<string, number>;
  orders: FixtureOrder[];
  /** A rule's extra rows; terms name a line at a location (its arc) or an order at a location (its shipment). */
  customRows?: Array<{ name: string; terms: Array<{ line: Id; location: Id; coefficient: number } | { order: Id; location: Id; coefficient: number }>; lower: number; upper: number }>;
}

export interface FixtureSpec extends ProblemSpec {
  /** An optimal plan (line id → location id → units; lines not named get nothing), or 'infeasible'. */
  optimum: Record<Id, Record<Id, number>> | 'infeasible';
}

const CUSTOMER = { latitude: 40, longitude: -75 };

/** The fulfillment problem of a fixture, as the filter stage would build it. */
export function fixtureProblem(spec: ProblemSpec): FulfillmentProblem {
  const arcs = new ArcTable();
  const problem: FulfillmentProblem = {
    iteration: 1,
    distanceUnit: 'mi',
    orders: [],
    lines: [],
    locations: Object.entries(spec.locations).map(([id, { capacity }], index) => ({ index, location: location(id), orderCapacity: capacity ?? null, orderLimit: null, capacityReasons: [] })),
    stock: [],
    shipments: new ShipmentTable(arcs),
    arcs,
    removals: [],
    removalsListed: DEFAULT_REMOVALS_LISTED,
    customRows: [],
    held: [],
    hasPriorities: spec.orders.some((o) => o.tiers !== undefined),
  };
  const locationIndex = new Map(problem.locations.map((l) => [l.location.id, l.index]));
  const stockIndex = new Map<string, StockEntry>();
  const shipmentIndex = new Map<string, number>();
  for (const spec0 of spec.orders) {
    const order = salesOrder(spec0);
    const problemOrder = {
      index: problem.orders.length,
      order,
      destination: CUSTOMER,
      lines: [] as number[],
      runLines: order.lines,
      usedLocations: 0,
      structure: { ...DEFAULT_ORDER_STRUCTURE, ...spec0.structure },
      structureReasons: [],
    };
    problem.orders.push(problemOrder);
    for (const line of order.lines) {
      const problemLine = { index: problem.lines.length, order: problemOrder.index, line, arcs: [] as number[], locationsWithoutStock: 0, removedByRule: [] };
      problem.lines.push(problemLine);
      problemOrder.lines.push(problemLine.index);
      for (const [locationId, cost] of Object.entries(spec0.ship)) {
        const key = `${line.variantId}@${locationId}`;
        const usable = spec.stock[key] ?? 0;
        // As the filter stage: a whole line needs all its units at one place; a partial line any.
        if (usable === 0 || (!problemOrder.structure.partialLines && usable < line.quantity)) continue;
        const loc = locationIndex.get(locationId)!;
        let stock = stockIndex.get(key);
        if (!stock) {
          stock = { index: problem.stock.length, variantId: line.variantId, location: loc, available: usable, usable, keptForLater: 0, adjustments: [] };
          stockIndex.set(key, stock);
          problem.stock.push(stock);
        }
        const shipmentKey = `${order.id}@${locationId}`;
        let shipment = shipmentIndex.get(shipmentKey);
        if (shipment === undefined) {
          shipment = problem.shipments.add(problemOrder.index, loc, 'std', cost, [{ factorId: 'distance', amount: cost }], false);
          shipmentIndex.set(shipmentKey, shipment);
        }
        problemLine.arcs.push(problem.arcs.add(problemLine.index, loc, shipment, stock.index, cost, cost, spec0.tiers?.[locationId] ?? null, [], []));
      }
    }
  }
  problem.customRows = (spec.customRows ?? []).map((row): CustomRow => ({
    name: row.name,
    ruleId: 'fixture-rule',
    lower: row.lower,
    upper: row.upper,
    terms: row.terms.map((term) => {
      if ('line' in term) return { arc: arcOf(problem, term.line, term.location), coefficient: term.coefficient };
      const shipment = shipmentIndex.get(`${term.order}@${term.location}`);
      if (shipment === undefined) throw new Error(`fixture ${spec.name}: order ${term.order} has no shipment at ${term.location}`);
      return { shipment, coefficient: term.coefficient };
    }),
  }));
  return problem;
}

/** Units per arc of a plan given as line id → location id → units. */
export function arcQuantitiesOf(problem: FulfillmentProblem, plan: Record<Id, Record<Id, number>>): number[] {
  const quantities = new Array<number>(problem.arcs.length).fill(0);
  for (const [lineId, byLocation] of Object.entries(plan)) {
    for (const [locationId, units] of Object.entries(byLocation)) quantities[arcOf(problem, lineId, locationId)] = units;
  }
  return quantities;
}

function arcOf(problem: FulfillmentProblem, lineId: Id, locationId: Id): number {
  const line = problem.lines.find((l) => l.line.id === lineId);
  const arc = line?.arcs.find((a) => problem.locations[problem.arcs.location[a]!]!.location.id === locationId);
  if (arc === undefined) throw new Error(`no arc for line ${lineId} at ${locationId}`);
  return arc;
}

function location(id: Id): Location {
  return { id, name: id, type: 'store', legalEntity: 'le', address: { coordinates: CUSTOMER }, shipping: true, pickup: false, attributes: {} };
}

/** A fixture order as a stored order: every field it does not give takes its schema default. */
function salesOrder(spec: FixtureOrder): SalesOrder {
  return checkRecord<SalesOrder>('order', {
    id: spec.id,
    legalEntity: 'le',
    salesOrigin: 'web',
    deliveryAddress: { coordinates: CUSTOMER },
    createdAt: '2026-11-19T00:00:00Z',
    version: 1,
    lines: spec.lines.map(([variantId, quantity, unitPrice]: [Id, number, number?], i) => ({ id: `${spec.id}-${i + 1}`, variantId, quantity, unitPrice: unitPrice ?? 10, modeOfDelivery: 'std', version: 1 })),
  }).value!;
}

// ------------------------------------------------------------- fixtures ----

/** O1 and O2 both want A's single unit; O1 has a near second choice, O2 only a far one. */
export const contested = fixtureProblem({
  name: 'contested',
  locations: { A: {}, B: {}, C: {} },
  stock: { 'V1@A': 1, 'V1@B': 5, 'V1@C': 5 },
  orders: [
    { id: 'O1', lines: [['V1', 1]], ship: { A: 5, B: 6 } },
    { id: 'O2', lines: [['V1', 1]], ship: { A: 5, C: 50 } },
  ],
});

/** Problems with a known optimum: the cases a solver must get right. */
export const SOLVER_FIXTURES: FixtureSpec[] = [
  {
    name: 'nothing can ship: no location holds the variant',
    locations: { A: {} },
    stock: {},
    orders: [{ id: 'O1', lines: [['V1', 1]], ship: { A: 10 } }],
    optimum: {},
  },
  {
    name: 'one line goes to the cheaper location',
    locations: { A: {}, B: {} },
    stock: { 'V1@A': 5, 'V1@B': 5 },
    orders: [{ id: 'O1', lines: [['V1', 1]], ship: { A: 10, B: 20 } }],
    optimum: { 'O1-1': { A: 1 } },
  },
  {
    name: 'one shipment of the whole order beats two cheaper ones',
    locations: { A: {}, B: {}, C: {} },
    stock: { 'V1@A': 1, 'V2@B': 1, 'V1@C': 1, 'V2@C': 1 },
    // A + B cost 10 + 10; C alone 15.
    orders: [{ id: 'O1', lines: [['V1', 1], ['V2', 1]], ship: { A: 10, B: 10, C: 15 } }],
    optimum: { 'O1-1': { C: 1 }, 'O1-2': { C: 1 } },
  },
  {
    name: 'ties: equal locations, either is optimal (degenerate)',
    locations: { A: {}, B: {} },
    stock: { 'V1@A': 1, 'V1@B': 1 },
    orders: [
      { id: 'O1', lines: [['V1', 1]], ship: { A: 10, B: 10 } },
      { id: 'O2', lines: [['V1', 1]], ship: { A: 10, B: 10 } },
    ],
    optimum: { 'O1-1': { A: 1 }, 'O2-1': { B: 1 } },
  },
  {
    name: 'capacity-bound: the location that can take one order takes the one it saves most on',
    locations: { A: { capacity: 1 }, B: {} },
    stock: { 'V1@A': 9, 'V1@B': 9 },
    // O1 saves 45 at A, O2 saves 15: O1 at A (5) + O2 at B (20) = 25.
    orders: [
      { id: 'O1', lines: [['V1', 1]], ship: { A: 5, B: 50 } },
      { id: 'O2', lines: [['V1', 1]], ship: { A: 5, B: 20 } },
    ],
    optimum: { 'O1-1': { A: 1 }, 'O2-1': { B: 1 } },
  },
  {
    name: 'priority tiers come before cost, fulfilment before priority',
    locations: { A: {}, B: {} },
    stock: { 'V1@A': 5, 'V1@B': 5, 'V2@B': 5 },
    // O1: tier 1 at A although B is cheaper; O2's variant is only at B (tier 2).
    orders: [
      { id: 'O1', lines: [['V1', 1]], ship: { A: 100, B: 10 }, tiers: { A: 1, B: 2 } },
      { id: 'O2', lines: [['V2', 1]], ship: { A: 100, B: 10 }, tiers: { A: 1, B: 2 } },
    ],
    optimum: { 'O1-1': { A: 1 }, 'O2-1': { B: 1 } },
  },
  {
    name: 'scarce stock: the most units first, whatever they cost',
    locations: { A: {} },
    stock: { 'V1@A': 2 },
    orders: [
      { id: 'O1', lines: [['V1', 2]], ship: { A: 50 } },
      { id: 'O2', lines: [['V1', 1]], ship: { A: 1 } },
    ],
    optimum: { 'O1-1': { A: 2 } },
  },
  {
    name: 'scarce stock: among plans of equal units and cost, the more valuable lines',
    locations: { A: {} },
    stock: { 'V1@A': 2 },
    // O1 (2 units at 10, one shipment of 20) or O2 + O3 (2 units at 15, two shipments of 10).
    orders: [
      { id: 'O1', lines: [['V1', 2, 10]], ship: { A: 20 } },
      { id: 'O2', lines: [['V1', 1, 15]], ship: { A: 10 } },
      { id: 'O3', lines: [['V1', 1, 15]], ship: { A: 10 } },
    ],
    optimum: { 'O2-1': { A: 1 }, 'O3-1': { A: 1 } },
  },
  {
    name: 'all-or-nothing: an order that cannot ship whole ships nothing, and leaves its stock to others',
    locations: { A: {} },
    stock: { 'V1@A': 1 },
    // O1-2 (V2) has no stock anywhere, so O1 ships nothing and O2 gets V1, though O1-1 is worth more.
    orders: [
      { id: 'O1', structure: { allOrNothing: true }, lines: [['V1', 1, 20], ['V2', 1]], ship: { A: 10 } },
      { id: 'O2', lines: [['V1', 1, 10]], ship: { A: 10 } },
    ],
    optimum: { 'O2-1': { A: 1 } },
  },
  {
    name: 'all-or-nothing: an order that can ship whole does',
    locations: { A: {}, B: {} },
    stock: { 'V1@A': 1, 'V2@B': 1, 'V1@B': 1 },
    orders: [{ id: 'O1', structure: { allOrNothing: true }, lines: [['V1', 1], ['V2', 1]], ship: { A: 1, B: 30 } }],
    optimum: { 'O1-1': { B: 1 }, 'O1-2': { B: 1 } },
  },
  {
    name: 'at most one location: the order ships from the one place that has everything',
    locations: { A: {}, B: {}, C: {} },
    stock: { 'V1@A': 1, 'V2@B': 1, 'V1@C': 1, 'V2@C': 1 },
    orders: [{ id: 'O1', structure: { maxLocations: 1 }, lines: [['V1', 1], ['V2', 1]], ship: { A: 1, B: 1, C: 50 } }],
    optimum: { 'O1-1': { C: 1 }, 'O1-2': { C: 1 } },
  },
  {
    name: 'partial lines: one line split over two locations',
    locations: { A: {}, B: {}, C: {} },
    stock: { 'V1@A': 3, 'V1@B': 2, 'V1@C': 1 },
    orders: [{ id: 'O1', structure: { partialLines: true }, lines: [['V1', 5]], ship: { A: 1, B: 2, C: 1 } }],
    optimum: { 'O1-1': { A: 3, B: 2 } },
  },
  {
    name: "a rule's custom row binds: A ships for one of the two orders",
    locations: { A: {}, B: {} },
    stock: { 'V1@A': 9, 'V1@B': 9 },
    orders: [
      { id: 'O1', lines: [['V1', 1]], ship: { A: 5, B: 50 } },
      { id: 'O2', lines: [['V1', 1]], ship: { A: 5, B: 20 } },
    ],
    customRows: [{ name: 'A-once', terms: [{ order: 'O1', location: 'A', coefficient: 1 }, { order: 'O2', location: 'A', coefficient: 1 }], lower: 0, upper: 1 }],
    optimum: { 'O1-1': { A: 1 }, 'O2-1': { B: 1 } },
  },
  {
    name: "infeasible: a rule's custom row no plan meets",
    locations: { A: {} },
    stock: { 'V1@A': 9 },
    orders: [{ id: 'O1', lines: [['V1', 1]], ship: { A: 5 } }],
    // The line's 0/1 column must reach 2.
    customRows: [{ name: 'impossible', terms: [{ line: 'O1-1', location: 'A', coefficient: 1 }], lower: 2, upper: 3 }],
    optimum: 'infeasible',
  },
];

/**
 * A seeded random problem with contention: orders of one to three lines over
 * a few variants, stores with little stock and capacities, and a DC. With
 * several regions, each has its own locations, variants and orders, so the
 * problem falls apart into independent parts.
 */
export function randomFixture(seed: number, orders = 12, locations = 5, regions = 1): ProblemSpec {
  const rng = new Random(seed);
  const spec: ProblemSpec = { name: `random problem ${seed}`, locations: {}, stock: {}, orders: [] };
  for (let region = 1; region <= regions; region++) {
    const prefix = regions === 1 ? '' : `R${region}-`;
    const ids = Array.from({ length: locations }, (_, i) => `${prefix}${i === 0 ? 'DC' : `S${i}`}`);
    const variants = ['V1', 'V2', 'V3', 'V4'].map((v) => `${prefix}${v}`);
    for (const v of variants) {
      spec.stock[`${v}@${ids[0]}`] = rng.int(2, 8);
      for (const id of ids.slice(1)) if (rng.chance(0.6)) spec.stock[`${v}@${id}`] = rng.int(1, 3);
    }
    for (const [i, id] of ids.entries()) spec.locations[id] = i > 0 && rng.chance(0.3) ? { capacity: rng.int(1, 3) } : {};
    for (let i = 1; i <= orders; i++) {
      spec.orders.push({
        id: `${prefix}O${i}`,
        lines: rng.shuffle(variants).slice(0, rng.int(1, 3)).map((v): [Id, number, number] => [v, rng.int(1, 2), rng.int(5, 40)]),
        ship: Object.fromEntries(ids.map((id, j) => [id, j === 0 ? rng.int(40, 80) : rng.int(5, 60)])),
      });
    }
  }
  return spec;
}

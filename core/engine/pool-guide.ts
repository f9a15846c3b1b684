import type { Id } from '../domain/types.js';
import type { IterationResult } from '../pipeline/post-process.stage.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';

/** What the batches after one batch keep: units by (variant, location) and orders by location. */
export interface LaterBatches {
  units(variantId: Id, locationId: Id): number;
  orders(locationId: Id): number;
}

/** Units of a variant the guide ships to an order from a location. */
export interface GuideAssignment {
  orderId: Id;
  variantId: Id;
  locationId: Id;
  quantity: number;
}

/**
 * The pool guide (docs/spec.md §3.2): a plan of the whole pool by the
 * simplified solver — as one batch, or in windows of
 * `poolGuideWindowLines` lines in arrival order when the pool is larger —
 * read as what each batch's orders take, so that batch i keeps for batches
 * i + 1, … the stock and order slots that plan gives their orders.
 *
 * Batches in arrival order plan without seeing later orders: an early order
 * takes the units a later one needed more. Kept for later batches, those
 * units stay where the pool's plan put them, and every batch can still ship
 * its own orders as that plan does — so each batch's plan is at least as
 * good as the guide's for its orders (as many units, and no dearer when it
 * ships as many), and the run's plan fills at least as much as the guide.
 */
export class PoolGuide {
  /** Units by (variant, then location), by the batch of the order that takes them: suffix sums, [i] = batches i, i + 1, …. */
  private readonly units = new Map<Id, Map<Id, Float64Array>>();
  /** Orders by location, as suffix sums over batches like `units`. */
  private readonly orders = new Map<Id, Float64Array>();

  constructor(batches: readonly SelectedOrder[][], assignments: readonly GuideAssignment[]) {
    const count = batches.length;
    const batchOf = new Map<Id, number>();
    batches.forEach((orders, index) => orders.forEach(({ order }) => batchOf.set(order.id, index)));
    const shipsFrom = new Map<Id, Set<Id>>();
    for (const { orderId, variantId, locationId, quantity } of assignments) {
      let byLocation = this.units.get(variantId);
      if (!byLocation) this.units.set(variantId, (byLocation = new Map()));
      let units = byLocation.get(locationId);
      if (!units) byLocation.set(locationId, (units = new Float64Array(count + 1)));
      units[batchOf.get(orderId)!]! += quantity;
      let orders = shipsFrom.get(locationId);
      if (!orders) shipsFrom.set(locationId, (orders = new Set()));
      orders.add(orderId);
    }
    for (const [locationId, orderIds] of shipsFrom) {
      const orders = new Float64Array(count + 1);
      for (const orderId of orderIds) orders[batchOf.get(orderId)!]!++;
      this.orders.set(locationId, orders);
    }
    for (const byLocation of this.units.values()) for (const units of byLocation.values()) suffixSums(units);
    for (const orders of this.orders.values()) suffixSums(orders);
  }

  /** What the batches after batch `index` keep. */
  after(index: number): LaterBatches {
    return {
      units: (variantId, locationId) => this.units.get(variantId)?.get(locationId)?.[index + 1] ?? 0,
      orders: (locationId) => this.orders.get(locationId)?.[index + 1] ?? 0,
    };
  }
}

/** What a solved batch of the guide ships, so that its problems can be freed before the next window. */
export function guideAssignmentsOf(iterations: readonly IterationResult[]): GuideAssignment[] {
  const assignments: GuideAssignment[] = [];
  for (const { problem, outcome } of iterations) {
    const { arcs } = problem;
    for (let a = 0; a < arcs.length; a++) {
      const quantity = outcome.arcQuantities[a]!;
      if (quantity === 0) continue;
      const line = problem.lines[arcs.line[a]!]!;
      assignments.push({ orderId: problem.orders[line.order]!.order.id, variantId: line.line.variantId, locationId: problem.locations[arcs.location[a]!]!.location.id, quantity });
    }
  }
  return assignments;
}

function suffixSums(values: Float64Array): void {
  for (let i = values.length - 2; i >= 0; i--) values[i]! += values[i + 1]!;
}

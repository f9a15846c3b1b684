import type { Id } from '../domain/types.js';
import type { FulfillmentProblem } from '../model/problem.js';

/**
 * What a run has already taken: units per (variant, location) and orders per
 * location, across batches and iterations, so that later ones never
 * over-assign inventory or exceed order capacity.
 */
export class RunLedger {
  /** Units taken by variant, then location (no composite string keys: the filter asks for every candidate pair). */
  private readonly units = new Map<Id, Map<Id, number>>();
  private readonly ordersAt = new Map<Id, Set<Id>>();
  private readonly locationsOf = new Map<Id, Set<Id>>();
  /** Orders taken at each location before this ledger, by others, known by count only (`RunLedger.of`). */
  private readonly ordersBefore = new Map<Id, number>();

  /**
   * A ledger of what other processes took, from their totals: units by
   * (variant, location) and orders by location (docs/scale-out.md).
   */
  static of(units: Iterable<{ variantId: Id; locationId: Id; units: number }>, orders: Iterable<{ locationId: Id; orders: number }>): RunLedger {
    const ledger = new RunLedger();
    for (const u of units) {
      let byLocation = ledger.units.get(u.variantId);
      if (!byLocation) ledger.units.set(u.variantId, (byLocation = new Map()));
      byLocation.set(u.locationId, u.units);
    }
    for (const o of orders) ledger.ordersBefore.set(o.locationId, o.orders);
    return ledger;
  }

  /** A copy to take from on its own (a batch solved in parallel with others). */
  fork(): RunLedger {
    const copy = new RunLedger();
    for (const [variant, byLocation] of this.units) copy.units.set(variant, new Map(byLocation));
    for (const [location, orders] of this.ordersAt) copy.ordersAt.set(location, new Set(orders));
    for (const [order, locations] of this.locationsOf) copy.locationsOf.set(order, new Set(locations));
    for (const [location, count] of this.ordersBefore) copy.ordersBefore.set(location, count);
    return copy;
  }

  /** Takes every unit a solved iteration assigns. */
  takeAssigned(problem: FulfillmentProblem, arcQuantities: ArrayLike<number>): void {
    const { arcs } = problem;
    for (let a = 0; a < arcs.length; a++) {
      const quantity = arcQuantities[a]!;
      if (quantity > 0) {
        const line = problem.lines[arcs.line[a]!]!;
        this.take(line.line.variantId, problem.locations[arcs.location[a]!]!.location.id, problem.orders[line.order]!.order.id, quantity);
      }
    }
  }

  /** Units taken by (variant, location), as `RunLedger.of` reads them. */
  *unitTotals(): Iterable<{ variantId: Id; locationId: Id; units: number }> {
    for (const [variantId, byLocation] of this.units) for (const [locationId, units] of byLocation) yield { variantId, locationId, units };
  }

  /** Orders taken by location, as `RunLedger.of` reads them. */
  *orderTotals(): Iterable<{ locationId: Id; orders: number }> {
    const locations = new Set([...this.ordersBefore.keys(), ...this.ordersAt.keys()]);
    for (const locationId of locations) yield { locationId, orders: this.ordersTaken(locationId) };
  }

  usedUnits(variantId: Id, locationId: Id): number {
    return this.units.get(variantId)?.get(locationId) ?? 0;
  }

  ordersTaken(locationId: Id): number {
    return (this.ordersBefore.get(locationId) ?? 0) + (this.ordersAt.get(locationId)?.size ?? 0);
  }

  /** The locations the order already ships from in this run. */
  locationsOfOrder(orderId: Id): ReadonlySet<Id> {
    return this.locationsOf.get(orderId) ?? NONE;
  }

  /** Whether units of any of the variants, at any location, were taken here that `base` (a fork of an earlier state) has not. */
  tookUnitsSince(base: RunLedger, variantIds: Iterable<Id>): boolean {
    for (const variantId of variantIds) {
      const now = this.units.get(variantId);
      if (!now) continue;
      for (const [locationId, units] of now) if (units !== base.usedUnits(variantId, locationId)) return true;
    }
    return false;
  }

  take(variantId: Id, locationId: Id, orderId: Id, quantity: number): void {
    let byLocation = this.units.get(variantId);
    if (!byLocation) this.units.set(variantId, (byLocation = new Map()));
    byLocation.set(locationId, (byLocation.get(locationId) ?? 0) + quantity);
    let orders = this.ordersAt.get(locationId);
    if (!orders) this.ordersAt.set(locationId, (orders = new Set()));
    orders.add(orderId);
    let locations = this.locationsOf.get(orderId);
    if (!locations) this.locationsOf.set(orderId, (locations = new Set()));
    locations.add(locationId);
  }
}

const NONE: ReadonlySet<Id> = new Set();

export function stockKey(variantId: Id, locationId: Id): string {
  return `${variantId}\u0000${locationId}`;
}

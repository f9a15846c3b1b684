import type { Id, Reservation } from '../../core/index.js';
import type { SqlExecutor } from './sql-client.js';

/**
 * The order limits of the locations some orders would ship from, checked
 * under lock while a plan is applied (the maximum orders rule, docs/store.md):
 * each location with a limit is locked for the transaction (an advisory lock
 * taken in name order by every applier), and the orders it holds open are
 * counted from the allocations table. An order that already holds an open
 * allocation at a location does not count there twice.
 */
export class Capacity {
  private constructor(
    private readonly limits: ReadonlyMap<Id, number>,
    private readonly open: Map<Id, number>,
    private readonly holds: Set<string>,
  ) {}

  /** `limits`: the plan's order limit per location; `orders`: the orders of the group with the locations they would ship from. */
  static async lock(tx: SqlExecutor, limits: ReadonlyMap<Id, number>, orders: Array<{ orderId: Id; reservations: Reservation[] }>): Promise<Capacity> {
    const locations = [...new Set(orders.flatMap((o) => o.reservations.map((r) => r.locationId)))].filter((l) => limits.has(l)).sort();
    const open = new Map<Id, number>();
    const holds = new Set<string>();
    if (locations.length === 0) return new Capacity(limits, open, holds);
    for (const location of locations) {
      await tx.query(`select pg_advisory_xact_lock(hashtextextended('opendom:capacity:' || current_schema() || ':' || $1, 0))`, [location]);
    }
    const counts = await tx.query<{ location_id: string; orders: number }>(
      `select location_id, count(distinct order_id)::int as orders from allocations
       where shipped_at is null and location_id in (select jsonb_array_elements_text($1::jsonb)) group by location_id`,
      [JSON.stringify(locations)],
    );
    for (const row of counts) open.set(row.location_id, row.orders);
    const held = await tx.query<{ location_id: string; order_id: string }>(
      `select distinct location_id, order_id from allocations
       where shipped_at is null and location_id in (select jsonb_array_elements_text($1::jsonb)) and order_id in (select jsonb_array_elements_text($2::jsonb))`,
      [JSON.stringify(locations), JSON.stringify(orders.map((o) => o.orderId))],
    );
    for (const row of held) holds.add(`${row.location_id}\u0000${row.order_id}`);
    return new Capacity(limits, open, holds);
  }

  /** The first location the order would take beyond its limit, or null when it fits. */
  overLimit(orderId: Id, reservations: Reservation[]): { locationId: Id; limit: number } | null {
    for (const locationId of this.newLocations(orderId, reservations)) {
      const limit = this.limits.get(locationId);
      if (limit !== undefined && (this.open.get(locationId) ?? 0) + 1 > limit) return { locationId, limit };
    }
    return null;
  }

  /** Counts the order at the locations it now ships from (the caller checked `overLimit`). */
  take(orderId: Id, reservations: Reservation[]): void {
    for (const locationId of this.newLocations(orderId, reservations)) {
      this.open.set(locationId, (this.open.get(locationId) ?? 0) + 1);
      this.holds.add(`${locationId}\u0000${orderId}`);
    }
  }

  private newLocations(orderId: Id, reservations: Reservation[]): Id[] {
    return [...new Set(reservations.map((r) => r.locationId))].filter((l) => !this.holds.has(`${l}\u0000${orderId}`));
  }
}

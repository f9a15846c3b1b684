import { availableUnits, takesFromSnapshot, type Id, type Reservation } from '../../core/index.js';
import type { SqlExecutor } from './sql-client.js';

interface Entry {
  /** What is still free to allocate: on hand − the source's reserved − allocations the snapshot does not reflect. */
  free: number;
}

/**
 * The stock some orders would draw on, checked under lock while a plan is
 * applied: the `available` inventory records of their (variant, location)
 * pairs are locked (in key order, so that concurrent appliers cannot
 * deadlock), and what is free is computed from the source's figures and
 * the allocations table, exactly as a run computes it (`availableUnits`).
 * Every writer of an allocation that takes units holds these locks, so
 * what is free cannot shrink until the transaction ends.
 */
export class Stock {
  private constructor(private readonly entries: Map<string, Entry>) {}

  static async lock(tx: SqlExecutor, reservations: Reservation[]): Promise<Stock> {
    const keys = [...new Map(reservations.map((r) => [stockKey(r.variantId, r.locationId), { v: r.variantId, l: r.locationId }])).values()];
    const entries = new Map<string, Entry>();
    if (keys.length === 0) return new Stock(entries);
    const param = JSON.stringify(keys);
    const records = await tx.query<{ variant_id: string; location_id: string; record: { onHand?: unknown; reserved?: unknown; asOf?: unknown } }>(
      `select variant_id, location_id, record from inventory
       where status = 'available' and (variant_id, location_id) in (select e ->> 'v', e ->> 'l' from jsonb_array_elements($1::jsonb) as e)
       order by variant_id, location_id for update`,
      [param],
    );
    const allocated = await tx.query<{ variant_id: string; location_id: string; open: number; shipped: Array<{ at: string; quantity: number }> | null }>(
      `select variant_id, location_id,
              coalesce(sum(quantity) filter (where shipped_at is null), 0)::int as open,
              jsonb_agg(jsonb_build_object('at', shipped_at, 'quantity', quantity)) filter (where shipped_at is not null) as shipped
       from allocations
       where (variant_id, location_id) in (select e ->> 'v', e ->> 'l' from jsonb_array_elements($1::jsonb) as e)
       group by variant_id, location_id`,
      [param],
    );
    const byKey = new Map(allocated.map((a) => [stockKey(a.variant_id, a.location_id), a]));
    for (const row of records) {
      const key = stockKey(row.variant_id, row.location_id);
      const asOf = typeof row.record.asOf === 'string' ? row.record.asOf : null;
      const a = byKey.get(key);
      const shipped = (a?.shipped ?? []).filter((s) => takesFromSnapshot({ shippedAt: s.at }, asOf)).reduce((sum, s) => sum + s.quantity, 0);
      entries.set(key, { free: availableUnits({ onHand: count(row.record.onHand), reserved: count(row.record.reserved) }, (a?.open ?? 0) + shipped) });
    }
    return new Stock(entries);
  }

  /** Whether all of them fit in what is free now (several of one key add up). */
  fits(reservations: Reservation[]): boolean {
    for (const [key, quantity] of totals(reservations)) {
      if ((this.entries.get(key)?.free ?? 0) < quantity) return false;
    }
    return true;
  }

  /** Takes them from what is free (the caller checked `fits`). */
  take(reservations: Reservation[]): void {
    for (const [key, quantity] of totals(reservations)) this.entries.get(key)!.free -= quantity;
  }
}

function totals(reservations: Reservation[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const r of reservations) wanted.set(stockKey(r.variantId, r.locationId), (wanted.get(stockKey(r.variantId, r.locationId)) ?? 0) + r.quantity);
  return wanted;
}

function stockKey(variantId: Id, locationId: Id): string {
  return `${variantId}\u0000${locationId}`;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

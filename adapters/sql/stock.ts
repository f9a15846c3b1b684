import type { Id, Reservation } from '../../core/index.js';
import type { SqlExecutor } from './sql-client.js';

interface Entry {
  variantId: Id;
  locationId: Id;
  onHand: number;
  reserved: number;
  changed: boolean;
}

/**
 * The `available` inventory records some orders draw on, locked for one
 * transaction: applying reserves units (`reserved` grows), a rejection
 * releases them. Reserving never takes more than `onHand − reserved`.
 */
export class Stock {
  private constructor(private readonly entries: Map<string, Entry>) {}

  static async lock(tx: SqlExecutor, reservations: Reservation[]): Promise<Stock> {
    const keys = [...new Map(reservations.map((r) => [stockKey(r.variantId, r.locationId), { v: r.variantId, l: r.locationId }])).values()];
    const entries = new Map<string, Entry>();
    if (keys.length === 0) return new Stock(entries);
    const rows = await tx.query<{ variant_id: string; location_id: string; record: { onHand?: unknown; reserved?: unknown } }>(
      `select variant_id, location_id, record from inventory
       where status = 'available' and (variant_id, location_id) in (select e ->> 'v', e ->> 'l' from jsonb_array_elements($1::jsonb) as e)
       order by variant_id, location_id for update`,
      [JSON.stringify(keys)],
    );
    for (const row of rows) {
      entries.set(stockKey(row.variant_id, row.location_id), {
        variantId: row.variant_id,
        locationId: row.location_id,
        onHand: count(row.record.onHand),
        reserved: count(row.record.reserved),
        changed: false,
      });
    }
    return new Stock(entries);
  }

  /** Reserves all of them, or none when any does not fit. */
  reserve(reservations: Reservation[]): boolean {
    const wanted = new Map<string, number>();
    for (const r of reservations) wanted.set(stockKey(r.variantId, r.locationId), (wanted.get(stockKey(r.variantId, r.locationId)) ?? 0) + r.quantity);
    for (const [key, quantity] of wanted) {
      const entry = this.entries.get(key);
      if (!entry || entry.onHand - entry.reserved < quantity) return false;
    }
    for (const [key, quantity] of wanted) this.change(key, quantity);
    return true;
  }

  release(reservation: Reservation): void {
    const key = stockKey(reservation.variantId, reservation.locationId);
    const entry = this.entries.get(key);
    if (entry) this.change(key, -Math.min(entry.reserved, reservation.quantity));
  }

  async write(tx: SqlExecutor): Promise<void> {
    const changed = [...this.entries.values()].filter((e) => e.changed).map((e) => ({ v: e.variantId, l: e.locationId, reserved: e.reserved }));
    if (changed.length === 0) return;
    await tx.query(
      `update inventory i set record = jsonb_set(i.record, '{reserved}', e -> 'reserved')
       from jsonb_array_elements($1::jsonb) as e
       where i.status = 'available' and i.variant_id = e ->> 'v' and i.location_id = e ->> 'l'`,
      [JSON.stringify(changed)],
    );
  }

  private change(key: string, delta: number): void {
    const entry = this.entries.get(key)!;
    entry.reserved += delta;
    entry.changed = true;
  }
}

function stockKey(variantId: Id, locationId: Id): string {
  return `${variantId}\u0000${locationId}`;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

import { lineAllocation, storedOrder, type Id } from '../../core/index.js';
import { recordChange } from './changes.js';
import type { SqlExecutor } from './sql-client.js';

/** An order record to write, by id. */
export interface OrderWrite {
  id: Id;
  record: unknown;
}

/**
 * Writes stored orders' new records and their allocations, in the caller's
 * transaction: the one way an existing order changes in the store, so that
 * the `allocations` table always says what the order records say.
 */
export async function writeOrders(tx: SqlExecutor, writes: OrderWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await tx.query(
    `update sales_orders o set record = e.value -> 'record' from jsonb_array_elements($1::jsonb) as e where o.id = e.value ->> 'id'`,
    [JSON.stringify(writes)],
  );
  await syncAllocations(tx, writes);
  await recordChange(tx, { collection: 'orders', keys: writes.map((w) => w.id) });
}

/** Replaces the allocations of these orders with the ones their records hold (`lineAllocation`); an order that fails its schema holds none. */
export async function syncAllocations(tx: SqlExecutor, orders: OrderWrite[]): Promise<void> {
  await tx.query('delete from allocations where order_id in (select jsonb_array_elements_text($1::jsonb))', [JSON.stringify(orders.map((o) => o.id))]);
  const rows = orders.flatMap(({ record }) => {
    const order = storedOrder(record);
    return order ? order.lines.flatMap((line) => lineAllocation(order, line) ?? []) : [];
  });
  if (rows.length === 0) return;
  await tx.query(
    `insert into allocations (order_id, line_id, variant_id, location_id, quantity, shipped_at)
     select e ->> 'orderId', e ->> 'lineId', e ->> 'variantId', e ->> 'locationId', (e ->> 'quantity')::integer, (e ->> 'shippedAt')::timestamptz
     from jsonb_array_elements($1::jsonb) as e
     on conflict do nothing`,
    [JSON.stringify(rows)],
  );
}

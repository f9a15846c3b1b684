import {
  cancelLine,
  OpenDomError,
  rejectLine,
  resetLine,
  shipLine,
  storedOrder,
  type Id,
  type LineChange,
  type LineEvent,
  type LineEventOutcome,
  type SalesLine,
  type SalesOrder,
} from '../../core/index.js';
import { writeOrders, type OrderWrite } from './orders.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/** Line events applied per transaction. */
const EVENT_GROUP = 500;

/** A store or operator rejects a line at a location (docs/spec.md §6): one transaction with the release of its allocation. */
export function reject(client: SqlClient, lineId: Id, locationId: Id, now: Date): Promise<LineChange> {
  return changeLine(client, lineId, (line) => ({
    after: rejectLine(line, locationId, now),
    message: `line ${lineId} rejected at ${locationId}; ${line.quantity} × ${line.variantId} released`,
  }), now);
}

/** An operator resets an exception (docs/spec.md §6); the rejection history stays for the rejection period. */
export function reset(client: SqlClient, lineId: Id, now: Date): Promise<LineChange> {
  return changeLine(client, lineId, (line) => ({
    after: resetLine(line, now),
    message: `line ${lineId} reset from ${line.exceptionType ?? 'exception'} after ${line.attempts} attempt(s); the rejection count starts again (${line.rejections.length} rejection(s) kept)`,
  }), now);
}

async function changeLine(client: SqlClient, lineId: Id, change: (line: SalesLine) => { after: SalesLine; message: string }, now: Date): Promise<LineChange> {
  return client.transaction(async (tx) => {
    const [locked] = await lockOrdersOfLines(tx, [lineId]);
    if (locked && !locked.order) throw invalidOrder(locked.id);
    const order = locked?.order;
    const before = order?.lines.find((l) => l.id === lineId);
    if (!order || !before) throw OpenDomError.of({ code: 'E_LIFECYCLE', recordId: lineId, message: 'no sales line with this id in the store; check the id (opendom plans / the sales_lines view)' });
    const { after, message } = change(before);
    await writeOrders(tx, [{ id: order.id, record: withLine(order, after) }]);
    await tx.query(`insert into logs (at, line_id, level, message) values ($1, $2, 'info', $3)`, [now, lineId, message]);
    return { orderId: order.id, before, after };
  });
}

/**
 * Shipments and cancellations from the source (docs/store.md), in groups of
 * orders, each group one transaction: every event is checked against its
 * line as it is then (a refused event changes nothing and does not stop the
 * others), and each changed order is written with its allocations.
 */
export async function applyLineEvents(client: SqlClient, events: LineEvent[], now: Date): Promise<LineEventOutcome[]> {
  const outcomes: LineEventOutcome[] = [];
  for (let start = 0; start < events.length; start += EVENT_GROUP) {
    const group = events.slice(start, start + EVENT_GROUP);
    outcomes.push(...await client.transaction((tx) => applyEventGroup(tx, group, now)));
  }
  return outcomes;
}

async function applyEventGroup(tx: SqlExecutor, events: LineEvent[], now: Date): Promise<LineEventOutcome[]> {
  const orders = new Map<Id, SalesOrder>();
  const orderOfLine = new Map<Id, Id>();
  for (const { order } of await lockOrdersOfLines(tx, events.map((e) => e.lineId))) {
    if (!order) continue;
    orders.set(order.id, order);
    for (const line of order.lines) orderOfLine.set(line.id, order.id);
  }
  const changed = new Set<Id>();
  const outcomes = events.map((event): LineEventOutcome => {
    const orderId = orderOfLine.get(event.lineId);
    const order = orderId === undefined ? undefined : orders.get(orderId)!;
    const line = order?.lines.find((l) => l.id === event.lineId);
    if (!order || !line) return { outcome: 'refused', code: 'E_LIFECYCLE', message: `no sales line ${event.lineId} in a valid order of the store` };
    try {
      const after = event.event === 'shipped' ? shipLine(line, new Date(event.at), event.locationId) : cancelLine(line);
      if (after === null) return { outcome: 'unchanged' };
      orders.set(order.id, withLine(order, after));
      changed.add(order.id);
      return { outcome: 'changed' };
    } catch (error) {
      if (!(error instanceof OpenDomError)) throw error;
      return { outcome: 'refused', code: 'E_LIFECYCLE', message: error.issues[0]?.message ?? error.message };
    }
  });
  const writes: OrderWrite[] = [...changed].map((id) => ({ id, record: orders.get(id) }));
  await writeOrders(tx, writes);
  const logged = events.filter((_, i) => outcomes[i]!.outcome === 'changed');
  if (logged.length > 0) {
    await tx.query(
      `insert into logs (at, line_id, level, message) select $1, e ->> 'lineId', 'info', e ->> 'message' from jsonb_array_elements($2::jsonb) as e`,
      [now, JSON.stringify(logged.map((e) => ({ lineId: e.lineId, message: `line ${e.lineId} ${e.event} at ${e.at}` })))],
    );
  }
  return outcomes;
}

/** A stored line with its order's id and version (found through the index on line ids); null when no valid order holds it. */
export async function getLine(client: SqlExecutor, lineId: Id): Promise<{ orderId: Id; orderVersion: number; line: SalesLine } | null> {
  const rows = await client.query<{ record: unknown }>(`select record from sales_orders where record -> 'lines' @> jsonb_build_array(jsonb_build_object('id', $1::text))`, [lineId]);
  for (const row of rows) {
    const order = storedOrder(row.record);
    const line = order?.lines.find((l) => l.id === lineId);
    if (order && line) return { orderId: order.id, orderVersion: order.version, line };
  }
  return null;
}

/**
 * The orders holding these line ids (found through the index on line ids),
 * locked by id, with defaults filled; null for an order that no longer
 * passes its schema.
 */
async function lockOrdersOfLines(tx: SqlExecutor, lineIds: Id[]): Promise<Array<{ id: Id; order: SalesOrder | null }>> {
  const found = await tx.query<{ id: string }>(
    `select distinct o.id from jsonb_array_elements_text($1::jsonb) as l(id)
     cross join lateral (select id from sales_orders where record -> 'lines' @> jsonb_build_array(jsonb_build_object('id', l.id))) as o`,
    [JSON.stringify(lineIds)],
  );
  const rows = await tx.query<{ id: string; record: unknown }>(
    'select id, record from sales_orders where id in (select jsonb_array_elements_text($1::jsonb)) order by id for update',
    [JSON.stringify(found.map((f) => f.id))],
  );
  return rows.map((row) => ({ id: row.id, order: storedOrder(row.record) }));
}

function invalidOrder(orderId: Id): OpenDomError {
  return OpenDomError.of({ code: 'E_LIFECYCLE', file: 'sales_orders', recordId: orderId, message: 'order does not pass validation; fix it (re-import it) first' });
}

function withLine(order: SalesOrder, line: SalesLine): SalesOrder {
  return { ...order, lines: order.lines.map((l) => (l.id === line.id ? line : l)) };
}

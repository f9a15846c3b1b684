import { OpenDomError, rejectLine, resetLine, storedOrder, type Id, type LineChange, type SalesLine, type SalesOrder } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { Stock } from './stock.js';

/** A store or operator rejects a line at a location (SPEC.md §6), in one transaction with the release of its units. */
export function reject(client: SqlClient, lineId: Id, locationId: Id, now: Date): Promise<LineChange> {
  return changeLine(client, lineId, async (tx, line) => {
    const { line: after, release } = rejectLine(line, locationId, now);
    const stock = await Stock.lock(tx, [release]);
    stock.release(release);
    await stock.write(tx);
    return { after, message: `line ${lineId} rejected at ${locationId}; ${release.quantity} × ${release.variantId} released` };
  }, now);
}

/** An operator resets an exception (SPEC.md §6); the log keeps the rejections it clears. */
export function reset(client: SqlClient, lineId: Id, now: Date): Promise<LineChange> {
  return changeLine(client, lineId, async (_tx, line) => {
    const cleared = line.rejections.map((r) => `${r.locationId} at ${r.at}`).join(', ');
    return {
      after: resetLine(line),
      message: `line ${lineId} reset from ${line.exceptionType ?? 'exception'} after ${line.attempts} attempt(s)${cleared ? `; rejections cleared: ${cleared}` : ''}`,
    };
  }, now);
}

async function changeLine(
  client: SqlClient,
  lineId: Id,
  change: (tx: SqlExecutor, line: SalesLine) => Promise<{ after: SalesLine; message: string }>,
  now: Date,
): Promise<LineChange> {
  return client.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; record: unknown }>(
      `select id, record from sales_orders where record -> 'lines' @> $1::jsonb for update`,
      [JSON.stringify([{ id: lineId }])],
    );
    if (!row) throw OpenDomError.of({ code: 'E_LIFECYCLE', recordId: lineId, message: 'no sales line with this id in the store; check the id (opendom plans / the sales_lines view)' });
    const order = storedOrder(row.record);
    if (!order) {
      throw OpenDomError.of({ code: 'E_LIFECYCLE', file: 'sales_orders', recordId: row.id, message: `order of line ${lineId} does not pass validation; fix it (re-import it) first` });
    }
    const before = order.lines.find((l) => l.id === lineId)!;
    const { after, message } = await change(tx, before);
    const updated: SalesOrder = { ...order, lines: order.lines.map((l) => (l.id === lineId ? after : l)) };
    await tx.query('update sales_orders set record = $2::jsonb where id = $1', [order.id, JSON.stringify(updated)]);
    await tx.query(`insert into logs (at, line_id, level, message) values ($1, $2, 'info', $3)`, [now, lineId, message]);
    return { orderId: order.id, before, after };
  });
}

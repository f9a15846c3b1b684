import {
  applyPlannedOrder,
  invalidOrders,
  markInvalidInput,
  OpenDomError,
  plannedOrders,
  storedOrder,
  type ApplyOptions,
  type ApplyReport,
  type Id,
  type OrderOutcome,
  type Plan,
  type PlannedOrder,
  type Reservation,
} from '../../core/index.js';
import { Capacity } from './capacity.js';
import { writeOrders } from './orders.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { Stock } from './stock.js';

/** What one order of a group comes to, before it is written. */
interface Settled {
  orderId: Id;
  outcome: OrderOutcome;
  detail: string | null;
  /** The record to write, or null to leave the order as it is. */
  record: unknown;
  /** Lines of an applied order a before-apply hook held back (left as they were). */
  heldLines?: Id[];
}

/** What settling a group needs to know of the plan and the run. */
interface GroupContext {
  planId: string;
  planned: Map<Id, PlannedOrder>;
  /** Orders set aside as invalid input, with the reason. */
  invalid: Map<Id, string>;
  /** The order limit of each location the run respected (the plan's `orderLimits`). */
  orderLimits: Map<Id, number>;
  maxAttempts: number;
  now: Date;
  runId: string | undefined;
  /** Orders before-apply hooks vetoed, with why. */
  vetoed: ReadonlyMap<Id, string>;
  /** Lines before-apply hooks held back, with why. */
  held: ReadonlyMap<Id, string>;
}

/**
 * Applies a stored plan (docs/spec.md §3.7). Orders are settled in groups of
 * `groupSize`, each group in one transaction that locks, in this order, the
 * plan, the group's unsettled `plan_orders` rows, its orders, the order
 * limits of their locations and their stock; re-checks each order under
 * those locks (an order another applier settled meanwhile is skipped, so a
 * plan applied twice at once is applied once); applies the core lifecycle to
 * each order (all or nothing per order); and writes the orders with their
 * allocations, each order's outcome and the run's progress. A process
 * killed in the middle leaves each order either applied or untouched.
 */
export async function applyPlan(client: SqlClient, plan: Plan, options: ApplyOptions & { groupSize: number; maxAttempts: number }): Promise<ApplyReport> {
  const context: GroupContext = {
    planId: plan.planId,
    planned: new Map(plannedOrders(plan).map((p) => [p.orderId, p])),
    invalid: new Map(invalidOrders(plan).map((o) => [o.orderId, o.reason])),
    orderLimits: new Map((plan.orderLimits ?? []).map((l) => [l.locationId, l.limit])),
    maxAttempts: options.maxAttempts,
    now: options.now,
    runId: options.runId,
    vetoed: options.verdict?.vetoed ?? new Map(),
    held: options.verdict?.held ?? new Map(),
  };
  const orders = await client.query<{ order_id: string; outcome: string | null }>('select order_id, outcome from plan_orders where plan_id = $1 order by position', [plan.planId]);
  if (orders.length === 0 && context.planned.size + context.invalid.size > 0) {
    throw OpenDomError.of({ code: 'E_LIFECYCLE', recordId: plan.planId, message: 'plan is not in the store; store it (savePlan) before applying it' });
  }
  const pending = orders.filter((o) => o.outcome === null).map((o) => o.order_id);
  const report: ApplyReport = {
    planId: plan.planId,
    orders: orders.length,
    outcomes: { applied: 0, conflict: 0, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 0 },
    alreadySettled: orders.length - pending.length,
    notApplied: [],
  };
  if (options.runId) await client.query(`update runs set status = 'applying' where id = $1`, [options.runId]);
  let done = report.alreadySettled;
  options.onProgress?.(done, orders.length);
  for (let start = 0; start < pending.length; start += options.groupSize) {
    const group = pending.slice(start, start + options.groupSize).sort();
    const settled = await client.transaction((tx) => settleGroup(tx, group, context));
    options.onSettled?.(settled.map(({ orderId, outcome }) => ({ orderId, outcome })));
    report.alreadySettled += group.length - settled.length;
    for (const s of settled) {
      report.outcomes[s.outcome]++;
      if (s.outcome !== 'applied') report.notApplied.push({ orderId: s.orderId, outcome: s.outcome, detail: s.detail ?? '' });
    }
    done += group.length;
    options.onProgress?.(done, orders.length);
  }
  return report;
}

async function settleGroup(tx: SqlExecutor, group: Id[], context: GroupContext): Promise<Settled[]> {
  // The plan row is held (key share) so that clean-up cannot delete it under the group.
  const [plan] = await tx.query('select id from plans where id = $1 for key share', [context.planId]);
  if (!plan) {
    throw OpenDomError.of({ code: 'E_LIFECYCLE', recordId: context.planId, message: 'plan was deleted while it was being applied; the orders settled before stay as they are' });
  }
  const unsettled = (await tx.query<{ order_id: string }>(
    `select order_id from plan_orders where plan_id = $1 and order_id in (select jsonb_array_elements_text($2::jsonb)) and outcome is null order by order_id for update`,
    [context.planId, JSON.stringify(group)],
  )).map((r) => r.order_id);
  if (unsettled.length === 0) return [];
  const rows = await tx.query<{ id: string; record: unknown }>(
    'select id, record from sales_orders where id in (select jsonb_array_elements_text($1::jsonb)) order by id for update',
    [JSON.stringify(unsettled)],
  );
  const records = new Map(rows.map((r) => [r.id, r.record]));
  const decisions = unsettled.map((orderId) => decide(orderId, records.get(orderId), context));
  const applying = decisions.filter((d) => d.settled.outcome === 'applied');
  const capacity = await Capacity.lock(tx, context.orderLimits, applying.map((d) => ({ orderId: d.settled.orderId, reservations: d.reservations })));
  const stock = await Stock.lock(tx, applying.flatMap((d) => d.reservations));
  const settled = decisions.map(({ settled: s, reservations }): Settled => {
    if (s.outcome !== 'applied') return s;
    const over = capacity.overLimit(s.orderId, reservations);
    if (over) {
      return { orderId: s.orderId, outcome: 'capacity-changed', detail: `${over.locationId} already holds ${over.limit} open order${over.limit === 1 ? '' : 's'}, its limit; order ${s.orderId} was not applied`, record: null };
    }
    if (!stock.fits(reservations)) {
      return { orderId: s.orderId, outcome: 'stock-changed', detail: `the stock the plan gave order ${s.orderId} is no longer available (${describe(reservations)})`, record: null };
    }
    capacity.take(s.orderId, reservations);
    stock.take(reservations);
    return s;
  });
  await writeOrders(tx, settled.flatMap((s) => (s.record === null ? [] : [{ id: s.orderId, record: s.record }])));
  await tx.query(
    `update plan_orders p set outcome = e.value ->> 'outcome', detail = e.value ->> 'detail', held_lines = e.value -> 'heldLines', applied_at = $2
     from jsonb_array_elements($3::jsonb) as e where p.plan_id = $1 and p.order_id = e.value ->> 'orderId'`,
    [context.planId, context.now, JSON.stringify(settled.map(({ orderId, outcome, detail, heldLines }) => ({ orderId, outcome, detail, heldLines: heldLines ?? null })))],
  );
  if (context.runId) await tx.query('update runs set orders_applied = orders_applied + $2 where id = $1', [context.runId, settled.length]);
  return settled;
}

/** What the plan comes to for one stored order, and the stock it would allocate. */
function decide(orderId: Id, record: unknown, context: GroupContext): { settled: Settled; reservations: Reservation[] } {
  const veto = context.vetoed.get(orderId);
  if (veto !== undefined) return { settled: { orderId, outcome: 'vetoed', detail: veto, record: null }, reservations: [] };
  const reason = context.invalid.get(orderId);
  if (reason !== undefined) {
    return { settled: { orderId, outcome: 'invalid-input', detail: reason, record: record === undefined ? null : markInvalidInput(record) }, reservations: [] };
  }
  const current = storedOrder(record);
  if (!current) {
    const detail = record === undefined ? `order ${orderId} was removed since the run read it` : `order ${orderId} no longer passes validation`;
    return { settled: { orderId, outcome: 'conflict', detail, record: null }, reservations: [] };
  }
  const planned = context.planned.get(orderId)!;
  const heldLines = planned.lines.filter((l) => context.held.has(l.lineId)).map((l) => l.lineId);
  // A held line is left out of what is applied: it stays exactly as it is.
  const applying = heldLines.length === 0 ? planned : { ...planned, lines: planned.lines.filter((l) => !context.held.has(l.lineId)) };
  const result = applyPlannedOrder(current, applying, { maxAttempts: context.maxAttempts });
  return result.outcome === 'applied'
    ? { settled: { orderId, outcome: 'applied', detail: null, record: result.order, ...(heldLines.length > 0 ? { heldLines } : {}) }, reservations: result.reservations }
    : { settled: { orderId, outcome: 'conflict', detail: result.detail, record: result.order }, reservations: [] };
}

function describe(reservations: Reservation[]): string {
  return reservations.map((r) => `${r.quantity} × ${r.variantId} at ${r.locationId}`).join(', ');
}

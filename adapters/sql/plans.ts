import { invalidOrders, type ApplyReport, type Id, type OrderOutcome, type Plan, type PlanListing, type SolveStatus } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/** Rows per statement when writing a plan's lines. */
const CHUNK = 1000;

/**
 * Stores a plan: its header, each line (so one line can be explained without
 * loading the plan), each order it touches with the versions it was planned
 * against (applying settles them one by one), and its log.
 */
export async function savePlan(client: SqlClient, runId: string | null, plan: Plan): Promise<void> {
  const { lines, selection, log, ...header } = plan;
  // An invalid duplicate of a selected order's id is reported in the plan but is not a second order here.
  const selected = new Set(selection.map((s) => s.orderId));
  const invalid = invalidOrders(plan).filter((o) => !selected.has(o.orderId));
  const orders = [
    ...selection.map((s) => ({ orderId: s.orderId, selection: { version: s.version, lines: s.lines } })),
    ...invalid.map((o) => ({ orderId: o.orderId, selection: null })),
  ];
  await client.transaction(async (tx) => {
    await tx.query('insert into plans (id, run_id, profile_id, created_at, header) values ($1, $2, $3, $4, $5::jsonb)', [
      plan.planId,
      runId,
      plan.profileId,
      new Date(plan.createdAt),
      JSON.stringify(header),
    ]);
    await insertChunks(tx, lines, (chunk, offset) => [
      `insert into plan_lines (plan_id, position, line_id, order_id, record)
       select $1, (e.n + $2)::int, e.value ->> 'lineId', e.value ->> 'orderId', e.value
       from jsonb_array_elements($3::jsonb) with ordinality as e(value, n)`,
      [plan.planId, offset, JSON.stringify(chunk)],
    ]);
    await insertChunks(tx, orders, (chunk, offset) => [
      `insert into plan_orders (plan_id, order_id, position, selection)
       select $1, e.value ->> 'orderId', (e.n + $2)::int, e.value -> 'selection'
       from jsonb_array_elements($3::jsonb) with ordinality as e(value, n)`,
      [plan.planId, offset, JSON.stringify(chunk)],
    ]);
    await insertChunks(tx, log, (chunk) => [
      `insert into logs (at, run_id, plan_id, level, message)
       select $1, $2, $3, e ->> 'level', e ->> 'message' from jsonb_array_elements($4::jsonb) as e`,
      [new Date(plan.createdAt), runId, plan.planId, JSON.stringify(chunk)],
    ]);
    if (runId !== null) await tx.query('update runs set plan_id = $2, orders_total = $3 where id = $1', [runId, plan.planId, orders.length]);
  });
}

/** Adds entries to a plan's log, under the plan's run. */
export async function appendLog(client: SqlExecutor, planId: string, entries: Array<{ level: 'info' | 'warn'; message: string }>, now: Date): Promise<void> {
  await insertChunks(client, entries, (chunk) => [
    `insert into logs (at, run_id, plan_id, level, message)
     select $1, (select run_id from plans where id = $2), $2, e ->> 'level', e ->> 'message' from jsonb_array_elements($3::jsonb) as e`,
    [now, planId, JSON.stringify(chunk)],
  ]);
}

async function insertChunks<T>(tx: SqlExecutor, items: T[], statement: (chunk: T[], offset: number) => [string, unknown[]]): Promise<void> {
  for (let start = 0; start < items.length; start += CHUNK) {
    const [text, params] = statement(items.slice(start, start + CHUNK), start);
    await tx.query(text, params);
  }
}

/** A stored plan, whole or with only some of its lines; null when unknown (or cleaned up). */
export async function getPlan(client: SqlExecutor, planId: string, lineIds?: Id[]): Promise<Plan | null> {
  const [row] = await client.query<{ header: Omit<Plan, 'lines' | 'selection' | 'log'> }>('select header from plans where id = $1', [planId]);
  if (!row) return null;
  const only = lineIds ? JSON.stringify(lineIds) : null;
  const lines = await client.query<{ record: Plan['lines'][number] }>(
    `select record from plan_lines where plan_id = $1 and ($2::jsonb is null or line_id in (select jsonb_array_elements_text($2::jsonb))) order by position`,
    [planId, only],
  );
  const orders = await client.query<{ order_id: string; selection: { version: number; lines: Plan['selection'][number]['lines'] } | null }>(
    'select order_id, selection from plan_orders where plan_id = $1 order by position',
    [planId],
  );
  const log = await client.query<Plan['log'][number]>('select level, message from logs where plan_id = $1 order by id', [planId]);
  const wanted = lineIds && new Set(lineIds);
  const selection = orders.flatMap((o) => (o.selection ? [{ orderId: o.order_id, version: o.selection.version, lines: o.selection.lines }] : []));
  return {
    ...row.header,
    lines: lines.map((l) => l.record),
    exceptions: wanted ? row.header.exceptions.filter((e) => e.lineId !== null && wanted.has(e.lineId)) : row.header.exceptions,
    selection: wanted ? selection.filter((s) => s.lines.some((l) => wanted.has(l.lineId))) : selection,
    log: log.map((l) => ({ level: l.level, message: l.message })),
  } as Plan;
}

export async function listPlans(client: SqlExecutor, options: { profileId?: Id; limit?: number } = {}): Promise<PlanListing[]> {
  const rows = await client.query<{
    id: string;
    run_id: string | null;
    profile_id: string;
    created_at: Date;
    solver_status: SolveStatus;
    lines: number;
    fill_rate: number;
    orders: number;
    settled: number;
  }>(
    `select p.id, p.run_id, p.profile_id, p.created_at,
            p.header -> 'solver' ->> 'status' as solver_status,
            (p.header -> 'totals' ->> 'lines')::int as lines,
            (p.header -> 'totals' ->> 'fillRate')::float8 as fill_rate,
            (select count(*)::int from plan_orders o where o.plan_id = p.id) as orders,
            (select count(*)::int from plan_orders o where o.plan_id = p.id and o.outcome is not null) as settled
     from plans p
     where ($1::text is null or p.profile_id = $1)
     order by p.created_at desc, p.id
     limit $2`,
    [options.profileId ?? null, options.limit ?? 20],
  );
  return rows.map((r) => ({
    planId: r.id,
    runId: r.run_id,
    profileId: r.profile_id,
    createdAt: r.created_at,
    solverStatus: r.solver_status,
    lines: r.lines,
    fillRate: r.fill_rate,
    orders: r.orders,
    ordersSettled: r.settled,
  }));
}

/** Which of a plan's lines a page shows: each given criterion must hold. */
export interface PlanLineFilter {
  fulfillmentType?: 'full' | 'partial' | 'none';
  split?: boolean;
  /** Lines with an assignment at this location. */
  locationId?: Id;
  exceptionType?: string;
  orderId?: Id;
}

/** A stored plan's header (no lines, selection or log) with a page of its lines that pass the filter, in plan order; null when unknown. */
export async function getPlanPage(client: SqlExecutor, planId: string, offset: number, limit: number, filter: PlanLineFilter = {}): Promise<PlanPage | null> {
  const [row] = await client.query<{ header: PlanPage['plan'] }>('select header from plans p where id = $1', [planId]);
  if (!row) return null;
  const where = `plan_id = $1
    and ($2::text is null or record ->> 'fulfillmentType' = $2)
    and ($3::boolean is null or (record ->> 'split')::boolean = $3)
    and ($4::jsonb is null or record -> 'assignments' @> $4::jsonb)
    and ($5::text is null or record ->> 'exceptionType' = $5)
    and ($6::text is null or order_id = $6)`;
  const params = [
    planId,
    filter.fulfillmentType ?? null,
    filter.split ?? null,
    filter.locationId === undefined ? null : JSON.stringify([{ locationId: filter.locationId }]),
    filter.exceptionType ?? null,
    filter.orderId ?? null,
  ];
  const [{ total }] = (await client.query<{ total: number }>(`select count(*)::int as total from plan_lines where ${where}`, params)) as [{ total: number }];
  // Unfiltered, a page is a range of positions (1, 2, … as stored): found by the key, not by skipping `offset` rows.
  const unfiltered = params.slice(1).every((p) => p === null);
  const lines = unfiltered
    ? await client.query<{ record: Plan['lines'][number] }>('select record from plan_lines where plan_id = $1 and position > $2 and position <= $2 + $3 order by position', [planId, offset, limit])
    : await client.query<{ record: Plan['lines'][number] }>(`select record from plan_lines where ${where} order by position offset $7 limit $8`, [...params, offset, limit]);
  return { plan: row.header, lines: lines.map((l) => l.record), total };
}

export interface PlanPage {
  plan: Omit<Plan, 'lines' | 'selection' | 'log'>;
  lines: Plan['lines'];
  /** Lines of the plan that pass the filter (all of them without one). */
  total: number;
}

/**
 * What applying a stored plan has settled so far, from its orders' rows (so
 * any process sees it, however many applies it took): the outcome counts
 * and each order not applied, with why. Null when the plan is unknown.
 */
export async function planSettlement(client: SqlExecutor, planId: string): Promise<ApplyReport | null> {
  const [plan] = await client.query<{ orders: number }>('select (select count(*)::int from plan_orders o where o.plan_id = p.id) as orders from plans p where id = $1', [planId]);
  if (!plan) return null;
  const rows = await client.query<{ order_id: string; outcome: OrderOutcome; detail: string | null }>(
    'select order_id, outcome, detail from plan_orders where plan_id = $1 and outcome is not null order by position',
    [planId],
  );
  const outcomes: Record<OrderOutcome, number> = { applied: 0, conflict: 0, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 0 };
  const notApplied: ApplyReport['notApplied'] = [];
  for (const row of rows) {
    outcomes[row.outcome]++;
    if (row.outcome !== 'applied') notApplied.push({ orderId: row.order_id, outcome: row.outcome, detail: row.detail ?? '' });
  }
  return { planId, orders: plan.orders, outcomes, alreadySettled: 0, notApplied };
}

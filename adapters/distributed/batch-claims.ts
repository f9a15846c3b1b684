import type { PluginChoice } from '../../core/engine/engine-options.js';
import type { RunOptions } from '../../core/engine/engine.js';
import { ordersThatNoLongerFit } from '../../core/engine/batch-runner.js';
import { RunLedger } from '../../core/engine/ledger.js';
import type { BatchResult, IterationResult } from '../../core/pipeline/post-process.stage.js';
import type { Id } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from '../sql/sql-client.js';
import { packResult, unpackResult, type ExplainedBatchJson } from './explained-batch-json.js';

/** What every worker needs to solve a distributed run's batches alike (its data is the run's snapshot). */
export interface DistributedRunOptions {
  profileId: string;
  /** The run's instant, fixed by the coordinator. */
  asOf: string;
  solver?: string | PluginChoice;
  timeLimitSeconds?: number;
  relativeGap?: number;
  /** `all` for every removal. */
  removalsListed?: number | 'all';
}

/** What a batch's claim commits: the iterations whose assignments it takes, and its packed plan lines. */
export interface ClaimedBatch {
  takes: IterationResult[];
  packed: Buffer;
}

/** The engine's run options of a distributed run. */
export function runOptionsOf(options: DistributedRunOptions): RunOptions {
  const { asOf, removalsListed, ...rest } = options;
  return { ...rest, asOf: new Date(asOf), ...(removalsListed !== undefined ? { removalsListed: removalsListed === 'all' ? Infinity : removalsListed } : {}) };
}

export async function createDistributedRun(client: SqlExecutor, runId: string, options: DistributedRunOptions, batches: number, now: Date): Promise<void> {
  await client.query('insert into distributed_runs (run_id, options, batches, created_at) values ($1, $2::jsonb, $3, $4)', [runId, JSON.stringify(options), batches, now]);
}

export async function distributedRun(client: SqlExecutor, runId: string): Promise<{ options: DistributedRunOptions; batches: number } | null> {
  const [row] = await client.query<{ options: DistributedRunOptions; batches: number }>('select options, batches from distributed_runs where run_id = $1', [runId]);
  return row ?? null;
}

/** Distributed runs left running: their coordinator may have stopped (a run whose coordinator lives holds its profile's lock). */
export async function runningDistributedRuns(client: SqlExecutor): Promise<Array<{ runId: string; profileId: string }>> {
  return client.query(`select r.id as "runId", r.profile_id as "profileId" from runs r join distributed_runs d on d.run_id = r.id where r.status = 'running' order by r.started_at`);
}

/** What the run's committed batches took of these variants' stock, and of every location's order capacity. */
export async function takenSoFar(client: SqlExecutor, runId: string, variantIds: string[]): Promise<RunLedger> {
  const units = await client.query<{ variantId: string; locationId: string; units: number }>(
    'select variant_id as "variantId", location_id as "locationId", units from distributed_stock where run_id = $1 and variant_id = any($2::text[])',
    [runId, variantIds],
  );
  const orders = await client.query<{ locationId: string; orders: number }>('select location_id as "locationId", orders from distributed_location_orders where run_id = $1', [runId]);
  return RunLedger.of(units, orders);
}


/**
 * Commits a solved batch (docs/scale-out.md, "Guarantees"). The run's row
 * is locked first, so the claims of one run's batches follow one another
 * whichever hosts make them. Inside that lock, what the committed batches
 * took is read again, and each of the batch's orders, in turn, still fits
 * when its assignments fit in the room its problems saw, less what was
 * taken since `base` (the totals the batch was solved from) — the
 * in-process coordinator's test. `settle` is given the orders that no
 * longer fit and the totals as they stand, and answers what the batch
 * takes: the orders that fit as solved, those that lost planned again
 * against what is left. Its units and order slots are then added and its
 * plan lines stored in the same transaction, once per (run, batch): a batch
 * already committed (a retried job) is not taken twice, and `settle` is not
 * called.
 */
export async function claimBatch(
  client: SqlClient,
  runId: string,
  result: BatchResult,
  /** The totals the batch was solved from, read for its variants. */
  base: { taken: RunLedger; variantIds: string[] },
  settle: (lost: ReadonlySet<Id>, current: RunLedger) => Promise<ClaimedBatch>,
  by: ClaimedBy,
): Promise<{ outcome: 'committed'; lost: number } | { outcome: 'already-done' }> {
  return client.transaction(async (tx) => {
    if (!(await lockUndone(tx, runId, result.index))) return { outcome: 'already-done' } as const;
    const current = await takenSoFar(tx, runId, base.variantIds);
    const lost = ordersThatNoLongerFit(result, base.taken, current);
    await take(tx, runId, result.index, await settle(lost, current), by);
    return { outcome: 'committed', lost: lost.size } as const;
  });
}

/** Who claims a batch, on which attempt of its job. */
export interface ClaimedBy {
  worker: string;
  attempts: number;
}

/** Locks the run's row (the claims of one run follow one another); false when the batch is done already. */
async function lockUndone(tx: SqlExecutor, runId: string, batch: number): Promise<boolean> {
  await tx.query('select run_id from distributed_runs where run_id = $1 for update', [runId]);
  const [row] = await tx.query('select 1 from distributed_batches where run_id = $1 and batch = $2', [runId, batch]);
  return row === undefined;
}

/** Adds what a settled batch takes to the run's totals and stores its plan lines. */
async function take(tx: SqlExecutor, runId: string, batch: number, { takes, packed }: ClaimedBatch, by: ClaimedBy): Promise<void> {
  const taken = new RunLedger();
  for (const { problem, outcome } of takes) taken.takeAssigned(problem, outcome.arcQuantities);
  const units = [...taken.unitTotals()];
  const orders = [...taken.orderTotals()];
  await tx.query(
    `insert into distributed_stock (run_id, variant_id, location_id, units)
     select $1, v, l, u from unnest($2::text[], $3::text[], $4::int[]) as t (v, l, u)
     on conflict (run_id, variant_id, location_id) do update set units = distributed_stock.units + excluded.units`,
    [runId, units.map((u) => u.variantId), units.map((u) => u.locationId), units.map((u) => u.units)],
  );
  await tx.query(
    `insert into distributed_location_orders (run_id, location_id, orders)
     select $1, l, n from unnest($2::text[], $3::int[]) as t (l, n)
     on conflict (run_id, location_id) do update set orders = distributed_location_orders.orders + excluded.orders`,
    [runId, orders.map((o) => o.locationId), orders.map((o) => o.orders)],
  );
  await insertBatch(tx, runId, batch, 'committed', packed, by);
}

/** Ends a batch that cannot be solved for a reason in its data: no claims, its orders become exceptions with `reason`. False when the batch was done already. */
export async function failBatch(client: SqlClient, runId: string, batch: number, reason: string, by: ClaimedBy): Promise<boolean> {
  const packed = packResult({ reason });
  return client.transaction(async (tx) => {
    if (!(await lockUndone(tx, runId, batch))) return false;
    await insertBatch(tx, runId, batch, 'failed', packed, by);
    return true;
  });
}

/** Whether a job's batch is to be solved: not when it is done already, nor when its run no longer plans (it failed or was cancelled). */
export async function batchToSolve(client: SqlExecutor, runId: string, batch: number): Promise<'solve' | 'already-done' | 'run-ended'> {
  const [row] = await client.query<{ status: string; done: boolean }>(
    'select status, exists (select 1 from distributed_batches where run_id = $1 and batch = $2) as done from runs where id = $1',
    [runId, batch],
  );
  return row?.done ? 'already-done' : row?.status === 'running' ? 'solve' : 'run-ended';
}

/** The batches of the run that are done (committed or failed). */
export async function doneBatches(client: SqlExecutor, runId: string): Promise<Set<number>> {
  const rows = await client.query<{ batch: number }>('select batch from distributed_batches where run_id = $1', [runId]);
  return new Set(rows.map((r) => r.batch));
}

export type StoredBatch = { batch: number; status: 'committed'; result: ExplainedBatchJson } | { batch: number; status: 'failed'; result: { reason: string } };

/** Every done batch of the run with its result, in batch order. */
export async function storedBatches(client: SqlExecutor, runId: string): Promise<StoredBatch[]> {
  const rows = await client.query<{ batch: number; status: StoredBatch['status']; result: Uint8Array }>('select batch, status, result from distributed_batches where run_id = $1 order by batch', [runId]);
  return rows.map((row) => ({ ...row, result: unpackResult(row.result) }) as StoredBatch);
}

/**
 * Clears the plan lines the run's batches kept once its plan is stored; what
 * each batch took, and which worker committed it after how many attempts,
 * stay with the run (deleted with it) to be audited.
 */
export async function clearBatchResults(client: SqlExecutor, runId: string): Promise<void> {
  await client.query('update distributed_batches set result = null where run_id = $1', [runId]);
}

async function insertBatch(tx: SqlExecutor, runId: string, batch: number, status: 'committed' | 'failed', packed: Buffer, by: ClaimedBy): Promise<void> {
  await tx.query(
    'insert into distributed_batches (run_id, batch, status, result, worker, attempts, committed_at) values ($1, $2, $3, $4, $5, $6, now())',
    [runId, batch, status, packed, by.worker, by.attempts],
  );
}

import { createEngine, OpenDomError, runOnStore, type CreateEngineOptions, type LogEntry, type Plan, type StoreRunOptions, type StoreRunResult } from '../../index.js';
import type { PreparedRun } from '../../core/engine/prepared-run.js';
import type { ExplainedBatch } from '../../core/pipeline/post-process.stage.js';
import type { SqlClient } from '../sql/sql-client.js';
import type { SqlStore } from '../sql/sql-store.js';
import { parseSnapshot, snapshotBytes, snapshotChoices, snapshotDataset, snapshotRunSettings, takeSnapshot, type Snapshot } from '../snapshot/snapshot.js';
import { clearBatchResults, createDistributedRun, distributedRun, doneBatches, failBatch, runOptionsOf, storedBatches, type DistributedRunOptions, type StoredBatch } from './batch-claims.js';
import { batchJobId, batchQueue, enqueueBatches, type QueueTarget } from './batch-queue.js';
import { redact } from '../sql/postgres.client.js';
import { explainedFromJson } from './explained-batch-json.js';

export interface DistributedRunSettings extends QueueTarget {
  store: SqlStore;
  /** The engine's plugin packages and choices (the workers load the same packages from their configuration). */
  engine: Omit<CreateEngineOptions, 'data'>;
  /** How often the coordinator looks at the store and the queue (default 250 ms). */
  pollMs?: number;
  /** How long Redis may stay unreachable before the run fails (default 60 s); a Redis that comes back empty has the missing jobs enqueued again. */
  queueOutageSeconds?: number;
}

const DEFAULT_POLL_MS = 250;
const DEFAULT_OUTAGE_SECONDS = 60;
/** Polls between two looks at the queue's jobs (missing after a Redis restart, or failed for good). */
const QUEUE_CHECK_EVERY = 8;

/**
 * A run of a profile whose batches worker processes solve (docs/scale-out.md):
 * recorded as a local run is, with the data it reads kept as its snapshot,
 * which every worker solves from; its batches go on the queue, and the plan
 * is assembled from what the workers committed, then stored and applied as
 * a local run's is.
 */
export async function runDistributed(settings: DistributedRunSettings, options: StoreRunOptions): Promise<StoreRunResult> {
  const client = await postgresClient(settings.store);
  let snapshot: Snapshot | undefined;
  const engine = await createEngine({ ...settings.engine, data: { read: async () => snapshotDataset(snapshot!) } });
  try {
    return await cleared(client, runOnStore(engine, settings.store, options, {
      plan: async (run, runOptions) => {
        const now = options.now?.() ?? new Date();
        const stored: DistributedRunOptions = {
          profileId: options.profileId,
          asOf: (options.asOf ?? now).toISOString(),
          ...(options.solver ? { solver: options.solver } : {}),
          ...(options.timeLimitSeconds ? { timeLimitSeconds: options.timeLimitSeconds } : {}),
          ...(options.relativeGap !== undefined ? { relativeGap: options.relativeGap } : {}),
          ...(options.removalsListed !== undefined ? { removalsListed: options.removalsListed === Infinity ? 'all' : options.removalsListed } : {}),
        };
        snapshot = takeSnapshot(await settings.store.read(), { profileId: options.profileId, asOf: stored.asOf, source: `run ${run.id}`, run: snapshotRunSettings(stored), engine: snapshotChoices(settings.engine) }, now);
        await settings.store.saveRunSnapshot(run.id, snapshotBytes(snapshot), now);
        const prepared = await engine.prepare(runOptionsOf(stored));
        await createDistributedRun(client, run.id, stored, prepared.batches.length, now);
        return coordinate(settings, client, run.id, prepared, runOptions);
      },
    }));
  } finally {
    await engine.close();
  }
}

/**
 * Takes over a distributed run whose coordinator stopped (`opendom run
 * --resume RUN`): the batches the workers committed stand; the others are
 * enqueued again, and the run goes on to its plan as it would have.
 */
export async function resumeDistributed(settings: DistributedRunSettings, runId: string, options: Omit<StoreRunOptions, 'profileId'> = {}): Promise<StoreRunResult> {
  const client = await postgresClient(settings.store);
  const stored = await distributedRun(client, runId);
  const bytes = await settings.store.getRunSnapshot({ runId });
  if (!stored || !bytes) throw OpenDomError.of({ code: 'E_USAGE', recordId: runId, message: `run ${runId} is not a distributed run that can be resumed (it never enqueued its batches); start a new run` });
  const snapshot = parseSnapshot(bytes, `the snapshot of run ${runId}`);
  const engine = await createEngine({ ...settings.engine, ...snapshot.engine, data: { read: async () => snapshotDataset(snapshot) } });
  try {
    return await cleared(client, runOnStore(engine, settings.store, { ...options, profileId: stored.options.profileId }, {
      start: () => settings.store.resumeRun(runId),
      plan: async (_run, runOptions) => coordinate(settings, client, runId, await engine.prepare(runOptionsOf(stored.options)), runOptions),
    }));
  } finally {
    await engine.close();
  }
}

/** The run's batch results cleared once it has stored its plan (until then a resumed run assembles from them). */
async function cleared(client: SqlClient, run: Promise<StoreRunResult>): Promise<StoreRunResult> {
  const result = await run;
  await clearBatchResults(client, result.run.id);
  return result;
}

/** Enqueues the run's batches that are not done, follows them to the last, and assembles the plan from what the workers stored. */
async function coordinate(settings: DistributedRunSettings, client: SqlClient, runId: string, prepared: PreparedRun, options: StoreRunOptions): Promise<Plan> {
  const total = prepared.batches.length;
  const queue = batchQueue(settings);
  const log: LogEntry[] = [];
  const outage = new QueueOutage(settings);
  try {
    let done = await doneBatches(client, runId);
    await outage.guard(enqueueBatches(queue, runId, undone(total, done)));
    log.push({ level: 'info', message: `${total} batch${total === 1 ? '' : 'es'} solved by worker processes (queue ${queue.opts.prefix}:${queue.name} on ${redact(settings.redis)})` });
    let reported = -1;
    for (let poll = 1; ; poll++) {
      if (done.size !== reported) options.onBatch?.((reported = done.size), total);
      if (done.size === total) break;
      await new Promise((resolve) => setTimeout(resolve, settings.pollMs ?? DEFAULT_POLL_MS));
      done = await doneBatches(client, runId);
      if (poll % QUEUE_CHECK_EVERY === 0 && done.size < total) await outage.guard(checkJobs(queue, client, runId, undone(total, done), log));
    }
    return await prepared.finish((await storedBatches(client, runId)).map((stored) => explainedBatch(prepared, stored)), log);
  } catch (error) {
    // A run that fails (cancelled, Redis gone) takes its waiting jobs off the queue; a worker that meets one anyway skips it.
    await Promise.race([removeWaitingJobs(queue, runId, total), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => undefined);
    throw error;
  } finally {
    await queue.close();
  }
}

/**
 * Looks at the jobs of the batches not done: a job missing (Redis restarted
 * without its data, or the job was removed) is enqueued again; a job that
 * failed for good (its worker died on it too often, or the store stayed
 * unreachable) ends its batch with the reason.
 */
async function checkJobs(queue: ReturnType<typeof batchQueue>, client: SqlClient, runId: string, batches: number[], log: LogEntry[]): Promise<void> {
  const missing: number[] = [];
  for (const batch of batches) {
    const job = await queue.getJob(batchJobId({ runId, batch }));
    if (!job) missing.push(batch);
    else if (await job.isFailed()) {
      await failBatch(client, runId, batch, `batch ${batch} failed on the workers after ${job.attemptsMade} attempt(s): ${job.failedReason}`, { worker: 'coordinator', attempts: job.attemptsMade });
    }
  }
  if (missing.length === 0) return;
  // A batch may have been committed since `batches` was read; its job then finds it done and ends at once.
  await enqueueBatches(queue, runId, missing);
  log.push({ level: 'warn', message: `batch${missing.length === 1 ? '' : 'es'} ${missing.join(', ')} enqueued again: their jobs were no longer in the queue (Redis restarted?)` });
}

/** A stored batch as the plan's post-processing takes it; a failed one's orders become `batch-failed` exceptions with its reason. */
function explainedBatch(prepared: PreparedRun, stored: StoredBatch): ExplainedBatch {
  if (stored.status === 'committed') {
    for (const [stage, ms] of Object.entries(stored.result.timings)) prepared.timings[stage as keyof typeof prepared.timings] += ms;
    return explainedFromJson(stored.result);
  }
  const orders = prepared.batches[stored.batch] ?? [];
  const { reason } = stored.result;
  return {
    summary: { index: stored.batch, orders: orders.length, lines: orders.reduce((sum, o) => sum + o.lines.length, 0), iterations: [] },
    lines: [],
    exceptions: orders.flatMap((o) => o.lines.map((l) => ({ orderId: o.order.id, lineId: l.id, exceptionType: 'batch-failed' as const, reason, quantity: l.quantity }))),
    orderLimits: new Map(),
    costByFactor: new Map(),
    log: [{ level: 'warn', message: reason }],
  };
}

async function removeWaitingJobs(queue: ReturnType<typeof batchQueue>, runId: string, total: number): Promise<void> {
  for (let batch = 0; batch < total; batch++) {
    const job = await queue.getJob(batchJobId({ runId, batch }));
    if (job && (await job.isWaiting())) await job.remove();
  }
}

function undone(total: number, done: ReadonlySet<number>): number[] {
  return Array.from({ length: total }, (_, i) => i).filter((i) => !done.has(i));
}

/** Fails the run once Redis has been unreachable for longer than the settings allow; each call waits for Redis at most that long. */
class QueueOutage {
  private since: number | null = null;
  private readonly limitMs: number;

  constructor(private readonly settings: DistributedRunSettings) {
    this.limitMs = (settings.queueOutageSeconds ?? DEFAULT_OUTAGE_SECONDS) * 1000;
  }

  async guard(call: Promise<void>): Promise<void> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.limitMs - (this.since ? started - this.since : 0))));
    call.catch(() => undefined);
    const outcome = await Promise.race([call.then(() => 'ok' as const, (error: Error) => error), timeout]).finally(() => clearTimeout(timer));
    if (outcome === 'ok') {
      this.since = null;
      return;
    }
    this.since ??= started;
    if (outcome === 'timeout' || Date.now() - this.since >= this.limitMs) {
      throw OpenDomError.of({
        code: 'E_QUEUE',
        message: `Redis at ${redact(this.settings.redis)} was unreachable for ${Math.round((Date.now() - this.since) / 1000)} s${outcome === 'timeout' ? '' : ` (${outcome.message})`}; the run failed and applied nothing`,
      });
    }
  }
}

async function postgresClient(store: SqlStore): Promise<SqlClient> {
  const client = await store.client();
  if (client.driver !== 'postgres') throw OpenDomError.of({ code: 'E_USAGE', field: 'database', message: 'a distributed run needs a PostgreSQL store that every worker reaches (--database URL)' });
  return client;
}

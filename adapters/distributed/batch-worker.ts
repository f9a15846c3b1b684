import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { createEngine, OpenDomError, type CreateEngineOptions, type Engine, type SolverInstance } from '../../index.js';
import type { PreparedRun } from '../../core/engine/prepared-run.js';
import { emptyTimings } from '../../core/pipeline/stage.js';
import type { SqlStore } from '../sql/sql-store.js';
import { parseSnapshot, snapshotDataset } from '../snapshot/snapshot.js';
import { batchToSolve, claimBatch, distributedRun, failBatch, runOptionsOf, takenSoFar } from './batch-claims.js';
import { settleBatch } from './settle-batch.js';
import { DEFAULT_PREFIX, QUEUE_NAME, redisConnection, type BatchJob, type QueueTarget } from './batch-queue.js';
import { explainedToJson, packResult } from './explained-batch-json.js';
import { registerWorker, WorkerHeartbeat } from './worker-registry.js';

export interface BatchWorkerOptions extends QueueTarget {
  /** The store holding the runs (PostgreSQL). */
  store: SqlStore;
  /** The engine's plugin packages and choices, as a local run has them (the run's snapshot's choices go over them). */
  engine: Omit<CreateEngineOptions, 'data'>;
  /** Batches solved at once (default 1); above 1 their solves run in worker threads. */
  concurrency?: number;
  /** Seconds a job stays locked to this worker without a renewal; a worker that died gives its job up after this (default 30). */
  lockSeconds?: number;
  /** One line per event (started, batch done, failures). */
  log?: (message: string) => void;
}

/** What a batch job ended with. */
export type BatchJobOutcome = 'committed' | 'already-done' | 'failed' | 'run-ended';

/** Runs kept prepared at once: a worker serves one run at a time, or the tail of one and the head of the next. */
const RUNS_KEPT = 2;

/**
 * A worker process's share of distributed runs (docs/scale-out.md): takes
 * batch jobs from the queue, solves each with the engine on the run's
 * snapshot — loaded and prepared once per run, with the same plugins and
 * solver as a local run — and claims its stock and order slots in the store
 * (`claimBatch`): its orders that no longer fit what the run took by then
 * are planned again under the run's lock (`settleBatch`). A batch that
 * fails for a reason in its data ends as exceptions with that reason; a
 * failure outside it (the store unreachable) fails the job, which the queue
 * retries.
 */
export class BatchWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly runs = new Map<string, Promise<PreparedContext>>();
  private worker: Worker<BatchJob, BatchJobOutcome> | undefined;
  private heartbeat: WorkerHeartbeat | undefined;

  constructor(private readonly options: BatchWorkerOptions) {}

  async start(): Promise<void> {
    const connection = redisConnection(this.options.redis);
    const client = await this.options.store.client();
    if (client.driver !== 'postgres') throw OpenDomError.of({ code: 'E_USAGE', field: 'database', message: 'a worker needs the PostgreSQL store every host reaches (--database URL)' });
    const concurrency = this.options.concurrency ?? 1;
    this.heartbeat = await registerWorker(client, { id: this.id, host: hostname(), pid: process.pid, concurrency });
    const lockDuration = (this.options.lockSeconds ?? 30) * 1000;
    this.worker = new Worker<BatchJob, BatchJobOutcome>(QUEUE_NAME, (job) => this.process(job), {
      connection,
      prefix: this.options.prefix ?? DEFAULT_PREFIX,
      concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      // A job whose worker died is given to another this many times before it fails (and its batch with it).
      maxStalledCount: 3,
    });
    // Redis out of reach repeats its error at every reconnection attempt: each message is told once in 30 s.
    const told = new Map<string, number>();
    this.worker.on('error', (error) => {
      if (Date.now() - (told.get(error.message) ?? -Infinity) < 30_000) return;
      told.set(error.message, Date.now());
      this.options.log?.(`queue error (retrying): ${error.message}`);
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.heartbeat?.stop();
    for (const context of this.runs.values()) await context.then((c) => c.close(), () => undefined);
    this.runs.clear();
  }

  private async process(job: Job<BatchJob, BatchJobOutcome>): Promise<BatchJobOutcome> {
    const { runId, batch } = job.data;
    const client = await this.options.store.client();
    const state = await batchToSolve(client, runId, batch);
    if (state !== 'solve') return state;
    const started = performance.now();
    this.options.log?.(`run ${runId} batch ${batch}: solving (attempt ${job.attemptsMade + 1})`);
    const by = { worker: this.id, attempts: job.attemptsMade + 1 };
    const { prepared, solver } = await this.context(runId);
    const orders = prepared.batches[batch];
    if (!orders) {
      await failBatch(client, runId, batch, `the run has ${prepared.batches.length} batches, not ${batch + 1}`, by);
      return 'failed';
    }
    const variantIds = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.variantId)))];
    const base = { taken: await takenSoFar(client, runId, variantIds), variantIds };
    const timings = emptyTimings();
    let claimed: Awaited<ReturnType<typeof claimBatch>>;
    let locked = 0;
    try {
      const result = await inData(() => prepared.solveBatch(solver, orders, batch, base.taken.fork(), timings));
      // Explained and packed before the claim, so that the run's lock is held only to write, unless orders must be planned again.
      const packed = packResult(explainedToJson(await inData(() => prepared.explain(result, timings)), timings));
      claimed = await claimBatch(client, runId, result, base, async (lost, current) => {
        locked = performance.now();
        if (lost.size === 0) return { takes: result.iterations, packed };
        const settled = await inData(() => settleBatch(prepared, solver, result, lost, current, timings));
        return { takes: settled.takes, packed: packResult(explainedToJson(settled.explained, timings)) };
      }, by);
    } catch (error) {
      if (!(error instanceof BatchDataError)) throw error;
      const reason = `batch ${batch} could not be solved: ${error.message}`;
      await failBatch(client, runId, batch, reason, by);
      this.heartbeat?.count('failed');
      this.options.log?.(`run ${runId} ${reason}`);
      return 'failed';
    }
    if (claimed.outcome === 'committed') this.heartbeat?.count('done');
    const lost = claimed.outcome === 'committed' && claimed.lost > 0 ? `, ${claimed.lost} order${claimed.lost === 1 ? '' : 's'} planned again` : '';
    const ms = (since: number) => Math.round(performance.now() - since);
    this.options.log?.(`run ${runId} batch ${batch}: ${claimed.outcome} (${ms(started)} ms, the run's lock held ${locked ? ms(locked) : 0} ms${lost})`);
    return claimed.outcome;
  }

  /** The run prepared from its snapshot, once per run. */
  private context(runId: string): Promise<PreparedContext> {
    let context = this.runs.get(runId);
    if (!context) {
      context = this.prepare(runId);
      this.runs.set(runId, context);
      context.catch(() => this.runs.delete(runId));
      for (const [old, stale] of this.runs) {
        if (this.runs.size <= RUNS_KEPT) break;
        this.runs.delete(old);
        void stale.then((c) => c.close(), () => undefined);
      }
    }
    return context;
  }

  private async prepare(runId: string): Promise<PreparedContext> {
    const store = this.options.store;
    const run = await distributedRun(await store.client(), runId);
    const bytes = await store.getRunSnapshot({ runId });
    if (!run || !bytes) throw OpenDomError.of({ code: 'E_USAGE', recordId: runId, message: `run ${runId} is not a distributed run in this store (no options or snapshot)` });
    const snapshot = parseSnapshot(bytes, `the snapshot of run ${runId}`);
    const engine = await createEngine({ ...this.options.engine, ...snapshot.engine, data: { read: async () => snapshotDataset(snapshot) } });
    try {
      const prepared = await engine.prepare(runOptionsOf(run.options));
      const { solver } = await prepared.openSolver(this.options.concurrency ?? 1, []);
      return { engine, prepared, solver, close: async () => { solver.dispose?.(); await engine.close(); } };
    } catch (error) {
      await engine.close();
      throw error;
    }
  }
}

/** An error of the engine on the batch's data (a rule, a solver): the batch fails with it, and its job is not retried. */
class BatchDataError extends Error {}

async function inData<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BatchDataError((error as Error).message);
  }
}

interface PreparedContext {
  engine: Engine;
  prepared: PreparedRun;
  solver: SolverInstance;
  close(): Promise<void>;
}

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { createEngine, OpenDomError, type CreateEngineOptions, type Engine, type SolverInstance } from '../../index.js';
import type { PreparedRun } from '../../core/engine/prepared-run.js';
import { emptyTimings } from '../../core/pipeline/stage.js';
import type { SqlStore } from '../sql/sql-store.js';
import { parseSnapshot, snapshotDataset } from '../snapshot/snapshot.js';
import { claimBatch, distributedRun, doneBatches, failBatch, runIsPlanning, solveAndClaimLocked, takenSoFar, type ClaimOutcome, type DistributedRunOptions, type SolvedBatch } from './batch-claims.js';
import type { RunLedger } from '../../core/engine/ledger.js';
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
 * (`claimBatch`). A batch whose claim is refused is solved again while the
 * worker holds the run's lock (`solveAndClaimLocked`), so it is solved at
 * most twice. A batch that fails for a reason in its
 * data ends as exceptions with that reason; a failure outside it (the store
 * unreachable) fails the job, which the queue retries.
 */
export class BatchWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly runs = new Map<string, Promise<PreparedContext>>();
  private worker: Worker<BatchJob, BatchJobOutcome> | undefined;
  private heartbeat: WorkerHeartbeat | undefined;

  constructor(private readonly options: BatchWorkerOptions) {}

  async start(): Promise<void> {
    const client = await this.options.store.client();
    if (client.driver !== 'postgres') throw OpenDomError.of({ code: 'E_USAGE', field: 'database', message: 'a worker needs the PostgreSQL store every host reaches (--database URL)' });
    const concurrency = this.options.concurrency ?? 1;
    this.heartbeat = await registerWorker(client, { id: this.id, host: hostname(), pid: process.pid, concurrency });
    const lockDuration = (this.options.lockSeconds ?? 30) * 1000;
    this.worker = new Worker<BatchJob, BatchJobOutcome>(QUEUE_NAME, (job) => this.process(job), {
      connection: redisConnection(this.options.redis),
      prefix: this.options.prefix ?? DEFAULT_PREFIX,
      concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      // A job whose worker died is given to another this many times before it fails (and its batch with it).
      maxStalledCount: 3,
    });
    this.worker.on('error', (error) => this.options.log?.(`queue error: ${error.message}`));
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
    if ((await doneBatches(client, runId)).has(batch)) return 'already-done';
    if (!(await runIsPlanning(client, runId))) return 'run-ended';
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
    let failure: string | null = null;
    /** The batch solved against what the run took, packed to be claimed; null (with `failure`) when its data cannot be solved. */
    const solve = async (taken: RunLedger, again: boolean): Promise<SolvedBatch | null> => {
      const timings = emptyTimings();
      try {
        const result = await prepared.solveBatch(solver, orders, batch, taken.fork(), timings);
        if (again) result.log.push({ level: 'info', message: `batch ${batch} solved again, under the run's lock: batches committed meanwhile by other workers took stock or order capacity its orders had planned on` });
        return { result, packed: packResult(explainedToJson(await prepared.explain(result, timings), timings)) };
      } catch (error) {
        failure = `batch ${batch} could not be solved: ${(error as Error).message}`;
        return null;
      }
    };
    // Optimistic first: solved against the totals as they are, claimed if its orders still fit.
    const base = await takenSoFar(client, runId, variantIds);
    const solved = await solve(base, false);
    const claimStarted = performance.now();
    let outcome: ClaimOutcome['outcome'] | 'not-solved' = solved ? (await claimBatch(client, runId, solved, base, by)).outcome : 'not-solved';
    const claimMs = Math.round(performance.now() - claimStarted);
    const solves = outcome === 'lost' ? 2 : 1;
    if (outcome === 'lost') outcome = await solveAndClaimLocked(client, runId, batch, variantIds, (taken) => solve(taken, true), by);
    if (outcome === 'not-solved') {
      await failBatch(client, runId, batch, failure!, by);
      this.heartbeat?.count('failed');
      this.options.log?.(`run ${runId} ${failure}`);
      return 'failed';
    }
    if (outcome === 'committed') this.heartbeat?.count('done');
    this.options.log?.(`run ${runId} batch ${batch}: ${outcome} (${solves} solve${solves === 1 ? '' : 's'}, ${Math.round(performance.now() - started)} ms, claim ${claimMs} ms)`);
    return outcome;
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

interface PreparedContext {
  engine: Engine;
  prepared: PreparedRun;
  solver: SolverInstance;
  close(): Promise<void>;
}

/** The engine's run options of a distributed run. */
export function runOptionsOf(options: DistributedRunOptions): Parameters<Engine['prepare']>[0] {
  const { asOf, removalsListed, ...rest } = options;
  return { ...rest, asOf: new Date(asOf), ...(removalsListed !== undefined ? { removalsListed: removalsListed === 'all' ? Infinity : removalsListed } : {}) };
}

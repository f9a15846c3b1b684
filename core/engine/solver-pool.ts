import { Worker } from 'node:worker_threads';
import { workerUrl } from './worker-url.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { SolveInput, SolveOutcome, SolverInstance } from '../plugin-api/contracts.js';
import type { PluginChoice } from './engine-options.js';

/** What a solver worker thread needs: the plugin packages to import and the solver to create. */
export interface SolverWorkerSetup {
  packages: Array<{ name: string; moduleUrl: string }>;
  solver: PluginChoice;
}

export type SolverWorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'solved'; id: number; outcome: SolveOutcome }
  | { type: 'error'; id: number; message: string };

export interface SolverWorkerRequest extends Omit<SolveInput, 'problem'> {
  id: number;
  problemKey: number;
  /** Sent only when the worker does not hold the problem already. */
  problem?: FulfillmentProblem;
}

/** Problems a worker keeps, so that the parts of one batch do not send the problem again. */
export const PROBLEMS_KEPT = 4;

/**
 * A solver instance whose solves run in worker threads, one solver per
 * worker, each solve on the next idle worker: parallel batches use it in
 * place of the solver itself.
 */
export class SolverPool implements SolverInstance {
  private readonly idle: PooledWorker[] = [];
  private readonly waiting: Array<(worker: PooledWorker) => void> = [];
  private readonly keys = new WeakMap<FulfillmentProblem, number>();
  private nextId = 0;

  private constructor(private readonly workers: PooledWorker[]) {
    this.idle.push(...workers);
  }

  /** Starts `size` workers; rejects (and stops them) when one cannot create the solver. */
  static async start(size: number, setup: SolverWorkerSetup): Promise<SolverPool> {
    const workers = Array.from({ length: size }, () => new PooledWorker(new Worker(workerUrl(import.meta.url, 'solver-worker'), { workerData: setup })));
    try {
      await Promise.all(workers.map((w) => w.ready));
    } catch (error) {
      for (const w of workers) void w.worker.terminate();
      throw error;
    }
    return new SolverPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  async solve(input: SolveInput): Promise<SolveOutcome> {
    const worker = await this.acquire();
    try {
      let key = this.keys.get(input.problem);
      if (key === undefined) this.keys.set(input.problem, (key = this.nextId++));
      const { problem, ...rest } = input;
      const request: SolverWorkerRequest = { ...rest, id: this.nextId++, problemKey: key, ...(worker.holds(key) ? {} : { problem }) };
      return await worker.solve(request);
    } finally {
      this.release(worker);
    }
  }

  dispose(): void {
    for (const w of this.workers) void w.worker.terminate();
  }

  private acquire(): Promise<PooledWorker> {
    const worker = this.idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: PooledWorker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}

/**
 * The worker's module. Run from TypeScript sources (tests, tsx), a worker
 * thread does not inherit the tsx loader, so a small bootstrap registers it
 * first; built, the compiled worker runs as it is.
 */
/** One worker thread: its pending solve, and the problems it holds (most recent last). */
class PooledWorker {
  readonly ready: Promise<void>;
  private readonly held: number[] = [];
  private pending: { id: number; resolve(outcome: SolveOutcome): void; reject(error: Error): void } | undefined;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (reply: SolverWorkerReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(new Error(reply.message));
        else if (this.pending?.id === reply.id) {
          const { resolve: done, reject: fail } = this.pending;
          this.pending = undefined;
          if (reply.type === 'solved') done(reply.outcome);
          else fail(new Error(reply.message));
        }
      });
      worker.on('error', (error) => {
        reject(error);
        this.pending?.reject(error);
        this.pending = undefined;
      });
    });
  }

  holds(key: number): boolean {
    return this.held.includes(key);
  }

  solve(request: SolverWorkerRequest): Promise<SolveOutcome> {
    if (request.problem) {
      this.held.push(request.problemKey);
      if (this.held.length > PROBLEMS_KEPT) this.held.shift();
    }
    return new Promise((resolve, reject) => {
      this.pending = { id: request.id, resolve, reject };
      this.worker.postMessage(request);
    });
  }
}

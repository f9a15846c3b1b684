import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { OpenDomError, workerUrl, type ErrorCode, type SqlStore, type WhyNot } from '../../index.js';
import { snapshotBytes, snapshotChoices, takeSnapshot } from '../snapshot/snapshot.js';
import type { Variant } from '../snapshot/variant.js';
import type { AnalysisMessage, AnalysisResult, AnalysisTask, SimulatedRunSummary } from './analysis-protocol.js';
import { planNotFound } from './plan-applies.js';
import { HttpProblem } from './problems.js';
import type { RunWorkerData } from './run-protocol.js';

export interface SimulationStatus {
  id: string;
  status: 'running' | 'done' | 'failed';
  profileId: string;
  /** The snapshot simulated: the kept one of a run, or one taken of the store when the simulation started. */
  runId: string | null;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  runs: SimulatedRunSummary[] | null;
  error: { code: string; message: string } | null;
}

/** Simulations this process remembers (newest kept); their plans are not stored, only their figures. */
const SIMULATIONS_KEPT = 50;

/**
 * The service's why-not answers and simulations (docs/simulation.md,
 * docs/explain.md): each asked of one analysis thread (started on first
 * use), on a snapshot — the one kept of a plan's run, or for a simulation
 * one taken of the store — so that the store's data as it is now never
 * stands in for the data a plan was made from.
 */
export class Analyses {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(result: AnalysisResult): void; reject(error: Error): void }>();
  private readonly simulations = new Map<string, SimulationStatus>();

  constructor(
    private readonly store: SqlStore,
    private readonly options: { engine: NonNullable<RunWorkerData['engine']>; nice: number; runDefaults?: { solver?: string; timeLimitSeconds?: number; relativeGap?: number } },
  ) {}

  async whyNot(planId: string, lineId: string, locationId: string): Promise<WhyNot> {
    const plan = await this.store.getPlan(planId);
    if (!plan) throw planNotFound(planId);
    const snapshot = await this.store.getRunSnapshot({ planId });
    if (!snapshot) throw new HttpProblem('E_LIFECYCLE', `no snapshot was kept of the run that made plan ${planId}, and the store's data has changed since; start opendom serve with --keep-snapshots to keep one per run`);
    return (await this.ask({ kind: 'why-not', plan, snapshot, lineId, locationId })) as WhyNot;
  }

  /** Starts a simulation in the background: the kept snapshot of `runId`, or one of the store now for `profileId`. */
  async startSimulation(request: { runId?: string; profileId?: string; variants: Variant[] }): Promise<SimulationStatus> {
    if (Boolean(request.runId) === Boolean(request.profileId)) throw new HttpProblem('E_USAGE', 'give one of runId (its kept snapshot) or profileId (a snapshot of the store now)');
    let snapshot: Uint8Array;
    let profileId: string;
    let asOf: string;
    if (request.runId) {
      const run = await this.store.getRun(request.runId);
      if (!run) throw new HttpProblem('E_NOT_FOUND', `no run "${request.runId}"; list them with GET /api/runs`);
      const kept = await this.store.getRunSnapshot({ runId: run.id });
      if (!kept) throw new HttpProblem('E_LIFECYCLE', `no snapshot was kept of run ${run.id}; start opendom serve with --keep-snapshots, or simulate on the store now with profileId`);
      [snapshot, profileId, asOf] = [kept, run.profileId, run.startedAt.toISOString()];
    } else {
      const now = new Date();
      const taken = takeSnapshot(await this.store.read(), { profileId: request.profileId!, asOf: now.toISOString(), source: 'service', run: this.options.runDefaults ?? {}, engine: snapshotChoices(this.options.engine) }, now);
      [snapshot, profileId, asOf] = [snapshotBytes(taken), taken.profileId, taken.asOf];
    }
    const status: SimulationStatus = { id: randomUUID(), status: 'running', profileId, runId: request.runId ?? null, asOf, startedAt: new Date().toISOString(), finishedAt: null, runs: null, error: null };
    this.simulations.set(status.id, status);
    for (const id of [...this.simulations.keys()].slice(0, Math.max(0, this.simulations.size - SIMULATIONS_KEPT))) this.simulations.delete(id);
    const variants = request.variants.map((v, i) => ({ ...v, name: v.name ?? `variant ${i + 1}` }));
    this.ask({ kind: 'simulate', snapshot, variants }).then(
      (result) => Object.assign(status, { status: 'done', runs: (result as { runs: SimulatedRunSummary[] }).runs, finishedAt: new Date().toISOString() }),
      (error: Error) => Object.assign(status, { status: 'failed', error: { code: error instanceof OpenDomError ? error.code : 'E_INTERNAL', message: error.message }, finishedAt: new Date().toISOString() }),
    );
    return status;
  }

  simulation(id: string): SimulationStatus | undefined {
    return this.simulations.get(id);
  }

  /** The simulations this process remembers, newest first. */
  listSimulations(): SimulationStatus[] {
    return [...this.simulations.values()].reverse();
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private ask(task: AnalysisTask): Promise<AnalysisResult> {
    const worker = (this.worker ??= this.startWorker());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, task });
    });
  }

  private startWorker(): Worker {
    const worker = new Worker(workerUrl(import.meta.url, 'analysis-worker'), { workerData: { engine: this.options.engine, nice: this.options.nice } });
    worker.on('message', (message: AnalysisMessage) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.result);
      else waiting?.reject(new OpenDomError(message.error.code as ErrorCode, message.error.message));
    });
    // A thread that dies fails what it was asked; the next question starts another.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the analysis thread stopped')));
    worker.unref();
    return worker;
  }
}

import { Worker } from 'node:worker_threads';
import { OpenDomError, workerUrl, type ErrorCode, type RunRecord } from '../../index.js';
import type { RunRequest, RunSummary, RunWorkerData, RunWorkerMessage, StoreTarget } from './run-protocol.js';

/** A run this process started and that has not ended. */
interface ActiveRun {
  worker: Worker;
  run: RunRecord;
  cancelRequested: boolean;
  /** The worker's answers to cancels, in order. */
  cancelAnswers: Array<(accepted: boolean) => void>;
  ended: Promise<void>;
}

/** What the service learns when a run of this process ends. */
export interface RunEnded {
  run: RunRecord | null;
  profileId: string;
  summary: RunSummary | null;
  error: { code: string; message: string } | null;
  seconds: number;
}

/**
 * The default priority of a run's thread: below the threads answering
 * requests, so that a run on a busy machine does not starve suggest, yet not
 * so low (19) that any other busy process on the host starves the run.
 */
export const RUN_NICE = 10;

export interface RunManagerOptions {
  /** Where each run's worker reaches the store (a new port per run for the embedded store). */
  target(): Promise<StoreTarget>;
  applyGroupSize?: number;
  /** The scheduling priority of runs' threads (nice, 0–19; default {@link RUN_NICE}). */
  nice?: number;
  /** The engine's geocoder, distance provider and partner plugin packages, for each run's engine. */
  engine?: RunWorkerData['engine'];
  /** Options of every run that its request does not give (the configuration's `run`). */
  defaults?: Pick<RunRequest, 'solver' | 'timeLimitSeconds' | 'relativeGap'>;
  /** Keep each run's snapshot in the store. */
  keepSnapshots?: boolean;
  /** Solve each run's batches on worker processes through this queue. */
  distributed?: RunWorkerData['distributed'];
  onEnded?(ended: RunEnded): void;
}

/**
 * The runs of the service, each in a worker thread of its own (so planning
 * never holds up requests, suggest above all). `start` answers once the run
 * is recorded — or refused, e.g. while another run of the profile is under
 * way — and the run goes on in the background; its progress is in the
 * store. A run is cancelled only while it plans; at shutdown, planning runs
 * are cancelled and applying ones are left to finish.
 */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  /** Runs asked to start whose worker has not said yet whether it started: `shutdown` waits for them too. */
  private readonly starting = new Set<Promise<RunRecord>>();
  private closing = false;

  constructor(private readonly options: RunManagerOptions) {}

  /**
   * Takes over a distributed run whose coordinator stopped (docs/scale-out.md):
   * as `start`, with the run's own record and settings.
   */
  resume(runId: string, profileId: string): Promise<RunRecord> {
    return this.start({ profileId }, runId);
  }

  async start(request: RunRequest, resume?: string): Promise<RunRecord> {
    if (this.closing) throw OpenDomError.of({ code: 'E_STORE', message: 'the service is shutting down and starts no run' });
    const starting = this.launch(request, resume);
    this.starting.add(starting);
    try {
      return await starting;
    } finally {
      this.starting.delete(starting);
    }
  }

  private async launch(request: RunRequest, resume?: string): Promise<RunRecord> {
    const data: RunWorkerData = {
      target: await this.options.target(),
      request: { ...this.options.defaults, ...definedOnly(request) },
      ...(this.options.applyGroupSize ? { applyGroupSize: this.options.applyGroupSize } : {}),
      nice: this.options.nice ?? RUN_NICE,
      ...(this.options.keepSnapshots ? { keepSnapshot: true } : {}),
      ...(this.options.distributed ? { distributed: this.options.distributed } : {}),
      ...(resume ? { resume } : {}),
      ...(this.options.engine ? { engine: this.options.engine } : {}),
    };
    const worker = new Worker(workerUrl(import.meta.url, 'run-worker'), { workerData: data, transferList: data.target.kind === 'port' ? [data.target.port] : [] });
    const began = performance.now();
    return new Promise<RunRecord>((resolve, reject) => {
      let entry: ActiveRun | undefined;
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      const finish = (outcome: Omit<RunEnded, 'profileId' | 'seconds'>) => {
        void worker.terminate();
        endedResolve();
        if (!entry) return;
        this.active.delete(entry.run.id);
        for (const answer of entry.cancelAnswers.splice(0)) answer(false);
        this.options.onEnded?.({ ...outcome, profileId: request.profileId, seconds: (performance.now() - began) / 1000 });
      };
      worker.on('message', (message: RunWorkerMessage) => {
        switch (message.type) {
          case 'started':
            entry = { worker, run: message.run, cancelRequested: false, cancelAnswers: [], ended };
            this.active.set(message.run.id, entry);
            // Shutdown began while the worker was starting: it must not plan.
            if (this.closing) void this.cancel(message.run.id);
            return resolve(message.run);
          case 'cancel':
            if (entry && message.accepted) entry.cancelRequested = true;
            return entry?.cancelAnswers.shift()?.(message.accepted);
          case 'applying':
          case 'batches':
            return;
          case 'finished':
            return finish({ run: message.run, summary: message.summary, error: null });
          case 'failed':
            if (!entry) reject(new OpenDomError(message.error.code as ErrorCode, message.error.message));
            return finish({ run: message.run, summary: null, error: message.error });
        }
      });
      worker.on('error', (error) => {
        if (!entry) reject(error);
        finish({ run: entry?.run ?? null, summary: null, error: { code: 'E_INTERNAL', message: error.message } });
      });
      worker.on('exit', () => {
        if (!entry) reject(OpenDomError.of({ code: 'E_STORE', recordId: request.profileId, message: 'the run ended before it started' }));
        if (entry && this.active.has(entry.run.id)) finish({ run: entry.run, summary: null, error: { code: 'E_INTERNAL', message: 'the run stopped unexpectedly' } });
      });
    });
  }

  /**
   * Asks a run of this process to stop; its worker decides, in the turn it
   * is in: `cancelling` while it plans (it ends failed, E_CANCELLED, having
   * changed no line), `finishing` once it is past that (it stores its plan
   * and applies it, if it applies), `unknown` when this process is not
   * running it.
   */
  async cancel(runId: string): Promise<'cancelling' | 'finishing' | 'unknown'> {
    const entry = this.active.get(runId);
    if (!entry) return 'unknown';
    const accepted = new Promise<boolean>((resolve) => entry.cancelAnswers.push(resolve));
    entry.worker.postMessage({ type: 'cancel' });
    return (await accepted) ? 'cancelling' : this.active.has(runId) ? 'finishing' : 'unknown';
  }

  /** Whether a cancel was asked of this process's run. */
  cancelRequested(runId: string): boolean {
    return this.active.get(runId)?.cancelRequested ?? false;
  }

  /** Profiles with a run of this process under way. */
  runningProfiles(): string[] {
    return [...this.active.values()].map((e) => e.run.profileId);
  }

  /**
   * Stops taking runs, cancels those that plan and waits for all to end
   * (applying ones finish; each order they apply is whole either way). After
   * `graceMs` the workers still running are stopped: a run stopped while
   * applying is left resumable (apply its plan again).
   */
  async shutdown(graceMs: number): Promise<void> {
    this.closing = true;
    for (const id of this.active.keys()) void this.cancel(id);
    // A run still starting cancels itself as it starts ('started' above): once it is known, it is waited for too.
    const all = Promise.allSettled([...this.starting]).then(() => Promise.all([...this.active.values()].map((e) => e.ended)));
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([all, timer])) === 'timeout') {
      await Promise.all([...this.active.values()].map((e) => e.worker.terminate()));
    }
  }
}

/** The request without its undefined options, so that they do not hide the defaults. */
function definedOnly(request: RunRequest): RunRequest {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as unknown as RunRequest;
}

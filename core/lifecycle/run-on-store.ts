import type { Engine, RunOptions } from '../engine/engine.js';
import type { ApplyReport, DataStore, RunRecord } from '../plugin-api/contracts.js';
import type { LogEntry, Plan } from '../plan/plan.js';
import { OpenDomError } from '../errors/errors.js';
import { storedProfile } from './stored-records.js';

export interface StoreRunOptions extends RunOptions {
  /** Apply the plan to the lines; default: the profile's `autoApply` (docs/spec.md §3.7). */
  apply?: boolean;
  /** Called as orders are applied. */
  onApply?(settled: number, total: number): void;
  /** The clock of the store's records (default: the current time). */
  now?: () => Date;
  /**
   * Cancels the run while it plans: checked after each batch and before the
   * plan is stored and applied; a cancelled run ends `failed` with
   * `E_CANCELLED` and has changed no line. Once applying has begun it is not
   * cancelled (each order would still be whole, but the work is half done).
   */
  signal?: AbortSignal;
  /** The schedule's tick this run is for (a tick runs once, whichever process starts it). */
  scheduledFor?: Date;
  /** Called once the run's record exists (e.g. to tell a caller its id before it plans). */
  onStarted?(run: RunRecord): void;
  /** Called in the same turn as the last check of `signal`: from then on the run goes to its end (and applies, if it applies). */
  onPastCancel?(): void;
}

/**
 * How a recorded run begins and plans, when not as a local run does
 * (`store.startRun`, then `engine.run`): a distributed run plans on worker
 * processes, and a resumed one takes over its record (docs/scale-out.md).
 */
export interface RunPlanner {
  start?(): Promise<RunRecord>;
  plan?(run: RunRecord, options: StoreRunOptions): Promise<Plan>;
}

export interface StoreRunResult {
  run: RunRecord;
  plan: Plan;
  /** Null when the plan was only stored. */
  applied: ApplyReport | null;
  /** What the apply hooks decided (vetoes, lines held) and what failed after applying; also in the plan's log. */
  applyLog: LogEntry[];
}

/**
 * One run of a profile on a store (docs/spec.md §3): the run is recorded with its
 * progress, its plan stored, then applied through the engine's apply hooks
 * when the profile auto-applies.
 * A run that fails changes no line: the plan of a run whose solver failed is
 * stored but not applied. `engine` must read from `store`.
 *
 * @example
 * ```ts
 * const store = openStore({ directory: '.opendom/store' });
 * const engine = await createEngine({ data: store });
 * const { plan, applied } = await runOnStore(engine, store, { profileId: 'standard-ship' });
 * ```
 */
export async function runOnStore(engine: Engine, store: DataStore, options: StoreRunOptions, planner: RunPlanner = {}): Promise<StoreRunResult> {
  const now = options.now ?? (() => new Date());
  const started = planner.start ? await planner.start() : await store.startRun(options.profileId, now(), options.scheduledFor ? { scheduledFor: options.scheduledFor } : {});
  options.onStarted?.(started);
  const checkCancelled = () => {
    if (options.signal?.aborted) throw OpenDomError.of({ code: 'E_CANCELLED', recordId: started.id, message: 'the run was cancelled before it applied anything; no line changed' });
  };
  try {
    let progress = Promise.resolve();
    const planOptions: StoreRunOptions = {
      ...options,
      onBatch: (done, total) => {
        progress = progress.then(() => store.recordBatches(started.id, done, total));
        options.onBatch?.(done, total);
        checkCancelled();
      },
    };
    const plan = await (planner.plan ? planner.plan(started, planOptions) : engine.run(planOptions));
    await progress;
    checkCancelled();
    await store.savePlan(started.id, plan);
    if (plan.solver.status === 'error') {
      await store.finishRun(started.id, { status: 'failed', error: 'the solver failed: the plan is stored, not applied' }, now());
      return { run: (await store.getRun(started.id))!, plan, applied: null, applyLog: [] };
    }
    const apply = options.apply ?? storedProfile(await store.getRecord('profiles', options.profileId))?.autoApply ?? false;
    checkCancelled();
    options.onPastCancel?.();
    const applied = apply ? await engine.applyPlan(store, plan, { now: now(), runId: started.id, onProgress: options.onApply }) : null;
    await store.finishRun(started.id, { status: apply ? 'applied' : 'planned' }, now());
    return { run: (await store.getRun(started.id))!, plan, applied: applied?.report ?? null, applyLog: applied?.log ?? [] };
  } catch (error) {
    await store.finishRun(started.id, { status: 'failed', error: (error as Error).message }, now()).catch(() => undefined);
    throw error;
  }
}

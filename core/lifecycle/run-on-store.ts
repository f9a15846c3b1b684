import type { Engine, RunOptions } from '../engine/engine.js';
import type { ApplyReport, DataStore, RunRecord } from '../plugin-api/contracts.js';
import type { Plan } from '../plan/plan.js';
import { storedProfile } from './stored-records.js';

export interface StoreRunOptions extends RunOptions {
  /** Apply the plan to the lines; default: the profile's `autoApply` (docs/spec.md §3.7). */
  apply?: boolean;
  /** Called as orders are applied. */
  onApply?(settled: number, total: number): void;
  /** The clock of the store's records (default: the current time). */
  now?: () => Date;
}

export interface StoreRunResult {
  run: RunRecord;
  plan: Plan;
  /** Null when the plan was only stored. */
  applied: ApplyReport | null;
}

/**
 * One run of a profile on a store (docs/spec.md §3): the run is recorded with its
 * progress, its plan stored, then applied when the profile auto-applies.
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
export async function runOnStore(engine: Engine, store: DataStore, options: StoreRunOptions): Promise<StoreRunResult> {
  const now = options.now ?? (() => new Date());
  const started = await store.startRun(options.profileId, now());
  try {
    let progress = Promise.resolve();
    const plan = await engine.run({
      ...options,
      onBatch: (done, total) => {
        progress = progress.then(() => store.recordBatches(started.id, done, total));
        options.onBatch?.(done, total);
      },
    });
    await progress;
    await store.savePlan(started.id, plan);
    if (plan.solver.status === 'error') {
      await store.finishRun(started.id, { status: 'failed', error: 'the solver failed: the plan is stored, not applied' }, now());
      return { run: (await store.getRun(started.id))!, plan, applied: null };
    }
    const apply = options.apply ?? storedProfile(await store.getRecord('profiles', options.profileId))?.autoApply ?? false;
    const applied = apply ? await store.applyPlan(plan, { now: now(), runId: started.id, onProgress: options.onApply }) : null;
    await store.finishRun(started.id, { status: apply ? 'applied' : 'planned' }, now());
    return { run: (await store.getRun(started.id))!, plan, applied };
  } catch (error) {
    await store.finishRun(started.id, { status: 'failed', error: (error as Error).message }, now()).catch(() => undefined);
    throw error;
  }
}

import { createEngine, type CreateEngineOptions, type Plan } from '../../index.js';
import { planMetrics, type PlanMetrics } from '../../core/plan/plan-metrics.js';
import { snapshotDataset, type Snapshot } from './snapshot.js';
import { applyVariant, variantRunOptions, type Variant } from './variant.js';

export interface SimulatedRun {
  name: string;
  plan: Plan;
  metrics: PlanMetrics;
  /** Wall time of the run (the plans are deterministic, so their own timings are zero). */
  seconds: number;
}

/**
 * Runs the snapshot as it is (the base) and with each variant applied, one
 * after the other, each deterministically on its own copy of the data in
 * memory: nothing is written anywhere.
 */
export async function simulate(snapshot: Snapshot, variants: Variant[], engineOptions: Omit<CreateEngineOptions, 'data'>, runOptions: { solver?: string; timeLimitSeconds?: number; relativeGap?: number } = {}): Promise<SimulatedRun[]> {
  const runs: SimulatedRun[] = [];
  for (const variant of [{ name: 'base' }, ...variants]) {
    const data = applyVariant(snapshot, variant);
    const engine = await createEngine({ ...engineOptions, ...snapshot.engine, data: { read: async () => snapshotDataset(data) } });
    try {
      const started = performance.now();
      const plan = await engine.run({ profileId: snapshot.profileId, asOf: new Date(snapshot.asOf), deterministic: true, ...snapshot.run, ...runOptions, ...variantRunOptions(variant) });
      runs.push({ name: variant.name, plan, metrics: planMetrics(plan), seconds: (performance.now() - started) / 1000 });
    } finally {
      await engine.close();
    }
  }
  return runs;
}

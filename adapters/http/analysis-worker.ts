import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, importPluginPackage, OpenDomError, type Engine } from '../../index.js';
import { parseSnapshot, snapshotDataset } from '../snapshot/snapshot.js';
import { simulate } from '../snapshot/simulate.js';
import type { AnalysisMessage, AnalysisResult, AnalysisTask, AnalysisWorkerData } from './analysis-protocol.js';
import { lowerPriority } from './thread-priority.js';

/**
 * The service's analyses in a thread of their own, at the runs' priority, so
 * that a re-solve never holds up a request: why a line did not go to a
 * location, and simulations, each on the snapshot it is given. One task at
 * a time; the solver stays warm between them.
 */
const port = parentPort!;
const { engine: { packages = [], ...choices }, nice } = workerData as AnalysisWorkerData;
lowerPriority(nice);
const plugins = Promise.all(packages.map(({ name, moduleUrl }) => importPluginPackage(name, moduleUrl)));
let queue = Promise.resolve();
let lastPlan: { planId: string; engine: Engine } | null = null;

port.on('message', ({ id, task }: { id: number; task: AnalysisTask }) => {
  queue = queue.then(async () => {
    let message: AnalysisMessage;
    try {
      message = { id, ok: true, result: await answer(task) };
    } catch (error) {
      message = { id, ok: false, error: error instanceof OpenDomError ? { code: error.code, message: error.message } : { code: 'E_INTERNAL', message: (error as Error).message } };
    }
    port.postMessage(message);
  });
});

async function answer(task: AnalysisTask): Promise<AnalysisResult> {
  const snapshot = parseSnapshot(task.snapshot, 'the kept snapshot');
  if (task.kind === 'simulate') {
    const runs = await simulate(snapshot, task.variants, { ...choices, plugins: await plugins });
    return { runs: runs.map(({ name, plan, metrics, seconds }) => ({ name, planId: plan.planId, seconds, ...metrics })) };
  }
  // Questions about one plan come in series: its engine (which keeps the plan's run and problems) serves the next one too.
  if (lastPlan?.planId !== task.plan.planId) {
    await lastPlan?.engine.close();
    lastPlan = { planId: task.plan.planId, engine: await createEngine({ ...choices, plugins: await plugins, ...snapshot.engine, data: { read: async () => snapshotDataset(snapshot) } }) };
  }
  return lastPlan.engine.whyNot(task.plan, task.lineId, task.locationId);
}

import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, importPluginPackage, OpenDomError, portStore, postgresStore, runOnStore, type DataSource, type RawDataset, type RunRecord, type SqlStore, type StoreRunOptions } from '../../index.js';
import { resumeDistributed, runDistributed } from '../distributed/distributed-run.js';
import { snapshotBytes, snapshotChoices, snapshotRunSettings, takeSnapshot } from '../snapshot/snapshot.js';
import type { RunWorkerData, RunWorkerMessage } from './run-protocol.js';
import { lowerPriority } from './thread-priority.js';

/**
 * A run of the service, in a worker thread of its own so that planning
 * never holds up the requests the service answers: it opens the store (a
 * port to the embedded store's thread, or its own PostgreSQL connections),
 * runs the profile as `opendom run` does (recorded, stored, applied per the
 * profile or the request), reports its progress, and ends. A `cancel`
 * message stops it while it plans. It runs at a lower scheduling priority
 * than the threads answering requests, so that a run on a busy machine
 * never starves suggest.
 */
const port = parentPort!;
const { target, request, applyGroupSize, nice, keepSnapshot, distributed, resume, engine: engineOptions } = workerData as RunWorkerData;
const tell = (message: RunWorkerMessage) => port.postMessage(message);
const cancel = new AbortController();
/** Set in the same turn as the run's last cancellation check: from then on it goes to its end, and a cancel is refused. */
let pastCancel = false;
port.on('message', (message: { type: string }) => {
  if (message.type !== 'cancel') return;
  if (!pastCancel) cancel.abort();
  tell({ type: 'cancel', accepted: !pastCancel });
});

lowerPriority(nice);

const tuning = applyGroupSize ? { applyGroupSize } : {};
const store: SqlStore = target.kind === 'port' ? portStore(target.port, tuning) : postgresStore({ url: target.url, ...(target.schema ? { schema: target.schema } : {}), ...tuning });
let started: RunRecord | null = null;
try {
  const { packages = [], ...choices } = engineOptions ?? {};
  const plugins = await Promise.all(packages.map(({ name, moduleUrl }) => importPluginPackage(name, moduleUrl)));
  /** What the run read, kept for its snapshot. */
  let read: RawDataset | null = null;
  const data: DataSource = keepSnapshot ? { read: async () => (read = await store.read()), close: () => store.close() } : store;
  // A distributed run keeps its snapshot anyway: the workers solve from it.
  const engine = distributed ? null : await createEngine({ ...choices, plugins, data });
  const runOptions: StoreRunOptions = {
    profileId: request.profileId,
    ...(request.apply !== undefined ? { apply: request.apply } : {}),
    ...(request.solver ? { solver: request.solver } : {}),
    ...(request.timeLimitSeconds ? { timeLimitSeconds: request.timeLimitSeconds } : {}),
    ...(request.relativeGap !== undefined ? { relativeGap: request.relativeGap } : {}),
    ...(request.asOf ? { asOf: new Date(request.asOf) } : {}),
    ...(request.removalsListed !== undefined ? { removalsListed: request.removalsListed } : {}),
    ...(request.scheduledFor ? { scheduledFor: new Date(request.scheduledFor) } : {}),
    signal: cancel.signal,
    onStarted: (run) => {
      started = run;
      tell({ type: 'started', run });
    },
    onBatch: (done, total) => tell({ type: 'batches', done, total }),
    onPastCancel: () => {
      pastCancel = true;
    },
    onApply: (done, total) => tell({ type: 'applying', done, total }),
  };
  const settings = { store, engine: { ...choices, plugins }, ...distributed! };
  const result = engine ? await runOnStore(engine, store, runOptions) : resume ? await resumeDistributed(settings, resume, runOptions) : await runDistributed(settings, runOptions);
  if (read) {
    const snapshot = takeSnapshot(read, { profileId: request.profileId, asOf: result.plan.asOf, source: `run ${result.run.id}`, run: snapshotRunSettings(request), engine: snapshotChoices(choices) }, new Date());
    await store.saveRunSnapshot(result.run.id, snapshotBytes(snapshot), new Date(snapshot.takenAt));
  }
  const { totals, timings } = result.plan;
  tell({ type: 'finished', run: result.run, applied: result.applied, summary: { lines: totals.lines, fillRate: totals.fillRate, unitsFulfilled: totals.unitsFulfilled, cost: totals.cost, timings } });
  await (engine ? engine.close() : store.close());
} catch (error) {
  const e = error instanceof OpenDomError ? { code: error.code, message: error.message } : { code: 'E_INTERNAL', message: (error as Error).message };
  tell({ type: 'failed', error: e, run: started && (await store.getRun((started as RunRecord).id).catch(() => null)) });
  await store.close();
}

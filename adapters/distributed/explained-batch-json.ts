import { gunzipSync, gzipSync } from 'node:zlib';
import type { ExplainedBatch } from '../../core/pipeline/post-process.stage.js';
import type { StageTimings } from '../../core/pipeline/stage.js';

/** An explained batch as stored between a worker and the coordinator: its maps as entries, with the stage times it took on the worker. */
export type ExplainedBatchJson = Omit<ExplainedBatch, 'orderLimits' | 'costByFactor'> & {
  orderLimits: Array<[string, number]>;
  costByFactor: Array<[string, number]>;
  timings: StageTimings;
};

export function explainedToJson(batch: ExplainedBatch, timings: StageTimings): ExplainedBatchJson {
  return { ...batch, orderLimits: [...batch.orderLimits], costByFactor: [...batch.costByFactor], timings };
}

export function explainedFromJson(json: ExplainedBatchJson): ExplainedBatch {
  const { timings: _timings, ...batch } = json;
  return { ...batch, orderLimits: new Map(json.orderLimits), costByFactor: new Map(json.costByFactor) };
}

/**
 * A batch's result as it is stored: gzip-compressed JSON, made before the
 * claim's transaction so that the run's lock is held only to write it (a
 * 1,500-line batch's plan lines are about 5 MB of JSON, 0.4 MB compressed).
 */
export function packResult(value: unknown): Buffer {
  return gzipSync(JSON.stringify(value), { level: 1 });
}

export function unpackResult<T>(bytes: Uint8Array): T {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
}

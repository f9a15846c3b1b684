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

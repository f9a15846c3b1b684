/**
 * The public API of the OpenDOM core: what plugins (built-in and partner) and
 * embedding applications import. Nothing outside this entry is public.
 */
export * from './domain/types.js';
export * from './domain/raw-dataset.js';
export { Catalog } from './domain/catalog.js';
export { isWithinDates } from './domain/dates.js';
export * from './errors/errors.js';
export * from './plugin-api/contracts.js';
export type * from './plugin-api/extension-points.js';
export { defineCostFactor, defineRule, type MessageReport, type OptionsOf, type SchemaType, type TypedCostFactorPlugin, type TypedRulePlugin } from './plugin-api/define.js';
export type { FromSchema } from 'json-schema-to-ts';
export { loadOnce } from './plugin-api/load-once.js';
export { workerUrl } from './engine/worker-url.js';
export { PluginRegistry, type PluginKind, type PluginListing } from './plugin-api/registry.js';
export { importPluginPackage, isPluginPackage } from './plugin-api/import-package.js';
export { shareOpenDom } from './plugin-api/share-opendom.js';
export * from './di/tokens.js';
export * from './model/problem.js';
export * from './model/linear-model.js';
export { columnValuesOf } from './model/column-values.js';
export { mergedRows, type MergedRows } from './model/row-entries.js';
export { emptyModelOutcome, failedOutcome, noShipments } from './solve/outcomes.js';
export { checkPlan, checkAssignments, type PlanCheck, type PlanCheckOptions, type PlanAssignmentInput, type Violation, type ViolationKind } from './plan/checker.js';
export { greedyPlan, type GreedyOptions, type GreedyResult } from './solve/greedy.js';
export { validateAgainst, compileSchema, type FieldError } from './validation/ajv.js';
export { checkRecord } from './validation/check-record.js';
export { FORBIDDEN_KEYS, RECORD_LIMITS, recordShapeError } from './validation/record-shape.js';
export * from './schemas/records.schema.js';
export * from './lifecycle/index.js';
export type * from './plan/plan.js';
export { humanNumber } from './plan/human-number.js';
export { nextTick, scheduleProblem, type Schedule } from './schedule/schedule.js';

/** The order lifecycle (docs/spec.md §3.7, §6): what applying a plan and operators' actions do to lines. */
export { allocatedUnits, availableUnits, isOpenAllocation, lineAllocation, takesFromSnapshot, type Allocation } from './allocations.js';
export { applyPlannedOrder, type ApplyContext, type OrderApplication, type Reservation } from './apply-order.js';
export { markInvalidInput } from './invalid-input.js';
export { mergeOrderVersion } from './order-versions.js';
export { cancelLine, rejectLine, resetLine, shipLine } from './line-actions.js';
export { invalidOrders, plannedOrders, type LineDecision, type PlannedLine, type PlannedOrder } from './planned-orders.js';
export { runOnStore, type RunPlanner, type StoreRunOptions, type StoreRunResult } from './run-on-store.js';
export { splitLineIds } from './split-line-ids.js';
export { storedOrder, storedParameters, storedProfile } from './stored-records.js';

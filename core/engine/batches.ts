import type { Parameters, Profile } from '../domain/types.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import type { SolverMeta } from '../plugin-api/contracts.js';

/**
 * The most lines of a batch (docs/spec.md §3.2): the profile's
 * `maxLinesPerOptimization`, else the solver's default — but a simplified
 * solver plans the pool in batches of `poolGuideWindowLines` lines, the
 * windows in which a production solver's run plans its pool guide.
 */
export function batchLinesOf(profile: Profile, solver: SolverMeta, parameters: Parameters): number {
  if (profile.maxLinesPerOptimization > 0) return profile.maxLinesPerOptimization;
  return solver.kind === 'simplified' ? Math.max(parameters.poolGuideWindowLines, solver.defaultBatchSize) : solver.defaultBatchSize;
}

/**
 * Splits orders into batches of at most `maxLines` lines, keeping every
 * order whole (docs/spec.md §3.2). An order with more lines than the limit gets a
 * batch of its own.
 */
export function partitionIntoBatches(orders: SelectedOrder[], maxLines: number): SelectedOrder[][] {
  const batches: SelectedOrder[][] = [];
  let current: SelectedOrder[] = [];
  let lines = 0;
  for (const order of orders) {
    if (current.length > 0 && lines + order.lines.length > maxLines) {
      batches.push(current);
      current = [];
      lines = 0;
    }
    current.push(order);
    lines += order.lines.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function countLines(orders: SelectedOrder[]): number {
  return orders.reduce((sum, o) => sum + o.lines.length, 0);
}

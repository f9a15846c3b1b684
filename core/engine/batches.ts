import type { SelectedOrder } from '../pipeline/select-lines.js';

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

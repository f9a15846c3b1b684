import type { Id } from '../domain/types.js';
import type { BatchResult } from '../pipeline/post-process.stage.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import { RunLedger, stockKey } from './ledger.js';

/** Solves one batch (both iterations), taking what it assigns from `ledger`. */
export type SolveBatch = (orders: SelectedOrder[], index: number, ledger: RunLedger) => Promise<BatchResult>;

export interface BatchRunOptions<T> {
  /** Batches solving at once; 1 runs them one after the other. */
  concurrency: number;
  /** Turns each committed batch into what the run keeps of it (the batch's problems can then be freed). */
  commit(result: BatchResult): Promise<T>;
  onBatch?(done: number, total: number): void;
  /**
   * Keep a batch's answer only when the batches committed since its fork took
   * nothing from the stock and order capacity its problems held, so that it
   * is exactly the answer one batch at a time would have given (deterministic
   * runs); otherwise an answer stands while its orders still fit.
   */
  exact?: boolean;
}

export interface BatchRun<T> {
  /** What `commit` made of each batch, in batch order. */
  results: T[];
  /** Batches solved again, with how many of their orders no longer fitted. */
  resolved: Array<{ batch: number; orders: number }>;
}

/**
 * Runs the batches of a run without ever over-assigning (docs/spec.md §3.2), as
 * an optimistic coordinator. With concurrency W, batch i solves against a
 * fork of the run's ledger as it stood once batch i − W was committed, so W
 * batches solve at once and each start is deterministic. Results are
 * committed in batch order. Before a batch is committed, each of its orders,
 * in turn, is checked against the ledger as it stands: the answer stands when
 * the stock and order slots every order takes are still there after what the
 * batches committed since its fork took. When any order no longer fits, the
 * whole batch is solved again against the ledger as it stands — exactly as a
 * run of one batch at a time would solve it — so that its plan, and the
 * solver's status, objective and bound reported for it, are those of one
 * clean solve.
 */
export async function runBatches<T>(batches: SelectedOrder[][], solve: SolveBatch, options: BatchRunOptions<T>): Promise<BatchRun<T>> {
  const ledger = new RunLedger();
  const results: T[] = [];
  const resolved: BatchRun<T>['resolved'] = [];
  const width = Math.max(1, options.concurrency);
  if (width === 1) {
    for (const [index, orders] of batches.entries()) {
      results.push(await options.commit(await solve(orders, index, ledger)));
      options.onBatch?.(index + 1, batches.length);
    }
    return { results, resolved };
  }

  const committed = batches.map(() => deferred<RunLedger>());
  const initial = ledger.fork();
  const tasks = batches.map(async (orders, index) => {
    const base = index >= width ? await committed[index - width]!.promise : initial;
    return { base, result: await solve(orders, index, base.fork()) };
  });
  // Failures surface when their turn to commit comes; until then they must not count as unhandled.
  for (const task of tasks) task.catch(() => undefined);
  for (const [index, orders] of batches.entries()) {
    const { base, result } = await tasks[index]!;
    const clash = options.exact ? ordersOfChangedProblem(result, base, ledger) : ordersThatNoLongerFit(result, base, ledger);
    let final = result;
    if (clash.size > 0) {
      resolved.push({ batch: index, orders: clash.size });
      final = await solve(orders, index, ledger.fork());
    }
    for (const { problem, outcome } of final.iterations) ledger.takeAssigned(problem, outcome.arcQuantities);
    committed[index]!.resolve(ledger.fork());
    results.push(await options.commit(final));
    options.onBatch?.(index + 1, batches.length);
  }
  return { results, resolved };
}

/**
 * The orders of a batch, solved against `base`, whose assignments no longer
 * fit `current`. In each iteration the solver had, per stock entry, its
 * usable units and, per location, its order capacity; what other batches
 * took since `base` is taken off that room, and the batch's orders, in
 * order, keep their assignments while they fit in what is left.
 */
export function ordersThatNoLongerFit(result: BatchResult, base: RunLedger, current: RunLedger): Set<Id> {
  const room = new Map<string, number>();
  const needs = new Map<Id, Map<string, number>>();
  const need = (orderId: Id, key: string, amount: number) => {
    let byKey = needs.get(orderId);
    if (!byKey) needs.set(orderId, (byKey = new Map()));
    byKey.set(key, (byKey.get(key) ?? 0) + amount);
  };
  const shippedBefore = new Set<string>();
  result.iterations.forEach(({ problem, outcome }, i) => {
    const shipped = new Set<string>();
    const { arcs } = problem;
    for (let a = 0; a < arcs.length; a++) {
      const quantity = outcome.arcQuantities[a] ?? 0;
      if (quantity === 0) continue;
      const orderId = problem.orders[problem.lines[arcs.line[a]!]!.order]!.order.id;
      const stock = problem.stock[arcs.stock[a]!]!;
      const location = problem.locations[stock.location]!;
      const units = `${i}:u:${stockKey(stock.variantId, location.location.id)}`;
      room.set(units, stock.usable - (current.usedUnits(stock.variantId, location.location.id) - base.usedUnits(stock.variantId, location.location.id)));
      need(orderId, units, quantity);
      const slot = `${location.location.id}\u0000${orderId}`;
      if (location.orderCapacity !== null && !shippedBefore.has(slot) && !shipped.has(slot)) {
        const orders = `${i}:o:${location.location.id}`;
        room.set(orders, location.orderCapacity - (current.ordersTaken(location.location.id) - base.ordersTaken(location.location.id)));
        need(orderId, orders, 1);
      }
      shipped.add(slot);
    }
    for (const slot of shipped) shippedBefore.add(slot);
  });
  const redo = new Set<Id>();
  for (const [orderId, byKey] of needs) {
    if ([...byKey].every(([key, amount]) => amount <= room.get(key)!)) {
      for (const [key, amount] of byKey) room.set(key, room.get(key)! - amount);
    } else redo.add(orderId);
  }
  return redo;
}

/**
 * Every order of the batch when what it was solved against differs from the
 * ledger as it stands — another batch took units of a variant its lines ask
 * for (at any location: an explanation cites the units a removed candidate
 * had), or order capacity of a capped location of its problems — else none:
 * the problems built now would be the same, and so would their solve.
 */
export function ordersOfChangedProblem(result: BatchResult, base: RunLedger, current: RunLedger): Set<Id> {
  const problems = result.iterations.map((i) => i.problem);
  const variants = new Set(problems.flatMap((p) => p.lines.map((l) => l.line.variantId)));
  const changed = current.tookUnitsSince(base, variants)
    || problems.some((p) => p.locations.some((l) => l.orderCapacity !== null && current.ordersTaken(l.location.id) !== base.ordersTaken(l.location.id)));
  return changed ? new Set(problems.flatMap((p) => p.orders.map((o) => o.order.id))) : new Set();
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

import type { BatchResult } from '../pipeline/post-process.stage.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import { RunLedger } from './ledger.js';

/** Solves one batch (both iterations), taking what it assigns from `ledger`. */
export type SolveBatch = (orders: SelectedOrder[], index: number, ledger: RunLedger) => Promise<BatchResult>;

export interface BatchRunOptions {
  /** Batches solving at once; 1 runs them one after the other. */
  concurrency: number;
  onBatch?(done: number, total: number): void;
}

export interface BatchRun {
  /** In batch order. */
  results: BatchResult[];
  /** Batches solved again because what they took no longer fitted. */
  resolved: number[];
}

/**
 * Runs the batches of a run without ever over-assigning (SPEC.md §3.2), as
 * an optimistic coordinator. With concurrency W, batch i solves against a
 * fork of the run's ledger as it stood once batch i − W was committed, so W
 * batches solve at once and each start is deterministic. Results are
 * committed in batch order; before a batch's takes are committed, every unit
 * of stock and every order slot of a location it takes is checked against
 * what the batches committed since its fork took too. A batch that no longer
 * fits is solved again against the ledger as it stands, then committed.
 */
export async function runBatches(batches: SelectedOrder[][], solve: SolveBatch, options: BatchRunOptions): Promise<BatchRun> {
  const ledger = new RunLedger();
  const results: BatchResult[] = [];
  const resolved: number[] = [];
  const width = Math.max(1, options.concurrency);
  if (width === 1) {
    for (const [index, orders] of batches.entries()) {
      results.push(await solve(orders, index, ledger));
      options.onBatch?.(index + 1, batches.length);
    }
    return { results, resolved };
  }

  const committed = batches.map(() => deferred<RunLedger>());
  const initial = ledger.fork();
  const tasks = batches.map(async (orders, index) => {
    const base = index >= width ? await committed[index - width]!.promise : initial;
    const fork = base.fork();
    return { base, fork, result: await solve(orders, index, fork) };
  });
  // Failures surface when their turn to commit comes; until then they must not count as unhandled.
  for (const task of tasks) task.catch(() => undefined);
  for (const [index, orders] of batches.entries()) {
    const solved = await tasks[index]!;
    let { fork, result } = solved;
    if (!fits(result, solved.base, ledger)) {
      resolved.push(index);
      fork = ledger.fork();
      result = await solve(orders, index, fork);
    }
    ledger.commit(fork);
    committed[index]!.resolve(ledger.fork());
    results.push(result);
    options.onBatch?.(index + 1, batches.length);
  }
  return { results, resolved };
}

/**
 * Whether what a batch took, solved against `base`, still fits `current`:
 * in each iteration, for each stock entry and each location with an order
 * capacity it takes from, the solver's room (usable units, order capacity)
 * less what it took must cover what other batches took since `base`.
 */
export function fits(result: BatchResult, base: RunLedger, current: RunLedger): boolean {
  const shippedBefore = new Map<string, Set<string>>();
  for (const { problem, outcome } of result.iterations) {
    const units = new Map<number, number>();
    const orders = new Map<number, Set<string>>();
    for (const arc of problem.arcs) {
      const quantity = outcome.arcQuantities[arc.index] ?? 0;
      if (quantity === 0) continue;
      units.set(arc.stock, (units.get(arc.stock) ?? 0) + quantity);
      let set = orders.get(arc.location);
      if (!set) orders.set(arc.location, (set = new Set()));
      set.add(problem.orders[problem.lines[arc.line]!.order]!.order.id);
    }
    for (const [stock, quantity] of units) {
      const entry = problem.stock[stock]!;
      const locationId = problem.locations[entry.location]!.location.id;
      const since = current.usedUnits(entry.variantId, locationId) - base.usedUnits(entry.variantId, locationId);
      if (since > entry.usable - quantity) return false;
    }
    for (const [location, set] of orders) {
      const { location: where, orderCapacity } = problem.locations[location]!;
      const before = shippedBefore.get(where.id) ?? new Set<string>();
      if (orderCapacity !== null) {
        const added = [...set].filter((id) => !before.has(id)).length;
        if (current.ordersTaken(where.id) - base.ordersTaken(where.id) > orderCapacity - added) return false;
      }
      shippedBefore.set(where.id, new Set([...before, ...set]));
    }
  }
  return true;
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

import type { DataSource, DataStore, StoreCollection } from '../core/plugin-api/contracts.js';
import type { MemoryRecords } from '../adapters/memory/memory.adapter.js';

/** A data adapter as the suite drives it. */
export interface AdapterUnderTest<S extends DataSource = DataSource> {
  /** Shown in the test titles. */
  name: string;
  /** A fresh data source holding exactly these records (written as files, imported into a store …). */
  create(records: MemoryRecords): Promise<S>;
  /** The `source.file` the adapter gives the records of a collection, e.g. `orders.ndjson` or `sales_orders`. */
  fileOf(collection: StoreCollection): string;
}

/** A writable store: the lifecycle cases run too. */
export interface StoreUnderTest extends AdapterUnderTest<DataStore> {
  /** Closes the store and opens the same storage again, as the next process would. */
  reopen(store: DataStore): Promise<DataStore>;
}

/** One case of the suite: a title and a body given the adapter. */
export interface ConformanceCase<A> {
  name: string;
  test(adapter: A): Promise<void>;
}

/** Creates the adapter's source, runs the body, closes it. */
export async function withSource<S extends DataSource, T>(adapter: AdapterUnderTest<S>, records: MemoryRecords, body: (source: S) => Promise<T>): Promise<T> {
  const source = await adapter.create(records);
  try {
    return await body(source);
  } finally {
    await source.close?.();
  }
}

/** Location → units of each line's assignments. */
export function assignments(lines: Array<{ lineId: string; assignments: Array<{ locationId: string; quantity: number }> }>): Record<string, Record<string, number>> {
  return Object.fromEntries(lines.map((l) => [l.lineId, Object.fromEntries(l.assignments.map((a) => [a.locationId, a.quantity]))]));
}

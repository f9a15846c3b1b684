import { deepStrictEqual, ok } from 'node:assert/strict';
import { createEngine } from '../core/engine/engine.js';
import { OpenDomError, type Issue } from '../core/errors/errors.js';
import { COLLECTION_NAMES, type CollectionName, type RawDataset, type SourcedRecord } from '../core/domain/raw-dataset.js';
import { builtinPlugins } from '../plugins/builtin.js';
import { CONFORMANCE_AS_OF, conformanceOrder, conformanceRecords } from './conformance-dataset.js';
import { assignments, withSource, type AdapterUnderTest, type ConformanceCase, type StoreUnderTest } from './conformance-support.js';
import { storeLifecycleCases } from './store-lifecycle-cases.js';

export type { AdapterUnderTest, ConformanceCase, StoreUnderTest } from './conformance-support.js';

type TestFunction = (name: string, body: () => void | Promise<void>) => void;

export interface AdapterConformanceOptions {
  /** The test framework's `describe` and `it` (default: the globals). */
  describe?: TestFunction;
  it?: TestFunction;
}

/**
 * One test suite that every data adapter must pass (as Kysely's dialects
 * share theirs): every record kind reads back as written with where it came
 * from; invalid records are reported naming the adapter's file or table, the
 * record number, the id and the field; a run over the adapter plans as over
 * memory. A writable store also passes the lifecycle cases (docs/spec.md §3.7,
 * §6): upsert, runs, plans, apply with splits, conflicts and reservations,
 * rejection, reset, locks, interrupted runs and clean-up.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * new AdapterConformance({ describe, it }).runStore({
 *   name: 'acme/cloud-store',
 *   create: async (records) => { const store = new AcmeStore(); for (…) await store.upsert(…); return store; },
 *   fileOf: (collection) => `acme_${collection}`,
 *   reopen: async (store) => { await store.close?.(); return new AcmeStore(); },
 * });
 * ```
 */
export class AdapterConformance {
  private readonly describe: TestFunction;
  private readonly it: TestFunction;

  constructor(options: AdapterConformanceOptions = {}) {
    const globals = globalThis as { describe?: TestFunction; it?: TestFunction };
    const describe = options.describe ?? globals.describe;
    const it = options.it ?? globals.it;
    if (!describe || !it) throw new Error('AdapterConformance needs describe and it: pass them in the options or enable your test framework globals');
    this.describe = describe;
    this.it = it;
  }

  /** The cases every data adapter passes. */
  run(adapter: AdapterUnderTest): void {
    this.describe(`data adapter ${adapter.name}`, () => this.cases(adapter, readCases));
  }

  /** The cases of every adapter, and the lifecycle cases of a writable store. */
  runStore(store: StoreUnderTest): void {
    this.describe(`data store ${store.name}`, () => {
      this.cases(store, readCases);
      this.cases(store, storeLifecycleCases);
    });
  }

  private cases<A>(adapter: A, cases: Array<ConformanceCase<A>>): void {
    for (const c of cases) this.it(c.name, () => c.test(adapter));
  }
}

const readCases: Array<ConformanceCase<AdapterUnderTest>> = [
  {
    name: 'reads back every record kind as written, each with its file or table and a distinct, increasing record number',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (source) => {
      const records = conformanceRecords();
      const raw = await source.read();
      deepStrictEqual(raw.parameters?.value, records.parameters, 'parameters');
      deepStrictEqual(raw.parameters?.source.file, adapter.fileOf('parameters'), 'parameters: source file');
      for (const name of COLLECTION_NAMES) {
        deepStrictEqual(raw[name].map((r) => r.value), records[name] ?? [], `${name}: the records, in the order written`);
        for (const r of raw[name]) deepStrictEqual(r.source.file, adapter.fileOf(name), `${name}: source file`);
        const numbers = raw[name].map((r) => r.source.recordNumber);
        ok(numbers.every((n, i) => Number.isInteger(n) && n >= 1 && (i === 0 || n > numbers[i - 1]!)), `${name}: record numbers ${numbers.join(', ')} must be distinct, increasing and ≥ 1`);
      }
    }),
  },
  {
    name: 'invalid configuration stops a run, naming the file, record number, id and field of each problem',
    test: async (adapter) => {
      const records = conformanceRecords();
      records.locations!.push({ id: 'FAR', legalEntity: 'le', address: { coordinates: { latitude: 200, longitude: -75 } } });
      records.inventory!.push({ variantId: 'V9', locationId: 'A', onHand: 1 });
      await withSource(adapter, records, async (source) => {
        const raw = await source.read();
        const engine = await createEngine({ data: source, plugins: [builtinPlugins] });
        const error = await engine.validate().then(() => null, (e: unknown) => e);
        ok(error instanceof OpenDomError && error.code === 'E_CONFIG', `expected E_CONFIG, got ${String(error)}`);
        expectIssue(error.issues, adapter, raw, 'locations', (v) => v.id === 'FAR', { recordId: 'FAR', field: 'address.coordinates.latitude' });
        expectIssue(error.issues, adapter, raw, 'inventory', (v) => v.variantId === 'V9', { recordId: 'V9@A', field: 'variantId' });
      });
    },
  },
  {
    name: 'an invalid order is set aside as invalid input with its file, record number, id and field; the rest runs',
    test: async (adapter) => {
      const records = conformanceRecords();
      records.orders!.push(conformanceOrder('O-BAD', [['O-BAD-1', 'V1', -1, 10, 0]]));
      await withSource(adapter, records, async (source) => {
        const raw = await source.read();
        const engine = await createEngine({ data: source, plugins: [builtinPlugins] });
        const { invalidOrders } = await engine.validate();
        deepStrictEqual(invalidOrders.map((o) => [o.orderId, o.lineIds]), [['O-BAD', ['O-BAD-1']]]);
        expectIssue(invalidOrders[0]!.issues, adapter, raw, 'orders', (v) => v.id === 'O-BAD', { recordId: 'O-BAD', field: 'lines[0].quantity' });
        const plan = await engine.run({ profileId: 'p', asOf: CONFORMANCE_AS_OF });
        deepStrictEqual(plan.exceptions.map((e) => [e.lineId, e.exceptionType]), [['O-BAD-1', 'invalid-input']]);
        deepStrictEqual(assignments(plan.lines), { 'O1-1': { A: 3 }, 'O2-1': { A: 2, B: 1 } });
      });
    },
  },
  {
    name: 'a run over the adapter plans the expected assignments, split parts with their new line ids, and the versions it read',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (source) => {
      const engine = await createEngine({ data: source, plugins: [builtinPlugins] });
      const plan = await engine.run({ profileId: 'p', asOf: CONFORMANCE_AS_OF });
      deepStrictEqual(assignments(plan.lines), { 'O1-1': { A: 3 }, 'O2-1': { A: 2, B: 1 } });
      deepStrictEqual(plan.lines.find((l) => l.lineId === 'O2-1')!.splitInto, [
        { lineId: 'O2-1', locationId: 'A', quantity: 2, amount: 20, tax: 2 },
        { lineId: 'O2-1.1', locationId: 'B', quantity: 1, amount: 10, tax: 1 },
        { lineId: 'O2-1.2', locationId: null, quantity: 1, amount: 10, tax: 1 },
      ]);
      deepStrictEqual(plan.selection, [
        { orderId: 'O1', version: 0, lines: [{ lineId: 'O1-1', version: 0 }] },
        { orderId: 'O2', version: 0, lines: [{ lineId: 'O2-1', version: 0 }] },
      ]);
    }),
  },
];

/** The issue must name the adapter's file, the record number `read()` gave the record, its id and the field. */
function expectIssue(
  issues: Issue[],
  adapter: AdapterUnderTest,
  raw: RawDataset,
  collection: CollectionName,
  which: (value: Record<string, unknown>) => boolean,
  want: { recordId: string; field: string },
): void {
  const record = raw[collection].find((r: SourcedRecord) => which(r.value as Record<string, unknown>));
  ok(record, `the ${collection} record of ${want.recordId} was not read back`);
  const expected = { file: adapter.fileOf(collection), recordNumber: record.source.recordNumber, ...want };
  const found = issues.find((i) => i.recordId === want.recordId && i.field === want.field);
  ok(found, `no issue for ${want.recordId} at ${want.field}; issues: ${issues.map((i) => `${i.file}#${i.recordNumber} ${i.recordId} ${i.field}`).join('; ')}`);
  deepStrictEqual({ file: found.file, recordNumber: found.recordNumber, recordId: found.recordId, field: found.field }, expected);
}

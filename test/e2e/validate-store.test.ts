import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceOrder, conformanceRecords } from 'opendom/testing';
import { postgresHarness, TEST_DATABASE_URL, writeRecords } from '../adapters/store-harness.js';
import { cli } from './cli-process.js';

/** `opendom validate` on a store: what a run would read there, checked without running. */

const harness = postgresHarness();
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());

describe('opendom validate on a store', () => {
  it('prints the counts of the stored dataset, lists orders a run would set aside, and fails with --strict', async () => {
    const store = await harness.newStore();
    const records = conformanceRecords();
    // References are checked when a run reads the store, not at import: this order names a variant that does not exist.
    records.orders!.push(conformanceOrder('O9', [['O9-1', 'V9', 1, 10, 0]]));
    await writeRecords(store, records);
    await store.close();
    const target = ['--database', TEST_DATABASE_URL, '--schema', store.schema];
    const result = await cli(['validate', ...target]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(
      'The PostgreSQL store is valid: 3 locations, 2 variants, 5 inventory records, 1 profile, 2 rules, 2 orders (2 lines).\n' +
        '1 order will be set aside as invalid input:\n' +
        '  - E_DATASET: sales_orders#3 record "O9" at lines[0].variantId: unknown variant "V9"\n',
    );
    expect((await cli(['validate', '--strict', ...target])).code).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portStore, threadedPgliteStore, type SqlStore } from '../../index.js';
import { RECORD_CHANGE } from '../../adapters/sql/changes.js';
import { pgliteHarness, postgresHarness } from './store-harness.js';

/** The store's change log: what each write committed, read by revision; trimmed by the clean-up without a reader missing anything. */
describe.each([
  ['dom/pglite', pgliteHarness()],
  ['dom/postgres', postgresHarness()],
] as const)('the change log of %s', (_name, harness) => {
  let store: SqlStore;
  beforeAll(async () => {
    await harness.setUp();
    store = await harness.newStore();
  });
  afterAll(async () => {
    await store.close();
    await harness.tearDown();
  });

  it('records each committed write with the keys it wrote, in revision order; nothing for a write that changes nothing', async () => {
    const start = await store.latestRevision();
    await store.upsert('inventory', [{ variantId: 'V1', locationId: 'L1', onHand: 3 }, { variantId: 'V1', locationId: 'L2', status: 'damaged', onHand: 1 }]);
    await store.upsert('locations', [{ id: 'L1', name: 'one', type: 'store', address: { coordinates: { latitude: 1, longitude: 2 } } }]);
    await store.upsert('inventory', [{ variantId: 'V1', locationId: 'L1', onHand: 3 }]);
    await store.upsert('parameters', [{ distanceUnit: 'km' }]);
    const { revision, changes } = await store.changesSince(start);
    expect(changes).toEqual([
      { collection: 'inventory', keys: [{ variantId: 'V1', locationId: 'L1', status: 'available' }, { variantId: 'V1', locationId: 'L2', status: 'damaged' }] },
      { collection: 'locations', keys: ['L1'] },
      { collection: 'parameters', keys: null },
    ]);
    expect(revision).toBe(await store.latestRevision());
    expect(await store.changesSince(revision)).toEqual({ revision, changes: [] });
    // Another process may write here unseen: no count is offered in place of the log.
    expect(await store.committedChanges()).toBeUndefined();
  });

  it('is trimmed by the clean-up of changes older than a day, keeping the latest, and the trim is itself a change of everything', async () => {
    await store.upsert('inventory', [{ variantId: 'V2', locationId: 'L1', onHand: 5 }]);
    const client = await store.client();
    const latest = await store.latestRevision();
    await client.query(`update store_changes set at = now() - interval '2 days'`);
    await store.cleanup(new Date());
    const rows = await client.query<{ revision: string; collection: string }>('select revision, collection from store_changes order by revision');
    expect(rows.map((r) => [Number(r.revision), r.collection])).toEqual([[latest, 'inventory'], [latest + 1, 'changes']]);
    expect((await store.changesSince(0)).changes.at(-1)).toEqual({ collection: 'changes', keys: null });
  });
});

/** The embedded store in a thread of its own counts committed changes in memory, so suggest asks the log only when something changed. */
describe('the count of committed changes of the embedded store in a thread', () => {
  const harness = pgliteHarness();
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('moves before a write from any thread is acknowledged, and not for reads, rollbacks or writes that change nothing', async () => {
    const store = threadedPgliteStore({ directory: (await harness.newStore()).directory });
    const other = portStore(await store.connect());
    try {
      const start = (await store.committedChanges())!;
      expect(start).toBeTypeOf('number');
      await other.upsert('inventory', [{ variantId: 'V1', locationId: 'L1', onHand: 3 }]);
      expect(await store.committedChanges()).toBe(start + 1);
      await other.upsert('inventory', [{ variantId: 'V1', locationId: 'L1', onHand: 3 }]);
      await other.listKeys();
      await expect((await other.client()).transaction(async (tx) => {
        await tx.query(RECORD_CHANGE, ['orders', null]);
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      expect(await store.committedChanges()).toBe(start + 1);
      await store.upsert('parameters', [{ distanceUnit: 'km' }]);
      expect(await store.committedChanges()).toBe(start + 2);
      expect((await store.changesSince(0)).changes.slice(-2).map((c) => c.collection)).toEqual(['inventory', 'parameters']);
    } finally {
      await other.close();
      await store.close();
    }
  });
});

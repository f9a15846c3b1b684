import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  MemoryDataSource,
  runOnStore,
  type ApplyHookPlugin,
  type ApplyHooks,
  type InventoryProvider,
  type InventoryProviderPlugin,
  type InventoryRequest,
  type LocationSetPlugin,
  type OpenDomPlugin,
  type PluginMeta,
  type SalesOrder,
} from '../../index.js';
import { AS_OF, assignmentsOf, location, order, scenario, stock, whyNotInPlan } from 'opendom/testing';
import { pgliteHarness, writeRecords } from '../adapters/store-harness.js';

/**
 * The extension points around a run (docs/spec.md §6.10): a location set
 * and an inventory provider change what a run plans from, apply hooks veto
 * orders, hold lines back and hear what was applied; each failure or time-out
 * is an error naming the plugin and the hook, and a failed hook before
 * applying changes nothing.
 */

const meta = (id: string): PluginMeta => ({ id, version: '1.0.0', compatibility: '^1.0.0', description: id, optionsSchema: { type: 'object' } });
const pkg = (register: OpenDomPlugin['register']): OpenDomPlugin => ({ name: 'test-hooks', register });

// A 10 mi and B 20 mi from the customer.
const twoLocations = [location('A', 10), location('B', 20)];

describe('location set', () => {
  const withoutA: LocationSetPlugin = {
    meta: meta('test/without-a'),
    create: () => ({ locations: ({ profileLocations }) => profileLocations.map((l) => l.id).filter((id) => id !== 'A') }),
  };
  const returning = (ids: string[]): LocationSetPlugin => ({ meta: meta('test/fixed'), create: () => ({ locations: () => ids }) });
  const records = () => scenario({ locations: [...twoLocations, location('X', 5, { shipping: false })], inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)], orders: [order('O1', [['V1', 1]])] });

  it('the default ships from the nearest; a location set that leaves A out ships from B, and suggest offers B only', async () => {
    const plain = await createEngine({ data: new MemoryDataSource(records()) });
    expect(assignmentsOf(await plain.run({ profileId: 'p', asOf: AS_OF }), 'O1-1')).toEqual({ A: 1 });
    const engine = await createEngine({ data: new MemoryDataSource(records()), plugins: [pkg((api) => api.addLocationSet(withoutA))], locationSet: { id: 'test/without-a' } });
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 });
    const suggestion = await engine.suggest({ legalEntity: 'le', salesOrigin: 'web', modeOfDelivery: 'std', variantId: 'V1', quantity: 1, deliveryAddress: { coordinates: { latitude: 40, longitude: -75 } } });
    expect(suggestion.locations.map((l) => l.locationId)).toEqual(['B']);
  });

  it.each([
    [['A', 'Z'], 'returned "Z" at [1], which is no location of the dataset'],
    [['X'], 'returned "X" at [0], which does not ship (shipping: false)'],
  ])('a set naming %j is refused with E_HOOK naming the plugin and the hook', async (ids, message) => {
    const engine = await createEngine({ data: new MemoryDataSource(records()), plugins: [pkg((api) => api.addLocationSet(returning(ids)))], locationSet: { id: 'test/fixed' } });
    await expect(engine.run({ profileId: 'p', asOf: AS_OF })).rejects.toMatchObject({ code: 'E_HOOK', issues: [{ pluginId: 'test/fixed', field: 'locations', message }] });
  });
});

describe('inventory provider', () => {
  const providing = (inventory: InventoryProvider['inventory']): InventoryProviderPlugin => ({ meta: meta('test/live'), create: () => ({ inventory }) });
  const engineWith = (inventory: InventoryProvider['inventory'], records = scenario({ locations: twoLocations, inventory: [stock('V1', 'B', 5)], orders: [order('O1', [['V1', 2]])] }), hookTimeoutSeconds?: number) =>
    createEngine({ data: new MemoryDataSource(records), plugins: [pkg((api) => api.addInventoryProvider(providing(inventory)))], inventory: { id: 'test/live' }, ...(hookTimeoutSeconds ? { hookTimeoutSeconds } : {}) });

  it("replaces the dataset's stock: asked once, for the run's variants at its locations", async () => {
    const asked: Array<Omit<InventoryRequest, 'dataset' | 'signal'>> = [];
    const engine = await engineWith(({ dataset: _dataset, signal: _signal, ...request }) => {
      asked.push(request);
      return [{ variantId: 'V1', locationId: 'A', onHand: 3 }];
    });
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(asked).toEqual([{ profileId: 'p', asOf: AS_OF, variantIds: ['V1'], locationIds: ['A', 'B'] }]);
    // The dataset says A has none and B 5; the provider says A has 3 and is silent on B (none).
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
  });

  it("subtracts OpenDOM's open allocations the figures do not reflect, as for an imported snapshot", async () => {
    // O0 holds 2 of V1 at A (assigned, not shipped): of the 3 the provider reports, 1 is left, short of O1's 2.
    const o0 = order('O0', [['V1', 2]]);
    o0.lines = o0.lines.map((line) => ({ ...line, domStatus: 'complete', assignedLocationId: 'A' }));
    const records = scenario({ locations: twoLocations, inventory: [], orders: [o0, order('O1', [['V1', 2]])] });
    const engine = await engineWith(() => [{ variantId: 'V1', locationId: 'A', onHand: 3 }], records);
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(plan.lines.find((l) => l.lineId === 'O1-1')?.fulfillmentType, whyNotInPlan(plan, 'O1-1')).toBe('none');
  });

  it('a provider that does not answer in time fails the run with E_HOOK_TIMEOUT, its signal aborted', async () => {
    let aborted = false;
    const engine = await engineWith(({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))), undefined, 0.2);
    await expect(engine.run({ profileId: 'p', asOf: AS_OF })).rejects.toMatchObject({ code: 'E_HOOK_TIMEOUT', message: 'E_HOOK_TIMEOUT: plugin "test/live" at inventory: did not answer within 0.2 s (hookTimeoutSeconds)' });
    expect(aborted).toBe(true);
  });

  it.each([
    [() => Promise.reject(new Error('connection refused')), 'failed: connection refused'],
    [() => [{ variantId: 'V1', locationId: 'A', onHand: -1 }], 'record [0] onHand must be a number ≥ 0, got -1'],
    [() => [{ variantId: 'V9', locationId: 'A', onHand: 1 }], 'record [0] variantId "V9" is no variant the run asked for'],
    [() => ({}) as never, 'returned no array of inventory records'],
  ])('a provider that fails or answers nonsense fails the run with E_HOOK: %#', async (inventory, message) => {
    const engine = await engineWith(inventory as InventoryProvider['inventory']);
    await expect(engine.run({ profileId: 'p', asOf: AS_OF })).rejects.toMatchObject({ code: 'E_HOOK', issues: [{ pluginId: 'test/live', field: 'inventory', message }] });
  });
});

describe('apply hooks, on the embedded store', () => {
  const harness = pgliteHarness();
  beforeAll(() => harness.setUp(), 60_000);
  afterAll(() => harness.tearDown());

  const records = () => scenario({ locations: twoLocations, inventory: [stock('V1', 'A', 5), stock('V2', 'A', 5)], orders: [order('O1', [['V1', 1], ['V2', 1]]), order('O2', [['V1', 1]])] });

  /** A store with the scenario, and an engine on it with one apply hook. */
  async function setUp(hooks: ApplyHooks, hookTimeoutSeconds?: number) {
    const store = await harness.newStore();
    await writeRecords(store, records());
    const plugin: ApplyHookPlugin = { meta: meta('test/gate'), create: () => hooks };
    const engine = await createEngine({ data: store, plugins: [pkg((api) => api.addApplyHook(plugin))], applyHooks: [{ id: 'test/gate' }], ...(hookTimeoutSeconds ? { hookTimeoutSeconds } : {}) });
    const stored = async (id: string) => (await store.getRecord('orders', id)) as SalesOrder;
    return { store, engine, stored };
  }

  it('a veto leaves its order as it was and a held line is left while the rest of its order applies; the after-apply hook hears what was applied; init once, destroy at close', async () => {
    const calls: string[] = [];
    let heard: unknown;
    const { store, engine, stored } = await setUp({
      init: () => void calls.push('init'),
      beforeApply: () => ((calls.push('before')), { veto: [{ orderId: 'O2', reason: 'credit hold' }], hold: [{ lineId: 'O1-2', reason: 'awaiting QA' }] }),
      afterApply: ({ appliedOrderIds, heldLineIds, report }) => void ((calls.push('after')), (heard = { appliedOrderIds, heldLineIds, outcomes: report.outcomes })),
      destroy: () => void calls.push('destroy'),
    });
    const before = { o1: await stored('O1'), o2: await stored('O2') };
    const result = await runOnStore(engine, store, { profileId: 'p', asOf: AS_OF, apply: true });
    expect(result.run.status).toBe('applied');
    expect(result.applied).toMatchObject({ outcomes: { applied: 1, vetoed: 1 }, notApplied: [{ orderId: 'O2', outcome: 'vetoed', detail: 'test/gate: credit hold' }] });
    expect(heard).toEqual({ appliedOrderIds: ['O1'], heldLineIds: ['O1-2'], outcomes: expect.objectContaining({ applied: 1, vetoed: 1 }) });
    const o1 = await stored('O1');
    expect(o1.lines[0]).toMatchObject({ domStatus: 'complete', assignedLocationId: 'A' });
    // Written back with its order, with the schema's defaults filled in, and otherwise as it was: waiting, version and attempts unchanged.
    expect(o1.lines[1]).toMatchObject({ ...before.o1.lines[1], domStatus: 'none', version: 0, attempts: 0, assignedLocationId: null });
    expect(await stored('O2')).toEqual(before.o2);
    const log = (await store.getPlan(result.run.planId!))!.log.map((e) => e.message);
    expect(log).toEqual(expect.arrayContaining(['before apply: test/gate vetoed order O2: credit hold', 'before apply: test/gate held line O1-2 back: awaiting QA']));
    // Applying again settles nothing more: the veto stands until the next run brokers O2.
    const again = await engine.applyPlan(store, (await store.getPlan(result.run.planId!))!, { now: new Date() });
    expect(again.report).toMatchObject({ alreadySettled: 2, outcomes: { applied: 0, vetoed: 0 } });
    expect(heard).toMatchObject({ appliedOrderIds: [] }); // only what this apply applied
    expect(calls).toEqual(['init', 'before', 'after', 'before', 'after']);
    await engine.close();
    expect(calls.at(-1)).toBe('destroy');
    await store.close();
  });

  it('an after-apply hook that fails un-applies nothing: the run ends applied, the failure in its log and its report', async () => {
    const { store, engine, stored } = await setUp({ afterApply: () => Promise.reject(new Error('warehouse system down')) });
    const result = await runOnStore(engine, store, { profileId: 'p', asOf: AS_OF, apply: true });
    expect(result.run.status).toBe('applied');
    expect(result.applied!.outcomes.applied).toBe(2);
    const warning = 'after apply: E_HOOK: plugin "test/gate" at afterApply: failed: warehouse system down; the plan stays applied';
    expect(result.applyLog).toEqual([{ level: 'warn', message: warning }]);
    expect((await store.getPlan(result.run.planId!))!.log).toContainEqual({ level: 'warn', message: warning });
    expect((await stored('O2')).lines[0]).toMatchObject({ domStatus: 'complete' });
    await engine.close();
    await store.close();
  });

  it.each<[string, ApplyHooks, string, string]>([
    ['throws', { beforeApply: () => { throw new Error('rules service down'); } }, 'E_HOOK', 'failed: rules service down'],
    ['vetoes an order the plan does not have', { beforeApply: () => ({ veto: [{ orderId: 'O9', reason: 'x' }] }) }, 'E_HOOK', 'vetoed "O9" at veto[0], which is no order of plan'],
    ['does not answer in time', { beforeApply: () => new Promise(() => undefined) }, 'E_HOOK_TIMEOUT', 'did not answer within'],
  ])('a before-apply hook that %s applies nothing: the run fails and no order changes', async (_, hooks, code, message) => {
    const { store, engine, stored } = await setUp(hooks, 0.3);
    const before = [await stored('O1'), await stored('O2')];
    await expect(runOnStore(engine, store, { profileId: 'p', asOf: AS_OF, apply: true })).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
    const [run] = await store.listRuns({ profileId: 'p' });
    expect(run).toMatchObject({ status: 'failed', ordersApplied: 0 });
    expect([await stored('O1'), await stored('O2')]).toEqual(before);
    await engine.close();
    await store.close();
  });
});

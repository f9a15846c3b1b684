import { deepStrictEqual, ok, rejects } from 'node:assert/strict';
import { createEngine } from '../core/engine/engine.js';
import type { SalesLine } from '../core/domain/types.js';
import { runOnStore, type StoreRunOptions, type StoreRunResult } from '../core/lifecycle/run-on-store.js';
import { storedOrder } from '../core/lifecycle/stored-records.js';
import { allocatedUnits } from '../core/lifecycle/allocations.js';
import { checkRecord } from '../core/validation/check-record.js';
import type { Dataset, InventoryRecord } from '../core/domain/types.js';
import type { DataStore } from '../core/plugin-api/contracts.js';
import { builtinPlugins } from '../plugins/builtin.js';
import { CONFORMANCE_AS_OF, conformanceOrder, conformanceRecords, SNAPSHOT_AS_OF } from './conformance-dataset.js';
import { assignments, withSource, type ConformanceCase, type StoreUnderTest } from './conformance-support.js';

const DAY_MS = 86_400_000;

/** Runs profile `p` on the store at the suite's instant. */
async function run(store: DataStore, options: Partial<StoreRunOptions> = {}): Promise<StoreRunResult> {
  const engine = await createEngine({ data: store, plugins: [builtinPlugins] });
  return runOnStore(engine, store, { profileId: 'p', asOf: CONFORMANCE_AS_OF, ...options });
}

/** Every stored line by id, with defaults filled. */
async function linesOf(store: DataStore): Promise<Map<string, SalesLine>> {
  const raw = await store.read();
  return new Map(raw.orders.flatMap((r) => storedOrder(r.value)?.lines ?? []).map((l) => [l.id, l]));
}

async function line(store: DataStore, id: string): Promise<SalesLine> {
  const found = (await linesOf(store)).get(id);
  ok(found, `line ${id} is not in the store`);
  return found;
}

/** The stored orders and inventory, with defaults filled. */
async function stockState(store: DataStore): Promise<Pick<Dataset, 'orders' | 'inventory'>> {
  const raw = await store.read();
  return {
    orders: raw.orders.flatMap((r) => storedOrder(r.value) ?? []),
    inventory: raw.inventory.flatMap((r) => checkRecord<InventoryRecord>('inventory', r.value).value ?? []),
  };
}

/** Units OpenDOM holds allocated of a variant at a location that its snapshot does not reflect, recomputed from the stored lines. */
async function allocated(store: DataStore, variantId: string, locationId: string): Promise<number> {
  return allocatedUnits((await stockState(store)) as Dataset).get(variantId)?.get(locationId) ?? 0;
}

/** The stored `available` inventory record of a variant at a location. */
async function stock(store: DataStore, variantId: string, locationId: string): Promise<InventoryRecord> {
  const record = (await stockState(store)).inventory.find((r) => r.variantId === variantId && r.locationId === locationId && r.status === 'available');
  ok(record, `no available stock of ${variantId} at ${locationId}`);
  return record;
}

function pick(l: SalesLine) {
  return { quantity: l.quantity, tax: l.tax, domStatus: l.domStatus, exceptionType: l.exceptionType, assignedLocationId: l.assignedLocationId, attempts: l.attempts, version: l.version };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await rejects(promise, (error: Error & { code?: string }) => {
    deepStrictEqual(error.code, code, `expected ${code}, got: ${error.message}`);
    return true;
  });
}

/** The lifecycle cases every writable store passes (docs/spec.md §3.7, §6). */
export const storeLifecycleCases: Array<ConformanceCase<StoreUnderTest>> = [
  {
    name: 'upserts by key: inserts new records, leaves equal ones alone, replaces changed ones, and an order only by a higher version',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const records = conformanceRecords();
      deepStrictEqual(await store.upsert('locations', records.locations!), { inserted: 0, updated: 0, unchanged: 3, refused: [] });
      const renamed = { ...(records.locations![0] as object), name: 'Renamed' };
      deepStrictEqual(await store.upsert('locations', [renamed, { ...(records.locations![1] as object) }]), { inserted: 0, updated: 1, unchanged: 1, refused: [] });
      deepStrictEqual(await store.getRecord('locations', 'A'), renamed);
      deepStrictEqual(await store.getRecord('locations', 'nowhere'), null);
      deepStrictEqual(
        await store.upsert('inventory', [{ variantId: 'V1', locationId: 'A', onHand: 9, reserved: 0, asOf: '2026-11-20T07:00:00Z' }, { variantId: 'V1', locationId: 'A', status: 'returned', onHand: 1 }]),
        { inserted: 1, updated: 1, unchanged: 0, refused: [] },
      );
      const o1 = records.orders![0] as ReturnType<typeof conformanceOrder>;
      const sameVersion = { ...o1, lines: [{ ...o1.lines[0]!, quantity: 2 }] };
      deepStrictEqual(await store.upsert('orders', [sameVersion]), { inserted: 0, updated: 0, unchanged: 1, refused: [] }, 'an order of the same version is kept as stored');
      deepStrictEqual(await store.upsert('orders', [{ ...sameVersion, version: 1 }]), { inserted: 0, updated: 1, unchanged: 0, refused: [] }, 'a higher version replaces it');
      deepStrictEqual((await line(store, 'O1-1')).quantity, 2);
      deepStrictEqual(await store.upsert('parameters', [{ ...(records.parameters as object), rejectionPeriodDays: 3 }]), { inserted: 0, updated: 1, unchanged: 0, refused: [] });
      await expectCode(store.upsert('products', [{ id: 'P2', name: 'ok' }, { name: 'no id' }]), 'E_STORE');
      deepStrictEqual(await store.getRecord('products', 'P2'), null, 'a refused upsert writes nothing');
    }),
  },
  {
    name: 'inventory snapshots: one older than the stored one is ignored; the same figures change nothing; one without an instant is stamped when its figures change',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const key = { variantId: 'V1', locationId: 'B' };
      const now = new Date('2026-11-20T09:00:00Z');
      deepStrictEqual(await store.upsert('inventory', [{ ...key, onHand: 1, asOf: '2026-11-20T05:00:00Z' }], { now }), { inserted: 0, updated: 0, unchanged: 1, refused: [] }, 'older than the stored snapshot');
      deepStrictEqual(await store.upsert('inventory', [{ ...key, onHand: 4 }], { now }), { inserted: 0, updated: 0, unchanged: 1, refused: [] }, 'the same figures, no instant');
      deepStrictEqual((await stock(store, 'V1', 'B')).asOf, SNAPSHOT_AS_OF, 'an unchanged record keeps its instant');
      deepStrictEqual(await store.upsert('inventory', [{ ...key, onHand: 3 }], { now }), { inserted: 0, updated: 1, unchanged: 0, refused: [] });
      deepStrictEqual((await stock(store, 'V1', 'B')).asOf, now.toISOString(), 'stamped with its arrival');
      deepStrictEqual(await store.upsert('inventory', [{ ...key, onHand: 3, asOf: '2026-11-20T10:00:00Z' }], { now }), { inserted: 0, updated: 1, unchanged: 0, refused: [] }, 'a newer instant with the same figures');
    }),
  },
  {
    name: 'a run records its progress, stores its plan and, with autoApply, applies it: lines complete, split lines prorated, stock allocated',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { run: done, plan, applied } = await run(store);
      deepStrictEqual(applied?.outcomes, { applied: 2, conflict: 0, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 0 });
      deepStrictEqual(
        { status: done.status, batchesDone: done.batchesDone, batchesTotal: done.batchesTotal, ordersTotal: done.ordersTotal, ordersApplied: done.ordersApplied, planId: done.planId },
        { status: 'applied', batchesDone: 1, batchesTotal: 1, ordersTotal: 2, ordersApplied: 2, planId: plan.planId },
      );
      const lines = await linesOf(store);
      deepStrictEqual([...lines.keys()], ['O1-1', 'O2-1', 'O2-1.1', 'O2-1.2']);
      deepStrictEqual(pick(lines.get('O1-1')!), { quantity: 3, tax: 3, domStatus: 'complete', exceptionType: null, assignedLocationId: 'A', attempts: 1, version: 1 });
      deepStrictEqual(pick(lines.get('O2-1')!), { quantity: 2, tax: 2, domStatus: 'complete', exceptionType: null, assignedLocationId: 'A', attempts: 1, version: 1 });
      deepStrictEqual(pick(lines.get('O2-1.1')!), { quantity: 1, tax: 1, domStatus: 'complete', exceptionType: null, assignedLocationId: 'B', attempts: 1, version: 0 });
      deepStrictEqual(pick(lines.get('O2-1.2')!), { quantity: 1, tax: 1, domStatus: 'none', exceptionType: null, assignedLocationId: null, attempts: 1, version: 0 });
      deepStrictEqual(lines.get('O2-1.1')!.unitPrice, 10);
      deepStrictEqual([await allocated(store, 'V1', 'A'), await allocated(store, 'V2', 'A'), await allocated(store, 'V2', 'B')], [3, 2, 1]);
      deepStrictEqual((await stock(store, 'V1', 'A')).reserved, 0, 'the source\'s own figures are left as imported');

      deepStrictEqual(await store.getPlan(plan.planId), plan, 'the stored plan reads back whole');
      const one = await store.getPlan(plan.planId, { lineIds: ['O1-1'] });
      deepStrictEqual(one?.lines.map((l) => l.lineId), ['O1-1']);
      const [listed] = await store.listPlans();
      deepStrictEqual({ ...listed, createdAt: listed!.createdAt.toISOString() }, {
        planId: plan.planId, runId: done.id, profileId: 'p', createdAt: plan.createdAt, solverStatus: plan.solver.status, lines: 2, fillRate: plan.totals.fillRate, orders: 2, ordersSettled: 2,
      });
      deepStrictEqual((await store.listRuns({ profileId: 'p' })).map((r) => r.id), [done.id]);
    }),
  },
  {
    name: 'a plan-only profile changes no line; applying the stored plan later does, and applying it again changes nothing more',
    test: async (adapter) => {
      const records = conformanceRecords();
      records.profiles = [{ ...(records.profiles![0] as object), autoApply: false }];
      await withSource(adapter, records, async (store) => {
        const { run: done, plan, applied } = await run(store);
        deepStrictEqual([done.status, applied], ['planned', null]);
        deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 3, tax: 3, domStatus: 'none', exceptionType: null, assignedLocationId: null, attempts: 0, version: 0 });
        const first = await store.applyPlan(plan, { now: new Date() });
        deepStrictEqual([first.outcomes.applied, first.alreadySettled], [2, 0]);
        const after = await linesOf(store);
        const second = await store.applyPlan(plan, { now: new Date() });
        deepStrictEqual([second.outcomes.applied, second.alreadySettled], [0, 2]);
        deepStrictEqual(await linesOf(store), after);
        deepStrictEqual(await allocated(store, 'V1', 'A'), 3, 'allocated once');
      });
    },
  },
  {
    name: 'an order that changed since the run is not applied: its waiting lines get data-modification-conflict and the next run brokers them',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { plan } = await run(store, { apply: false });
      const o1 = conformanceRecords().orders![0] as ReturnType<typeof conformanceOrder>;
      await store.upsert('orders', [{ ...o1, version: 1, lines: [{ ...o1.lines[0]!, quantity: 2 }] }]);
      const applied = await store.applyPlan(plan, { now: new Date() });
      deepStrictEqual(applied.outcomes, { applied: 1, conflict: 1, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 0 });
      deepStrictEqual(applied.notApplied.map((n) => [n.orderId, n.outcome]), [['O1', 'conflict']]);
      ok(applied.notApplied[0]!.detail.includes('changed'), applied.notApplied[0]!.detail);
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 2, tax: 3, domStatus: 'exception', exceptionType: 'data-modification-conflict', assignedLocationId: null, attempts: 0, version: 2 }, 'version 1 from the new order version, 2 from the conflict');
      deepStrictEqual(await allocated(store, 'V1', 'A'), 0, 'nothing of the conflicting order is allocated');
      await run(store, { apply: true });
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 2, tax: 3, domStatus: 'complete', exceptionType: null, assignedLocationId: 'A', attempts: 1, version: 3 });
    }),
  },
  {
    name: 'an order whose stock is gone when the plan is applied is not applied and stays waiting (stock-changed)',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { plan } = await run(store, { apply: false });
      await store.upsert('inventory', [{ variantId: 'V1', locationId: 'A', onHand: 4, reserved: 2 }]);
      const applied = await store.applyPlan(plan, { now: new Date() });
      deepStrictEqual(applied.notApplied.map((n) => [n.orderId, n.outcome]), [['O1', 'stock-changed']]);
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 3, tax: 3, domStatus: 'none', exceptionType: null, assignedLocationId: null, attempts: 0, version: 0 });
      deepStrictEqual([(await stock(store, 'V1', 'A')).reserved, await allocated(store, 'V1', 'A')], [2, 0]);
    }),
  },
  {
    name: 'before-apply decisions: a vetoed order is settled vetoed and left as it was, a held line is left as it was while its order applies; each settled order is told once; log entries appended are in the plan',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { plan } = await run(store, { apply: false });
      await store.appendLog(plan.planId, [{ level: 'info', message: 'before apply: a decision' }], new Date());
      const verdict = { vetoed: new Map([['O2', 'credit hold']]), held: new Map([['O1-1', 'awaiting QA']]) };
      const settled: Array<{ orderId: string; outcome: string }> = [];
      const applied = await store.applyPlan(plan, { now: new Date(), verdict, onSettled: (orders) => settled.push(...orders) });
      deepStrictEqual(settled.sort((a, b) => a.orderId.localeCompare(b.orderId)), [{ orderId: 'O1', outcome: 'applied' }, { orderId: 'O2', outcome: 'vetoed' }]);
      deepStrictEqual(applied.outcomes, { applied: 1, conflict: 0, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 1 });
      deepStrictEqual(applied.notApplied, [{ orderId: 'O2', outcome: 'vetoed', detail: 'credit hold' }]);
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 3, tax: 3, domStatus: 'none', exceptionType: null, assignedLocationId: null, attempts: 0, version: 0 });
      deepStrictEqual(pick(await line(store, 'O2-1')), { quantity: 4, tax: 4, domStatus: 'none', exceptionType: null, assignedLocationId: null, attempts: 0, version: 0 });
      deepStrictEqual([await allocated(store, 'V1', 'A'), await allocated(store, 'V2', 'A')], [0, 0]);
      deepStrictEqual((await store.getPlan(plan.planId))!.log.at(-1), { level: 'info', message: 'before apply: a decision' });
      const settledAgain: unknown[] = [];
      const again = await store.applyPlan(plan, { now: new Date(), onSettled: (orders) => settledAgain.push(...orders) });
      deepStrictEqual([again.alreadySettled, again.outcomes.applied, settledAgain], [2, 0, []]);
    }),
  },
  {
    name: 'rejection releases the allocation and the line is brokered elsewhere; at maximum rejections it waits for a reset, which keeps the locations out for the rejection period; maximum attempts stops retries',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const at = (hours: number) => new Date(CONFORMANCE_AS_OF.getTime() + hours * 3_600_000);
      await run(store);
      await expectCode(store.rejectLine('O1-1', 'B', at(1)), 'E_LIFECYCLE');
      await expectCode(store.rejectLine('nope', 'A', at(1)), 'E_LIFECYCLE');
      const rejected = await store.rejectLine('O1-1', 'A', at(1));
      deepStrictEqual(pick(rejected.after), { quantity: 3, tax: 3, domStatus: 'exception', exceptionType: 'rejected', assignedLocationId: null, attempts: 1, version: 2 });
      deepStrictEqual(rejected.after.rejections.map((r) => r.locationId), ['A']);
      deepStrictEqual(await allocated(store, 'V1', 'A'), 0, 'the rejected units are released');

      const second = await run(store, { asOf: at(2) });
      deepStrictEqual(assignments(second.plan.lines.filter((l) => l.lineId === 'O1-1')), { 'O1-1': { B: 3 } }, 'A waits out the rejection period');
      ok(second.plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed.some((r) => r.locationId === 'A' && r.messageId === 'rejectedRecently'));
      deepStrictEqual(pick(await line(store, 'O2-1.2')).exceptionType, 'no-quantity-available', 'the remainder found no stock on its second attempt');

      await store.rejectLine('O1-1', 'B', at(3));
      const third = await run(store, { asOf: at(4) });
      deepStrictEqual(third.plan.exceptions.map((e) => [e.lineId, e.exceptionType]), [['O1-1', 'maximum-rejections']]);
      deepStrictEqual(pick(await line(store, 'O1-1')).exceptionType, 'maximum-rejections');
      deepStrictEqual(pick(await line(store, 'O2-1.2')).exceptionType, 'maximum-attempts', 'its third attempt reached maxAutoFulfillmentAttempts');
      const fourth = await run(store, { asOf: at(5) });
      deepStrictEqual(fourth.plan.lines.length + fourth.plan.exceptions.length, 0, 'permanent exceptions are not selected');

      const reset = await store.resetLine('O1-1', at(6));
      deepStrictEqual([reset.after.domStatus, reset.after.exceptionType, reset.after.attempts, reset.after.rejections.length], ['none', null, 0, 2]);
      await expectCode(store.resetLine('O1-1', at(6)), 'E_LIFECYCLE');
      const fifth = await run(store, { asOf: at(7) });
      deepStrictEqual(fifth.plan.exceptions, [], 'the reset restarted the rejection count');
      deepStrictEqual(fifth.plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed.filter((r) => r.messageId === 'rejectedRecently').map((r) => r.locationId).sort(), ['A', 'B']);
      deepStrictEqual(pick(await line(store, 'O1-1')).exceptionType, 'no-quantity-available', 'A and B rejected it within the rejection period');
      await store.resetLine('O1-1', at(8));
      await run(store, { asOf: at(8 * 24) });
      deepStrictEqual(pick(await line(store, 'O1-1')).assignedLocationId, 'A', 'the rejection period over, the nearest location ships it');
    }),
  },
  {
    name: 'an order set aside as invalid input has its lines marked invalid-input',
    test: async (adapter) => {
      const records = conformanceRecords();
      records.orders!.push(conformanceOrder('O-BAD', [['O-BAD-1', 'V9', 1, 10, 0]]));
      await withSource(adapter, records, async (store) => {
        const { applied } = await run(store);
        deepStrictEqual(applied?.outcomes, { applied: 2, conflict: 0, 'stock-changed': 0, 'capacity-changed': 0, 'invalid-input': 1, vetoed: 0 });
        const bad = (await store.getRecord('orders', 'O-BAD')) as { lines: Array<Record<string, unknown>> };
        deepStrictEqual([bad.lines[0]!.domStatus, bad.lines[0]!.exceptionType, bad.lines[0]!.variantId], ['exception', 'invalid-input', 'V9']);
      });
    },
  },
  {
    name: 'a re-import of the same inventory changes nothing and frees no allocated unit: the next run still sees them taken',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      await run(store);
      const inventory = conformanceRecords().inventory!;
      deepStrictEqual(await store.upsert('inventory', inventory), { inserted: 0, updated: 0, unchanged: 5, refused: [] });
      deepStrictEqual(await allocated(store, 'V1', 'A'), 3);
      await store.upsert('orders', [conformanceOrder('O3', [['O3-1', 'V1', 2, 10, 0]], { createdAt: '2026-11-19T01:00:00Z' })]);
      const next = await run(store);
      deepStrictEqual(assignments(next.plan.lines.filter((l) => l.lineId === 'O3-1')), { 'O3-1': { B: 2 } }, 'A has 1 unit left of 4, so B ships both');
    }),
  },
  {
    name: 'a shipped line holds its units until a snapshot as of its shipment arrives; a cancelled line releases them; events re-sent change nothing',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      await run(store);
      const shippedAt = '2026-11-20T14:00:00Z';
      deepStrictEqual(await store.applyLineEvents([
        { lineId: 'O1-1', event: 'shipped', at: shippedAt, locationId: 'A' },
        { lineId: 'O1-1', event: 'shipped', at: shippedAt },
        { lineId: 'O2-1', event: 'cancelled', at: shippedAt },
        { lineId: 'O2-1.2', event: 'shipped', at: shippedAt },
        { lineId: 'nope', event: 'cancelled', at: shippedAt },
      ], new Date()), [
        { outcome: 'changed' },
        { outcome: 'unchanged' },
        { outcome: 'changed' },
        { outcome: 'refused', code: 'E_LIFECYCLE', message: 'line is not assigned (status none); only a line assigned to a location can ship' },
        { outcome: 'refused', code: 'E_LIFECYCLE', message: 'no sales line nope in a valid order of the store' },
      ]);
      deepStrictEqual([await allocated(store, 'V1', 'A'), await allocated(store, 'V2', 'A')], [3, 0], 'shipped: still taken from the 06:00 snapshot; cancelled: released');
      await store.upsert('inventory', [{ variantId: 'V1', locationId: 'A', onHand: 4, asOf: '2026-11-20T13:00:00Z' }]);
      deepStrictEqual(await allocated(store, 'V1', 'A'), 3, 'a snapshot before the shipment still holds its units');
      await store.upsert('inventory', [{ variantId: 'V1', locationId: 'A', onHand: 1, asOf: '2026-11-20T15:00:00Z' }]);
      deepStrictEqual(await allocated(store, 'V1', 'A'), 0, 'a snapshot after it no longer holds them: 1 unit left, counted once');
      deepStrictEqual(await store.applyLineEvents([{ lineId: 'O1-1', event: 'cancelled', at: shippedAt }], new Date()), [
        { outcome: 'refused', code: 'E_LIFECYCLE', message: 'line has shipped at 2026-11-20T14:00:00.000Z; a shipped line cannot be cancelled' },
      ]);
      const next = await run(store);
      deepStrictEqual(next.plan.lines.map((l) => l.lineId).sort(), ['O2-1.2'], 'shipped, cancelled and complete lines are not brokered again');
    }),
  },
  {
    name: 'two applies of one plan at once: the second is refused while the first holds the plan; the store ends as after one apply',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { plan } = await run(store, { apply: false });
      const results = await Promise.allSettled([store.applyPlan(plan, { now: new Date() }), store.applyPlan(plan, { now: new Date() })]);
      const refused = results.filter((r) => r.status === 'rejected');
      deepStrictEqual(refused.length, 1);
      deepStrictEqual((refused[0] as PromiseRejectedResult).reason.code, 'E_STORE_LOCKED');
      const settledAgain: unknown[] = [];
      const again = await store.applyPlan(plan, { now: new Date(), onSettled: (orders) => settledAgain.push(...orders) });
      deepStrictEqual([again.alreadySettled, again.outcomes.applied, settledAgain], [2, 0, []]);
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 3, tax: 3, domStatus: 'complete', exceptionType: null, assignedLocationId: 'A', attempts: 1, version: 1 });
      deepStrictEqual(await allocated(store, 'V1', 'A'), 3);
    }),
  },
  {
    name: 'a stale plan is not applied beyond a location\'s order limit that another profile\'s run reached meanwhile (capacity-changed)',
    test: async (adapter) => {
      const records = conformanceRecords();
      const p = records.profiles![0] as { ruleIds: string[] };
      records.profiles = [
        { ...p, ruleIds: [...p.ruleIds, 'cap'] },
        { id: 'q', legalEntities: ['le'], modesOfDelivery: ['exp'], salesOrigins: ['app'], autoApply: true, ruleIds: ['cap'] },
      ];
      records.rules!.push({ id: 'cap', type: 'dom/max-orders', hardConstraint: true, scope: { locationIds: ['A'] }, options: { maxOrders: 1 } });
      const express = conformanceOrder('Q1', [['Q1-1', 'V1', 1, 10, 0]], { salesOrigin: 'app' });
      records.orders = [records.orders![0]!, { ...express, lines: express.lines.map((l) => ({ ...l, modeOfDelivery: 'exp' })) }];
      await withSource(adapter, records, async (store) => {
        const stale = await run(store, { apply: false });
        deepStrictEqual(assignments(stale.plan.lines), { 'O1-1': { A: 3 } });
        deepStrictEqual(stale.plan.orderLimits, [{ locationId: 'A', limit: 1 }]);
        const other = await run(store, { profileId: 'q' });
        deepStrictEqual(assignments(other.plan.lines), { 'Q1-1': { A: 1 } });
        const applied = await store.applyPlan(stale.plan, { now: new Date() });
        deepStrictEqual(applied.notApplied, [{ orderId: 'O1', outcome: 'capacity-changed', detail: 'A already holds 1 open order, its limit; order O1 was not applied' }]);
        deepStrictEqual(pick(await line(store, 'O1-1')).domStatus, 'none');
        const next = await run(store);
        deepStrictEqual(assignments(next.plan.lines), { 'O1-1': { B: 3 } });
      });
    },
  },
  {
    name: 'two runs of a profile never overlap; a run whose process died is marked interrupted by the next run',
    test: async (adapter) => {
      let store = await adapter.create(conformanceRecords());
      try {
        const first = await store.startRun('p', new Date());
        await expectCode(store.startRun('p', new Date()), 'E_STORE_LOCKED');
        store = await adapter.reopen(store);
        const second = await store.startRun('p', new Date());
        deepStrictEqual((await store.getRun(first.id))?.status, 'interrupted');
        await store.finishRun(second.id, { status: 'planned' }, new Date());
        const third = await store.startRun('p', new Date());
        await store.finishRun(third.id, { status: 'failed', error: 'test' }, new Date());
        deepStrictEqual((await store.getRun(third.id))?.error, 'test');
      } finally {
        await store.close?.();
      }
    },
  },
  {
    name: 'clean-up deletes plans, logs and finished runs past their retention and says how many',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { plan } = await run(store);
      await store.rejectLine('O1-1', 'A', new Date());
      const later = (days: number) => new Date(Date.now() + days * DAY_MS);
      deepStrictEqual(await store.cleanup(new Date()), { plans: 0, logs: 0, runs: 0 });
      deepStrictEqual(await store.cleanup(later(11)), { plans: 0, logs: plan.log.length + 1, runs: 1 }, 'logRetentionDays is 10');
      deepStrictEqual((await store.getPlan(plan.planId))?.log, []);
      deepStrictEqual(await store.cleanup(later(31)), { plans: 1, logs: 0, runs: 0 }, 'planRetentionDays is 30');
      deepStrictEqual([await store.getPlan(plan.planId), await store.listPlans()], [null, []]);
    }),
  },
];

import { deepStrictEqual, ok, rejects } from 'node:assert/strict';
import { createEngine } from '../../core/engine/engine.js';
import type { SalesLine } from '../../core/domain/types.js';
import { runOnStore, type StoreRunOptions, type StoreRunResult } from '../../core/lifecycle/run-on-store.js';
import { storedOrder } from '../../core/lifecycle/stored-records.js';
import type { DataStore } from '../../core/plugin-api/contracts.js';
import { builtinPlugins } from '../../plugins/builtin.js';
import { CONFORMANCE_AS_OF, conformanceOrder, conformanceRecords } from './conformance-dataset.js';
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

/** `reserved` of the available stock of a variant at a location. */
async function reserved(store: DataStore, variantId: string, locationId: string): Promise<number> {
  const raw = await store.read();
  const record = raw.inventory
    .map((r) => r.value as { variantId: string; locationId: string; status?: string; reserved?: number })
    .find((r) => r.variantId === variantId && r.locationId === locationId && (r.status ?? 'available') === 'available');
  ok(record, `no available stock of ${variantId} at ${locationId}`);
  return record.reserved ?? 0;
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

/** The lifecycle cases every writable store passes (SPEC.md §3.7, §6). */
export const storeLifecycleCases: Array<ConformanceCase<StoreUnderTest>> = [
  {
    name: 'upserts by key: inserts new records, leaves equal ones alone, replaces changed ones, and an order only by a higher version',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const records = conformanceRecords();
      deepStrictEqual(await store.upsert('locations', records.locations!), { inserted: 0, updated: 0, unchanged: 3 });
      const renamed = { ...(records.locations![0] as object), name: 'Renamed' };
      deepStrictEqual(await store.upsert('locations', [renamed, { ...(records.locations![1] as object) }]), { inserted: 0, updated: 1, unchanged: 1 });
      deepStrictEqual(await store.getRecord('locations', 'A'), renamed);
      deepStrictEqual(await store.getRecord('locations', 'nowhere'), null);
      deepStrictEqual(
        await store.upsert('inventory', [{ variantId: 'V1', locationId: 'A', onHand: 9, reserved: 0 }, { variantId: 'V1', locationId: 'A', status: 'returned', onHand: 1 }]),
        { inserted: 1, updated: 1, unchanged: 0 },
      );
      const o1 = records.orders![0] as ReturnType<typeof conformanceOrder>;
      const sameVersion = { ...o1, lines: [{ ...o1.lines[0]!, quantity: 2 }] };
      deepStrictEqual(await store.upsert('orders', [sameVersion]), { inserted: 0, updated: 0, unchanged: 1 }, 'an order of the same version is kept as stored');
      deepStrictEqual(await store.upsert('orders', [{ ...sameVersion, version: 1 }]), { inserted: 0, updated: 1, unchanged: 0 }, 'a higher version replaces it');
      deepStrictEqual((await line(store, 'O1-1')).quantity, 2);
      deepStrictEqual(await store.upsert('parameters', [{ ...(records.parameters as object), rejectionPeriodDays: 3 }]), { inserted: 0, updated: 1, unchanged: 0 });
      await expectCode(store.upsert('products', [{ id: 'P2', name: 'ok' }, { name: 'no id' }]), 'E_STORE');
      deepStrictEqual(await store.getRecord('products', 'P2'), null, 'a refused upsert writes nothing');
    }),
  },
  {
    name: 'a run records its progress, stores its plan and, with autoApply, applies it: lines complete, split lines prorated, stock reserved',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      const { run: done, plan, applied } = await run(store);
      deepStrictEqual(applied?.outcomes, { applied: 2, conflict: 0, 'stock-changed': 0, 'invalid-input': 0 });
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
      deepStrictEqual([await reserved(store, 'V1', 'A'), await reserved(store, 'V2', 'A'), await reserved(store, 'V2', 'B')], [3, 2, 1]);

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
        deepStrictEqual(await reserved(store, 'V1', 'A'), 3, 'reserved once');
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
      deepStrictEqual(applied.outcomes, { applied: 1, conflict: 1, 'stock-changed': 0, 'invalid-input': 0 });
      deepStrictEqual(applied.notApplied.map((n) => [n.orderId, n.outcome]), [['O1', 'conflict']]);
      ok(applied.notApplied[0]!.detail.includes('changed'), applied.notApplied[0]!.detail);
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 2, tax: 3, domStatus: 'exception', exceptionType: 'data-modification-conflict', assignedLocationId: null, attempts: 0, version: 1 });
      deepStrictEqual(await reserved(store, 'V1', 'A'), 0, 'nothing of the conflicting order is reserved');
      await run(store, { apply: true });
      deepStrictEqual(pick(await line(store, 'O1-1')), { quantity: 2, tax: 3, domStatus: 'complete', exceptionType: null, assignedLocationId: 'A', attempts: 1, version: 2 });
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
      deepStrictEqual(await reserved(store, 'V1', 'A'), 2);
    }),
  },
  {
    name: 'rejection releases the stock and the line is brokered elsewhere; at maximum rejections it waits for a reset; maximum attempts stops retries',
    test: (adapter) => withSource(adapter, conformanceRecords(), async (store) => {
      await run(store);
      await expectCode(store.rejectLine('O1-1', 'B', new Date()), 'E_LIFECYCLE');
      await expectCode(store.rejectLine('nope', 'A', new Date()), 'E_LIFECYCLE');
      const rejected = await store.rejectLine('O1-1', 'A', new Date());
      deepStrictEqual(pick(rejected.after), { quantity: 3, tax: 3, domStatus: 'exception', exceptionType: 'rejected', assignedLocationId: null, attempts: 1, version: 2 });
      deepStrictEqual(rejected.after.rejections.map((r) => r.locationId), ['A']);
      deepStrictEqual(await reserved(store, 'V1', 'A'), 0, 'the rejected units are released');

      const second = await run(store);
      deepStrictEqual(assignments(second.plan.lines.filter((l) => l.lineId === 'O1-1')), { 'O1-1': { B: 3 } }, 'A waits out the rejection period');
      ok(second.plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed.some((r) => r.locationId === 'A' && r.messageId === 'rejectedRecently'));
      deepStrictEqual(pick(await line(store, 'O2-1.2')).exceptionType, 'no-quantity-available', 'the remainder found no stock on its second attempt');

      await store.rejectLine('O1-1', 'B', new Date());
      const third = await run(store);
      deepStrictEqual(third.plan.exceptions.map((e) => [e.lineId, e.exceptionType]), [['O1-1', 'maximum-rejections']]);
      deepStrictEqual(pick(await line(store, 'O1-1')).exceptionType, 'maximum-rejections');
      deepStrictEqual(pick(await line(store, 'O2-1.2')).exceptionType, 'maximum-attempts', 'its third attempt reached maxAutoFulfillmentAttempts');
      const fourth = await run(store);
      deepStrictEqual(fourth.plan.lines.length + fourth.plan.exceptions.length, 0, 'permanent exceptions are not selected');

      const reset = await store.resetLine('O1-1', new Date());
      deepStrictEqual([reset.after.domStatus, reset.after.exceptionType, reset.after.attempts, reset.after.rejections], ['none', null, 0, []]);
      await expectCode(store.resetLine('O1-1', new Date()), 'E_LIFECYCLE');
      await run(store);
      deepStrictEqual(pick(await line(store, 'O1-1')).assignedLocationId, 'A');
    }),
  },
  {
    name: 'an order set aside as invalid input has its lines marked invalid-input',
    test: async (adapter) => {
      const records = conformanceRecords();
      records.orders!.push(conformanceOrder('O-BAD', [['O-BAD-1', 'V9', 1, 10, 0]]));
      await withSource(adapter, records, async (store) => {
        const { applied } = await run(store);
        deepStrictEqual(applied?.outcomes, { applied: 2, conflict: 0, 'stock-changed': 0, 'invalid-input': 1 });
        const bad = (await store.getRecord('orders', 'O-BAD')) as { lines: Array<Record<string, unknown>> };
        deepStrictEqual([bad.lines[0]!.domStatus, bad.lines[0]!.exceptionType, bad.lines[0]!.variantId], ['exception', 'invalid-input', 'V9']);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../index.js';
import { runEnded, serviceHarness, type ServiceUnderTest } from './service-harness.js';

/** The routes the dashboard reads, on a fresh store with the bundled example: every answer recomputed from the whole plan or the stored lines. */
describe('the workspace routes', () => {
  const harness = serviceHarness('pglite');
  let s: ServiceUnderTest;
  beforeAll(async () => {
    await harness.setUp();
    s = await harness.start(await harness.prepare());
  });
  afterAll(() => harness.tearDown());

  it('filters a plan\'s lines, gives its key figures and its map, and lists the lines in exception, each as recomputed from the whole plan', async () => {
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: true } });
    const run = await runEnded(s, started.body.id);
    expect(run.status).toBe('applied');
    const plan = (await s.call('GET', `/api/plans/${run.planId}/plan.json`, { key: s.keys.read })).body as Plan;
    const page = async (q: string) => (await s.call('GET', `/api/plans/${run.planId}?limit=1000&${q}`, { key: s.keys.read })).body;
    const ids = (lines: Plan['lines']) => lines.map((l) => l.lineId);

    const at = plan.lines[0]!.assignments[0]!.locationId;
    const fromAt = plan.lines.filter((l) => l.assignments.some((a) => a.locationId === at));
    expect(ids((await page(`locationId=${at}`)).lines)).toEqual(ids(fromAt.slice(0, 1000)));
    expect((await page(`locationId=${at}`)).page.total).toBe(fromAt.length);
    const split = plan.lines.filter((l) => l.split && l.fulfillmentType === 'full');
    expect((await page('split=true&fulfillmentType=full')).page.total).toBe(split.length);
    expect((await page('split=false')).page.total).toBe(plan.lines.length - plan.lines.filter((l) => l.split).length);
    const order = plan.lines[5]!.orderId;
    expect(ids((await page(`orderId=${order}`)).lines)).toEqual(ids(plan.lines.filter((l) => l.orderId === order)));
    expect((await page('exceptionType=rejected')).page.total).toBe(0);
    const bad = await s.call('GET', `/api/plans/${run.planId}?exceptionType=late`, { key: s.keys.read });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'querystring.exceptionType']);

    const [kpis] = (await s.call('GET', '/api/kpis?profileId=standard-ship&limit=1', { key: s.keys.read })).body.plans;
    const t = plan.totals;
    expect(kpis).toMatchObject({ planId: plan.planId, solverId: plan.solver.id, solverStatus: plan.solver.status, fillRate: t.fillRate, cost: t.cost, splitOrders: t.splitOrders, unitsFulfilled: t.unitsFulfilled });
    expect(kpis.costPerUnit).toBeCloseTo(t.cost / t.unitsFulfilled, 9);
    expect(kpis.exceptions).toBe(plan.exceptions.length + plan.lines.filter((l) => l.fulfillmentType === 'none').length);
    expect(kpis.seconds).toBeCloseTo(plan.timings.total / 1000, 9);

    const map = (await s.call('GET', `/api/plans/${run.planId}/map`, { key: s.keys.read })).body;
    const load = new Map<string, { orders: Set<string>; units: number }>();
    for (const l of plan.lines) {
      for (const a of l.assignments) {
        const entry = load.get(a.locationId) ?? { orders: new Set(), units: 0 };
        entry.orders.add(l.orderId);
        entry.units += a.quantity;
        load.set(a.locationId, entry);
      }
    }
    const shown = map.locations.filter((l: { units: number }) => l.units > 0);
    expect(Object.fromEntries(shown.map((l: { locationId: string; orders: number; units: number }) => [l.locationId, [l.orders, l.units]])))
      .toEqual(Object.fromEntries([...load].map(([id, e]) => [id, [e.orders.size, e.units]])));
    expect(map.orders.length + map.unplaced).toBe(new Set(plan.lines.map((l) => l.orderId)).size);
    const mapped = map.orders.find((o: { orderId: string }) => o.orderId === order);
    expect(mapped.units).toBe(plan.lines.filter((l) => l.orderId === order).reduce((sum, l) => sum + l.quantity, 0));

    const line = plan.lines.find((l) => l.fulfillmentType === 'full' && !l.split)!;
    await s.call('POST', `/api/lines/${line.lineId}/reject`, { key: s.keys.operate, body: { locationId: line.assignments[0]!.locationId } });
    const listed = (await s.call('GET', '/api/exceptions?exceptionType=rejected', { key: s.keys.read })).body;
    expect(listed.byType.rejected).toBe(1);
    expect(listed.page.total).toBe(1);
    expect(listed.lines[0]).toMatchObject({ lineId: line.lineId, orderId: line.orderId, exceptionType: 'rejected', rejections: [{ locationId: line.assignments[0]!.locationId }] });
    await s.call('POST', `/api/lines/${line.lineId}/reset`, { key: s.keys.operate });
    expect((await s.call('GET', '/api/exceptions', { key: s.keys.read })).body.byType.rejected).toBeUndefined();

    expect((await s.call('GET', '/api/session', { key: s.keys.operate })).body).toEqual({ keyId: s.keys.operate.split('_')[1], role: 'operate' });
  });
});

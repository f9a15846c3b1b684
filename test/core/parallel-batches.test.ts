import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../index.js';
import { location, order, rule, runScenario, scenario, stock } from 'opendom/testing';

/**
 * Deliberate contention: 40 one-unit orders in batches of 4 lines all want
 * the nearest store A, which may hold 4 orders (maximum orders) and has 6
 * units; B has 6 units; the far warehouse C has plenty. Two batches solving
 * at once against the same ledger both plan on A and B: the coordinator must
 * find the clash and solve the later batch again.
 */
function contended(threadUtilization: number) {
  return scenario({
    parameters: { distanceUnit: 'mi', localStoreRegionRadius: 0, threadUtilization },
    locations: [location('A', 10), location('B', 20), location('C', 300, { type: 'warehouse' })],
    inventory: [stock('V1', 'A', 6), stock('V1', 'B', 6), stock('V1', 'C', 100)],
    rules: [rule('cap-a', 'dom/max-orders', { maxOrders: 4 }, { hardConstraint: true, scope: { locationIds: ['A'] } })],
    orders: Array.from({ length: 40 }, (_, i) => order(`O${String(i).padStart(2, '0')}`, [['V1', 1]])),
    profile: { maxLinesPerOptimization: 4 },
  });
}

function unitsByLocation(plan: Plan): Record<string, number> {
  const units: Record<string, number> = {};
  for (const line of plan.lines) for (const a of line.assignments) units[a.locationId] = (units[a.locationId] ?? 0) + a.quantity;
  return units;
}

function ordersAt(plan: Plan, locationId: string): number {
  return new Set(plan.lines.filter((l) => l.assignments.some((a) => a.locationId === locationId)).map((l) => l.orderId)).size;
}

describe('parallel batches (threadUtilization)', () => {
  it('solve in worker threads and never over-assign stock or order capacity across batches', async () => {
    expect(availableParallelism()).toBeGreaterThanOrEqual(2);
    const plan = await runScenario(contended(100));
    const log = plan.log.map((e) => e.message);
    expect(log).toContain('40 orders, 40 lines selected; 10 batches of at most 4 lines');
    expect(log.some((m) => /^\d+ batches solve at once, each in a worker thread/.test(m))).toBe(true);
    const again = log.filter((m) => m.includes('solved again'));
    expect(again.length).toBeGreaterThan(0);
    for (const m of again) expect(m).toMatch(/^batch \d+ solved again: batches solved at the same time took stock or order capacity that \d+ of its orders? had planned on$/);

    expect(plan.totals.unitsFulfilled).toBe(40);
    expect(ordersAt(plan, 'A')).toBe(4);
    expect(unitsByLocation(plan)).toEqual({ A: 4, B: 6, C: 30 });
  });

  it('plan the same each time, and fulfil what one batch at a time fulfils', async () => {
    const sequential = await runScenario(contended(0));
    expect(sequential.log.some((m) => m.message.includes('worker thread'))).toBe(false);
    const parallel = [await runScenario(contended(100)), await runScenario(contended(100))];
    const assignments = (plan: Plan) => plan.lines.map((l) => [l.lineId, l.assignments.map((a) => a.locationId)]);
    expect(assignments(parallel[1]!)).toEqual(assignments(parallel[0]!));
    expect(unitsByLocation(parallel[0]!)).toEqual(unitsByLocation(sequential));
  });

  it('a batch that clashes is solved again whole: the plan reports each batch\'s final solve, and the run\'s status, objective, bound and gap from them', async () => {
    const parallel = await runScenario(contended(100));
    const sequential = await runScenario(contended(0));
    expect(parallel.log.some((e) => e.message.includes('solved again'))).toBe(true);
    for (const batch of parallel.batches) expect(batch.iterations.map((i) => i.iteration)).toEqual([1]);
    expect(parallel.solver).toMatchObject({ status: 'optimal', objective: expect.any(Number), bound: expect.any(Number), gap: expect.any(Number) });
    expect(parallel.solver.objective).toBeCloseTo(sequential.solver.objective!, 6);
    expect(parallel.lines.map((l) => [l.lineId, l.assignments.map((a) => [a.locationId, a.quantity])])).toEqual(sequential.lines.map((l) => [l.lineId, l.assignments.map((a) => [a.locationId, a.quantity])]));
  });
});

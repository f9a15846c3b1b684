import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, type Plan } from '../../index.js';
import { AS_OF, assignmentsOf, location, order, runScenario, scenario, stock } from 'opendom/testing';

/** docs/spec.md §3.2: the pool guide — later batches keep what a plan of the whole pool gives their orders. */

const unitsOf = (plan: Plan) => plan.lines.reduce((sum, l) => sum + l.assignments.reduce((n, a) => n + a.quantity, 0), 0);

describe('pool guide (docs/spec.md §3.2)', () => {
  // X (10 mi) holds one unit of V1 and of V2, Y (12 mi) one unit of V1, Z (100 mi) both.
  // O1 (older) wants V1; O2 wants V1 and V2. One order per batch.
  // In arrival order O1 takes X (10) and O2 ships V1 from Y and V2 from X (12 + 10): 32.
  // The whole pool's optimum ships O1 from Y (12) and O2 whole from X (10): 22.
  // O3, when given, wants V3, held only at Y (12).
  const records = (poolGuideWindowLines?: number, maxLinesPerOptimization = 1, withO3 = false) =>
    scenario({
      profile: { maxLinesPerOptimization },
      locations: [location('X', 10), location('Y', 12), location('Z', 100)],
      inventory: [stock('V1', 'X', 1), stock('V2', 'X', 1), stock('V1', 'Y', 1), stock('V1', 'Z', 1), stock('V2', 'Z', 1), stock('V3', 'Y', 1)],
      orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1], ['V2', 1]]), ...(withO3 ? [order('O3', [['V3', 1]])] : [])],
      ...(poolGuideWindowLines === undefined ? {} : { parameters: { distanceUnit: 'mi', localStoreRegionRadius: 0, poolGuideWindowLines } }),
    });

  it('keeps for a later batch the unit the pool plan gives it: the run reaches the pool optimum (22 against 32)', async () => {
    const solved: Array<[number, string]> = [];
    const plan = await runScenario(records(), { onSolved: (result, { batch }) => solved.push([batch, result.problem.orders.map((o) => o.order.id).join()]) });
    // The run's callbacks hear of its two batches, not of the guide's solve of the pool.
    expect(solved).toEqual([
      [0, 'O1'],
      [1, 'O2'],
    ]);
    expect(plan.batches).toHaveLength(2);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ Y: 1 });
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ X: 1 });
    expect(assignmentsOf(plan, 'O2-2')).toEqual({ X: 1 });
    expect(plan.totals.cost).toBeCloseTo(22, 6);
    expect(plan.log.map((e) => e.message)).toContainEqual(expect.stringContaining('pool guide: the 3 lines are planned whole by the simplified solver first'));
    // O1's nearest location is removed with the reason, not as stock used up.
    const removed = plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed;
    expect(removed).toEqual([
      expect.objectContaining({
        locationId: 'X',
        messageId: 'keptForLater',
        reason: '1 of the 1 available units of V1 at X are kept for orders of later batches, which the plan of the whole pool ships from there',
      }),
    ]);
  });

  it('why not X for O1: the engine kept its unit for a later batch (the same reason as the plan)', async () => {
    const engine = await createEngine({ data: new MemoryDataSource(records()) });
    try {
      const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
      const answer = await engine.whyNot(plan, 'O1-1', 'X');
      expect(answer).toMatchObject({ kind: 'removed', ruleId: null, messageId: 'keptForLater' });
      expect(answer.summary).toContain('kept for orders of later batches');
    } finally {
      await engine.close();
    }
  });

  it('with poolGuideWindowLines 0, or windows that part O1 from O2, plans as in arrival order: 32', async () => {
    for (const [window, guided] of [[0, false], [2, true]] as const) {
      const plan = await runScenario(records(window));
      expect(assignmentsOf(plan, 'O1-1')).toEqual({ X: 1 });
      expect(assignmentsOf(plan, 'O2-1')).toEqual({ Y: 1 });
      expect(assignmentsOf(plan, 'O2-2')).toEqual({ X: 1 });
      expect(plan.totals.cost).toBeCloseTo(32, 6);
      expect(plan.log.some((e) => e.message.startsWith('pool guide: the 3 lines are planned in 2 windows'))).toBe(guided);
    }
  });

  it('a pool larger than a window is guided window by window: O1 and O2 share a window of 3 lines, O3 has its own (22 + 12)', async () => {
    const plan = await runScenario(records(3, 1, true));
    expect(plan.batches).toHaveLength(3);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ Y: 1 });
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ X: 1 });
    expect(assignmentsOf(plan, 'O3-1')).toEqual({ Y: 1 });
    expect(plan.totals.cost).toBeCloseTo(22 + 12, 6);
    expect(plan.log.map((e) => e.message)).toContainEqual(
      expect.stringContaining('pool guide: the 4 lines are planned in 2 windows of at most 3 lines, in arrival order, by the simplified solver first'),
    );
    // Windows of 2 lines part O1 from O2: the guide is then the plan in arrival order.
    expect((await runScenario(records(2, 1, true))).totals.cost).toBeCloseTo(32 + 12, 6);
  });

  it('a run of one batch has no guide', async () => {
    const plan = await runScenario(records(undefined, 0));
    expect(plan.batches).toHaveLength(1);
    expect(plan.totals.cost).toBeCloseTo(22, 6);
    expect(plan.log.some((e) => e.message.startsWith('pool guide'))).toBe(false);
  });

  it('on random pools: never oversells, fills at least what the guide fills, and when as much, costs no more (HiGHS in batches of 2 lines)', async () => {
    const instance = fc.record({
      miles: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 4 }),
      stock: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      orders: fc.array(fc.array(fc.record({ variant: fc.integer({ min: 1, max: 3 }), quantity: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 7 }),
      window: fc.integer({ min: 2, max: 16 }),
    });
    await fc.assert(
      fc.asyncProperty(instance, async ({ miles, stock: onHand, orders, window }) => {
        const names = miles.map((_, i) => `L${i}`);
        const inventory = names.flatMap((name, i) => [1, 2, 3].map((v) => stock(`V${v}`, name, onHand[i * 3 + v - 1]!)));
        const pool = orders.map((lines, i) => order(`O${i}`, [...new Map(lines.map((l) => [l.variant, l])).values()].map((l) => [`V${l.variant}`, l.quantity] as [string, number])));
        const parameters = { distanceUnit: 'mi' as const, localStoreRegionRadius: 0, poolGuideWindowLines: window };
        const data = (maxLines: number) => scenario({ profile: { maxLinesPerOptimization: maxLines }, locations: miles.map((m, i) => location(names[i]!, m)), inventory, orders: pool, parameters });
        const guided = await runScenario(data(2));
        // The guide: the simplified solver's plan of the pool in its windows, one batch each.
        const guide = await runScenario(data(window), { solver: 'dom/greedy' });
        // Recomputed from the raw inventory: nothing oversold.
        const taken = new Map<string, number>();
        for (const line of guided.lines) for (const a of line.assignments) taken.set(`${line.variantId}@${a.locationId}`, (taken.get(`${line.variantId}@${a.locationId}`) ?? 0) + a.quantity);
        for (const record of inventory) expect(taken.get(`${record.variantId}@${record.locationId}`) ?? 0).toBeLessThanOrEqual(record.onHand);
        expect(unitsOf(guided)).toBeGreaterThanOrEqual(unitsOf(guide));
        if (unitsOf(guided) === unitsOf(guide)) expect(guided.totals.cost).toBeLessThanOrEqual(guide.totals.cost + 1e-6);
      }),
      { numRuns: 25, seed: 20261128 },
    );
  });
});

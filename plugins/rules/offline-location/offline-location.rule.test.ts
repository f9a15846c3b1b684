import { describe, expect, it } from 'vitest';
import { assignmentsOf, location, order, rounded, rule, RuleTester, runScenario, scenario, stock } from 'opendom/testing';
import { offlineLocationRule } from './offline-location.rule.js';

const locations = [location('A', 10), location('B', 50), location('C', 90)];
const inventory = [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V1', 'C', 5)];

describe('dom/offline-location', () => {
  it('an offline location is not a candidate: the next nearest ships', async () => {
    const plan = await runScenario(
      scenario({ locations, inventory, rules: [rule('off-a', 'dom/offline-location', {}, { scope: { locationIds: ['A'] } })], orders: [order('O1', [['V1', 2]])] }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 2 });
    expect(plan.totals.cost).toBeCloseTo(50, 9);
    const explanation = plan.lines[0]!.explanation;
    expect(explanation.removed).toEqual([{ locationId: 'A', ruleId: 'off-a', pluginId: 'dom/offline-location', messageId: 'offline', reason: 'A is offline (rule off-a)' }]);
    expect(explanation.candidates).toBe(2);
    expect(rounded(explanation.alternatives.map((a) => [a.locationId, a.cost, a.whyNot]))).toEqual([['C', 90, 'costs 40 more']]);
  });

  it('a group goes offline as a whole; a hard offline rule holds in iteration 2', async () => {
    const plan = await runScenario(
      scenario({
        locations,
        groups: [{ id: 'ab', locationIds: ['A', 'B'] }],
        inventory,
        rules: [rule('off-ab', 'dom/offline-location', {}, { hardConstraint: true, scope: { groupIds: ['ab'] } })],
        orders: [order('O1', [['V1', 1]])],
      }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ C: 1 });
    const allOffline = await runScenario(
      scenario({
        locations,
        groups: [{ id: 'all', locationIds: ['A', 'B', 'C'] }],
        inventory,
        rules: [rule('off-all', 'dom/offline-location', {}, { hardConstraint: true, scope: { groupIds: ['all'] } })],
        orders: [order('O1', [['V1', 1]])],
      }),
    );
    expect(allOffline.lines[0]!.fulfillmentType).toBe('none');
    expect(allOffline.lines[0]!.explanation.removed).toHaveLength(3);
    expect(allOffline.batches[0]!.iterations).toHaveLength(1);
  });

  it('a soft offline rule is dropped in iteration 2 for lines iteration 1 left unassigned', async () => {
    // Only A has stock of V2; A is offline but not hard. O1 (V1) is served in iteration 1 from B;
    // O2 (V2) has no candidate in iteration 1 and goes to A in iteration 2.
    const plan = await runScenario(
      scenario({
        locations,
        inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V2', 'A', 1)],
        rules: [rule('off-a', 'dom/offline-location', {}, { hardConstraint: false, scope: { locationIds: ['A'] } })],
        orders: [order('O1', [['V1', 1]]), order('O2', [['V2', 1]])],
      }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 });
    expect(plan.lines.find((l) => l.lineId === 'O1-1')!.iteration).toBe(1);
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 });
    expect(plan.lines.find((l) => l.lineId === 'O2-1')!.iteration).toBe(2);
    expect(plan.batches[0]!.iterations.map((i) => [i.iteration, i.lines])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('an offline rule with an empty scope is a configuration error', async () => {
    await expect(
      runScenario(scenario({ locations, inventory, rules: [rule('off-none', 'dom/offline-location', {})], orders: [order('O1', [['V1', 1]])] })),
    ).rejects.toMatchObject({ code: 'E_CONFIG', issues: [{ recordId: 'off-none', field: 'scope' }] });
  });
});

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(offlineLocationRule, [
  {
    name: 'an offline location is not a candidate',
    records: scenario({ locations, inventory, rules: [rule('off-a', 'dom/offline-location', {}, { scope: { locationIds: ['A'] } })], orders: [order('O1', [['V1', 2]])] }),
    expect: { assignments: { 'O1-1': { B: 2 } }, removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'offline', ruleId: 'off-a' }] },
  },
  {
    name: 'a group goes offline as a whole',
    records: scenario({
      locations,
      groups: [{ id: 'ab', locationIds: ['A', 'B'] }],
      inventory,
      rules: [rule('off-ab', 'dom/offline-location', {}, { hardConstraint: true, scope: { groupIds: ['ab'] } })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { C: 1 } } },
  },
  {
    name: 'with maximum distance: offline and too far leave nothing; the soft offline rule yields in iteration 2',
    records: scenario({
      locations,
      inventory,
      rules: [
        rule('off-a', 'dom/offline-location', {}, { scope: { locationIds: ['A'] } }),
        rule('within-20', 'dom/max-distance', { maxDistance: 20 }, { hardConstraint: true }),
      ],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { A: 1 } }, iterations: { 'O1-1': 2 } },
  },
  {
    name: 'an empty scope is refused',
    records: scenario({ locations, rules: [rule('off-none', 'dom/offline-location', {})] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'off-none', field: 'scope' },
  },
]);

import { describe, expect, it } from 'vitest';
import { assignmentsOf, location, order, rule, RuleTester, runScenario, scenario, stock } from 'opendom/testing';
import { maxDistanceRule } from './max-distance.rule.js';

// Locations due north of the customer: A at 30 mi, B at 120 mi, C at 400 mi.
const locations = [location('A', 30), location('B', 120), location('C', 400)];

describe('dom/max-distance', () => {
  it('removes locations farther than the limit, with the distance and limit in the explanation', async () => {
    const plan = await runScenario(
      scenario({
        locations,
        inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
        rules: [rule('r-100', 'dom/max-distance', { maxDistance: 100 }, { hardConstraint: true })],
        orders: [order('O1', [['V1', 1]])],
      }),
    );
    const line = plan.lines.find((l) => l.lineId === 'O1-1')!;
    expect(line.fulfillmentType).toBe('none');
    expect(line.exceptionType).toBe('no-quantity-available');
    expect(line.explanation.removed.map((r) => [r.locationId, r.ruleId, r.messageId])).toEqual([
      ['B', 'r-100', 'tooFar'],
      ['C', 'r-100', 'tooFar'],
    ]);
    expect(line.explanation.removed[0]!.reason).toBe('distance 120 mi exceeds the limit of 100 mi (rule r-100)');
  });

  it('keeps a location exactly at the limit and applies the lowest of overlapping limits', async () => {
    const plan = await runScenario(
      scenario({
        locations,
        inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5), stock('V2', 'B', 5), stock('V2', 'C', 5)],
        rules: [
          rule('r-all-500', 'dom/max-distance', { maxDistance: 500 }, { hardConstraint: true }),
          rule('r-b-119', 'dom/max-distance', { maxDistance: 119 }, { hardConstraint: true, scope: { locationIds: ['B'] } }),
        ],
        orders: [order('O1', [['V1', 1]]), order('O2', [['V2', 1]])],
      }),
    );
    // B (120 mi) is over the lowest limit that covers it (119), so both lines go to C (400 mi, within 500).
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ C: 1 });
    expect(plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed).toMatchObject([{ locationId: 'B', ruleId: 'r-b-119' }]);

    const atLimit = await runScenario(
      scenario({
        locations,
        inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
        rules: [rule('r-b-120', 'dom/max-distance', { maxDistance: 120.0001 }, { hardConstraint: true, scope: { locationIds: ['B'] } })],
        orders: [order('O1', [['V1', 1]])],
      }),
    );
    expect(assignmentsOf(atLimit, 'O1-1')).toEqual({ B: 1 });
  });

  it('scoped by group, inactive outside its dates or when disabled', async () => {
    const base = {
      locations,
      groups: [{ id: 'near', locationIds: ['A', 'B'] }],
      inventory: [stock('V1', 'A', 5), stock('V1', 'C', 5)],
      orders: [order('O1', [['V1', 1]])],
    };
    const groupRule = rule('r-group', 'dom/max-distance', { maxDistance: 10 }, { hardConstraint: true, scope: { groupIds: ['near'] } });
    // A (30 mi) is in the group and over 10 mi: the line goes to C.
    expect(assignmentsOf(await runScenario(scenario({ ...base, rules: [groupRule] })), 'O1-1')).toEqual({ C: 1 });
    // The same rule ended before the run, starts after it, or is disabled: A wins again.
    for (const extra of [{ endDate: '2026-11-19' }, { startDate: '2026-11-21' }, { disabled: true }]) {
      const plan = await runScenario(scenario({ ...base, rules: [{ ...groupRule, ...extra }] }));
      expect(assignmentsOf(plan, 'O1-1'), JSON.stringify(extra)).toEqual({ A: 1 });
    }
    // An end date of the run's day still covers the whole day.
    expect(assignmentsOf(await runScenario(scenario({ ...base, rules: [{ ...groupRule, endDate: '2026-11-20' }] })), 'O1-1')).toEqual({ C: 1 });
  });

  it('refuses a non-positive limit, naming the rule and field', async () => {
    const run = runScenario(
      scenario({
        locations,
        rules: [rule('r-bad', 'dom/max-distance', { maxDistance: 0 })],
        orders: [order('O1', [['V1', 1]])],
      }),
    );
    await expect(run).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [{ code: 'E_PLUGIN_OPTIONS', recordId: 'r-bad', pluginId: 'dom/max-distance', field: 'options.maxDistance' }],
    });
  });
});

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(maxDistanceRule, [
  {
    name: 'a hard limit removes far locations in both iterations',
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
      rules: [rule('r-100', 'dom/max-distance', { maxDistance: 100 }, { hardConstraint: true })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: {
      assignments: { 'O1-1': {} },
      removed: [
        { lineId: 'O1-1', locationId: 'B', messageId: 'tooFar', ruleId: 'r-100' },
        { lineId: 'O1-1', locationId: 'C', messageId: 'tooFar', ruleId: 'r-100' },
      ],
    },
  },
  {
    name: 'the lowest of overlapping limits applies',
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
      rules: [
        rule('r-all-500', 'dom/max-distance', { maxDistance: 500 }, { hardConstraint: true }),
        rule('r-b-119', 'dom/max-distance', { maxDistance: 119 }, { hardConstraint: true, scope: { locationIds: ['B'] } }),
      ],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { C: 1 } }, removed: [{ lineId: 'O1-1', locationId: 'B', messageId: 'tooFar', ruleId: 'r-b-119' }] },
  },
  {
    name: 'a location at the limit is kept, one beyond it removed',
    records: scenario({
      locations,
      inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
      rules: [rule('r-120', 'dom/max-distance', { maxDistance: 120 }, { hardConstraint: true, scope: { locationIds: ['B'] } }), rule('r-29', 'dom/max-distance', { maxDistance: 29 }, { hardConstraint: true, scope: { locationIds: ['A'] } })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { kept: [{ lineId: 'O1-1', locationId: 'B' }], removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'tooFar', ruleId: 'r-29' }] },
  },
  {
    name: 'a soft limit is dropped in iteration 2; an offline rule still holds',
    // Only B and C hold V1; B is offline (hard) and C is beyond the soft 100 mi: C ships in iteration 2.
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
      rules: [rule('r-100', 'dom/max-distance', { maxDistance: 100 }), rule('b-off', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['B'] } })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { C: 1 } }, iterations: { 'O1-1': 2 } },
  },
  {
    name: 'a non-positive limit is refused',
    records: scenario({ locations, rules: [rule('r-bad', 'dom/max-distance', { maxDistance: 0 })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'r-bad', field: 'options.maxDistance' },
  },
]);

import { describe, it } from 'vitest';
import { location, order, rule, RuleTester, scenario, stock } from 'opendom/testing';
import { locationPriorityRule } from './location-priority.rule.js';

const priority = (id: string, value: number, locationIds: string[], extra: Record<string, unknown> = {}) =>
  rule(id, 'dom/location-priority', { priority: value }, { scope: { locationIds }, ...extra });

// A 10 mi, B 100 mi, C 200 mi, D 300 mi from the customer.
const locations = [location('A', 10), location('B', 100), location('C', 200), location('D', 300)];

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(locationPriorityRule, [
  {
    name: 'a better priority wins over a lower cost',
    records: scenario({
      locations,
      inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
      rules: [priority('a-2', 2, ['A']), priority('b-1', 1, ['B'])],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { B: 1 } }, totals: { cost: 100 } },
  },
  {
    name: 'a whole order goes to the best priority that can fulfil it completely, not split over better ones',
    // B (1) holds only V1; C (2) holds V1 and V2; A has no priority (ranks after 10) but is nearest and holds both.
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5), stock('V2', 'C', 5), stock('V1', 'A', 5), stock('V2', 'A', 5)],
      rules: [priority('b-1', 1, ['B']), priority('c-2', 2, ['C'])],
      orders: [order('O1', [['V1', 1], ['V2', 1]])],
    }),
    expect: { assignments: { 'O1-1': { C: 1 }, 'O1-2': { C: 1 } }, totals: { shipments: 1, splitOrders: 0 } },
  },
  {
    name: 'when no single location can fulfil the order, it splits over the best priorities',
    // V1 only at B (1) and D (3); V2 only at C (2) and A (no priority). Best split: B + C.
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 5), stock('V1', 'D', 5), stock('V2', 'C', 5), stock('V2', 'A', 5)],
      rules: [priority('b-1', 1, ['B']), priority('c-2', 2, ['C']), priority('d-3', 3, ['D'])],
      orders: [order('O1', [['V1', 1], ['V2', 1]])],
    }),
    expect: { assignments: { 'O1-1': { B: 1 }, 'O1-2': { C: 1 } } },
  },
  {
    name: 'fulfilment comes before priority',
    // B (1) has 1 unit, the line needs 2 whole: C (3) ships it.
    records: scenario({
      locations,
      inventory: [stock('V1', 'B', 1), stock('V1', 'C', 2)],
      rules: [priority('b-1', 1, ['B']), priority('c-3', 3, ['C'])],
      orders: [order('O1', [['V1', 2]])],
    }),
    expect: { assignments: { 'O1-1': { C: 2 } } },
  },
  {
    name: 'a hard rule never uses a location without a priority, in either iteration',
    // Only A holds V1 and has no priority. A soft max-distance rule makes iteration 2 run; the priority rule stays.
    records: scenario({
      locations,
      inventory: [stock('V1', 'A', 5)],
      rules: [priority('b-1', 1, ['B'], { hardConstraint: true }), rule('far', 'dom/max-distance', { maxDistance: 5 })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: {
      assignments: { 'O1-1': {} },
      removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'noPriority', ruleId: 'b-1' }],
    },
  },
  {
    name: 'with maximum distance: the best priority within reach wins; overlapping priorities take the best',
    records: scenario({
      locations,
      groups: [{ id: 'cd', locationIds: ['C', 'D'] }],
      inventory: [stock('V1', 'A', 5), stock('V1', 'C', 5), stock('V1', 'D', 5)],
      rules: [
        priority('a-3', 3, ['A']),
        priority('c-4', 4, ['C']),
        rule('cd-1', 'dom/location-priority', { priority: 1 }, { scope: { groupIds: ['cd'] } }),
        rule('within-250', 'dom/max-distance', { maxDistance: 250 }, { hardConstraint: true }),
      ],
      orders: [order('O1', [['V1', 1]])],
    }),
    // D (1) is 300 mi away: removed. C has priority min(4, 1) = 1 and wins over A (3).
    expect: {
      assignments: { 'O1-1': { C: 1 } },
      removed: [{ lineId: 'O1-1', locationId: 'D', messageId: 'tooFar' }],
    },
  },
  {
    name: 'priority 11 is refused',
    records: scenario({ locations, rules: [priority('bad', 11, ['A'])] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'bad', field: 'options.priority' },
  },
  {
    name: 'a priority rule without a scope is refused',
    records: scenario({ locations, rules: [rule('nothing', 'dom/location-priority', { priority: 1 })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'nothing', field: 'scope' },
  },
]);

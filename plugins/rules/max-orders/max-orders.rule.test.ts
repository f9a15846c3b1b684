import { describe, it } from 'vitest';
import { location, order, rule, RuleTester, scenario, stock } from 'opendom/testing';
import { maxOrdersRule } from './max-orders.rule.js';

// A 10 mi, B 50 mi, C 90 mi; every location holds plenty of V1.
const locations = [location('A', 10), location('B', 50), location('C', 90)];
const inventory = ['A', 'B', 'C'].map((id) => stock('V1', id, 20));
const maxOrders = (id: string, limit: number, scope: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  rule(id, 'dom/max-orders', { maxOrders: limit }, { hardConstraint: true, scope, ...extra });
const orders = (n: number) => Array.from({ length: n }, (_, i) => order(`O${i + 1}`, [['V1', 1]]));
/** An order assigned to a location by an earlier run (status complete: not brokered again). */
const assignedOrder = (id: string, locationId: string, shipped: boolean) => {
  const base = order(id, [['V1', 1]]);
  return { ...base, lines: base.lines.map((l) => ({ ...l, domStatus: 'complete', assignedLocationId: locationId, shipped })) };
};

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(maxOrdersRule, [
  {
    name: 'a location takes at most its limit of orders; the others go to the next best',
    records: scenario({ locations, inventory, rules: [maxOrders('a-2', 2, { locationIds: ['A'] })], orders: orders(3) }),
    expect: { totals: { shipments: 3, cost: 10 + 10 + 50 } },
  },
  {
    name: 'orders already assigned and not shipped count, from every profile; shipped ones do not',
    // A may hold 2; one open order of another profile is at A, a shipped one does not count: 1 more fits.
    records: scenario({
      locations,
      inventory,
      rules: [maxOrders('a-2', 2, { locationIds: ['A'] })],
      orders: [assignedOrder('OPEN', 'A', false), assignedOrder('SHIPPED', 'A', true), ...orders(2)],
    }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O2-1': { B: 1 } } },
  },
  {
    name: 'a group limit applies to each location of the group',
    records: scenario({
      locations,
      inventory,
      groups: [{ id: 'ab', locationIds: ['A', 'B'] }],
      rules: [maxOrders('ab-1', 1, { groupIds: ['ab'] })],
      orders: orders(3),
    }),
    expect: { totals: { shipments: 3, cost: 10 + 50 + 90 } },
  },
  {
    name: 'overlapping limits across profiles: the largest applies',
    // Profile p limits A to 1; profile q (another mode of delivery) limits A to 2: A takes 2 of p's orders.
    records: {
      ...scenario({ locations, inventory, rules: [maxOrders('p-a-1', 1, { locationIds: ['A'] }), maxOrders('q-a-2', 2, { locationIds: ['A'] })], orders: orders(3) }),
      profiles: [
        { id: 'p', legalEntities: ['le'], modesOfDelivery: ['std'], salesOrigins: ['web'], ruleIds: ['p-a-1'] },
        { id: 'q', legalEntities: ['le'], modesOfDelivery: ['express'], salesOrigins: ['app'], ruleIds: ['q-a-2'] },
      ],
    },
    expect: { totals: { cost: 10 + 10 + 50 } },
  },
  {
    name: 'a soft limit is dropped in iteration 2 for the orders it kept out',
    // A may take 1 order; B and C are offline (hard): the second order waits for iteration 2 and then goes to A.
    records: scenario({
      locations,
      inventory,
      rules: [maxOrders('a-1', 1, { locationIds: ['A'] }, { hardConstraint: false }), rule('bc-off', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['B', 'C'] } })],
      orders: orders(2),
    }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O2-1': { A: 1 } }, iterations: { 'O1-1': 1, 'O2-1': 2 } },
  },
  {
    name: 'with location priority: the capacity of the preferred location is used first',
    records: scenario({
      locations,
      inventory,
      rules: [maxOrders('c-1', 1, { locationIds: ['C'] }), rule('c-first', 'dom/location-priority', { priority: 1 }, { scope: { locationIds: ['C'] } })],
      orders: orders(2),
    }),
    // One order goes to C (priority 1, capacity 1); the other to A, the cheapest of the unprioritised.
    expect: { totals: { cost: 90 + 10, shipments: 2 } },
  },
  {
    name: 'a negative limit is refused',
    records: scenario({ locations, rules: [maxOrders('neg', -1, { locationIds: ['A'] })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'neg', field: 'options.maxOrders' },
  },
]);

import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CostFactorTester, location, minimisedCost, order, planLine, rounded, runScenario, scenario, stock } from 'opendom/testing';
import { otherLocationCostFactor } from './other-location.cost-factor.js';

// Store A 30 mi and store C 60 mi away; DC B at 120 mi. All hold V1.
const base = {
  locations: [location('A', 30), location('B', 120, { type: 'distribution-center' }), location('C', 60)],
  groups: [{ id: 'stores', locationIds: ['A', 'C'] }],
  inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V1', 'C', 5)],
  orders: [order('O1', [['V1', 2]])],
};
const perMile = costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.1 });

describe('dom/other-location', () => {
  it('charges every shipment from its location, so a far DC can beat a near store', async () => {
    const storeA = costFactor('store-a', 'dom/other-location', { locationId: 'A', cost: 20 });
    const plan = await runScenario(scenario({ ...base, costFactors: [perMile, storeA] }));
    // A: 3 + 20 = 23, C: 6, B: 12 → C.
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ C: 2 });
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ C: { ship: 6 } });
    expect(rounded(planLine(plan, 'O1-1').explanation.alternatives.map((a) => [a.locationId, a.cost, a.costBreakdown]))).toEqual([
      ['B', 12, [{ factorId: 'ship', amount: 12 }]],
      ['A', 23, [{ factorId: 'ship', amount: 3 }, { factorId: 'store-a', amount: 20 }]],
    ]);
  });

  it('charges every location of a group', async () => {
    const stores = costFactor('stores', 'dom/other-location', { groupId: 'stores', cost: 10 });
    const plan = await runScenario(scenario({ ...base, costFactors: [perMile, stores] }));
    // A: 13, C: 16, B: 12 → B.
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ B: { ship: 12 } });
    expect(rounded(planLine(plan, 'O1-1').explanation.alternatives.map((a) => [a.locationId, a.cost]))).toEqual([['A', 13], ['C', 16]]);
    expect(minimisedCost(plan)).toBe(12);
  });

  it('refuses a factor with both a location and a group, with neither, or with unknown ones', async () => {
    const bad = [
      costFactor('both', 'dom/other-location', { locationId: 'A', groupId: 'stores', cost: 1 }),
      costFactor('neither', 'dom/other-location', { cost: 1 }),
      costFactor('unknown', 'dom/other-location', { locationId: 'NOPE', cost: 1 }),
      costFactor('unknown-group', 'dom/other-location', { groupId: 'NOPE', cost: 1 }),
    ];
    await expect(runScenario(scenario({ ...base, costFactors: bad }))).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        { code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 1, recordId: 'both', pluginId: 'dom/other-location', field: 'options.groupId', message: expect.stringContaining('never both') },
        { recordId: 'neither', field: 'options.locationId', message: 'is required: name a locationId or a groupId' },
        { recordId: 'unknown', field: 'options.locationId', message: 'unknown location "NOPE"' },
        { recordId: 'unknown-group', field: 'options.groupId', message: 'unknown group "NOPE"' },
      ],
    });
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1).
new CostFactorTester({ describe, it }).run(otherLocationCostFactor, [
  { name: 'charges shipments from its location only', options: { locationId: 'D', cost: 4 }, expect: { shipments: [{ orderId: 'O1', locationId: 'D', distance: 100, cost: 4 }, { orderId: 'O1', locationId: 'A', distance: 10, cost: 0 }] } },
  { name: 'names a location or a group', options: { cost: 4 }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.locationId' } },
]);

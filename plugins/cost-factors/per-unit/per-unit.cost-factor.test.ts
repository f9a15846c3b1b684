import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CostFactorTester, location, minimisedCost, order, planLine, rounded, runScenario, scenario, stock } from 'opendom/testing';
import { perUnitCostFactor } from './per-unit.cost-factor.js';

const perUnit = (options: Record<string, unknown>, extra = {}) => costFactor('unit', 'dom/per-unit', { modesOfDelivery: ['std'], ...options }, extra);

describe('dom/per-unit', () => {
  it('charges every unit its fixed cost and its cost per mile: 3 units 40 mi away at 0.5 + 0.1 × 40 cost 13.5', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 40)],
      inventory: [stock('V1', 'A', 5)],
      costFactors: [perUnit({ costPerUnit: 0.5, costPerUnitPerDistance: 0.1 })],
      orders: [order('O1', [['V1', 3]])],
    }));
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { unit: 13.5 } });
    expect(rounded(plan.totals)).toMatchObject({ cost: 13.5, costByFactor: { unit: 13.5 } });
    expect(rounded(minimisedCost(plan))).toBe(13.5);
  });

  it('grows with the units where a per-shipment cost does not: a big line goes near, a small one may go far when the far shipment is cheaper', async () => {
    // A 10 mi: 20 per shipment. B 100 mi: 2 per shipment. 0.01 per unit per mile.
    const parts = (quantity: number) => scenario({
      locations: [location('A', 10), location('B', 100)],
      inventory: [stock('V1', 'A', 50), stock('V1', 'B', 50)],
      costFactors: [
        costFactor('ship-a', 'dom/other-location', { locationId: 'A', cost: 20 }),
        costFactor('ship-b', 'dom/other-location', { locationId: 'B', cost: 2 }),
        perUnit({ costPerUnitPerDistance: 0.01 }),
      ],
      orders: [order('O1', [['V1', quantity]])],
    });
    // 1 unit: A 20 + 0.1 = 20.1, B 2 + 1 = 3 → B. 30 units: A 20 + 3 = 23, B 2 + 30 = 32 → A.
    expect(assignmentsOf(await runScenario(parts(1)), 'O1-1')).toEqual({ B: 1 });
    const big = await runScenario(parts(30));
    expect(assignmentsOf(big, 'O1-1')).toEqual({ A: 30 });
    expect(rounded(big.totals.costByFactor)).toEqual({ 'ship-a': 20, unit: 3 });
  });

  it('uses the exact distance by default and the region-grouped one when asked (radius 50: 40 mi counts 50)', async () => {
    const records = (distance: string) => scenario({
      parameters: { distanceUnit: 'mi', localStoreRegionRadius: 50 },
      locations: [location('A', 40)],
      inventory: [stock('V1', 'A', 5)],
      costFactors: [perUnit({ costPerUnitPerDistance: 1, distance })],
      orders: [order('O1', [['V1', 2]])],
    });
    expect(rounded((await runScenario(records('exact'))).totals.cost)).toBe(80);
    expect(rounded((await runScenario(records('region'))).totals.cost)).toBe(100);
  });

  it('prices only its modes of delivery and the locations or groups it names', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 10), location('B', 20)],
      groups: [{ id: 'g-b', locationIds: ['B'] }],
      inventory: [stock('V1', 'A', 5), stock('V2', 'B', 5)],
      costFactors: [perUnit({ costPerUnit: 1, groupIds: ['g-b'] }), costFactor('express', 'dom/per-unit', { modesOfDelivery: ['exp'], costPerUnit: 100 })],
      orders: [order('O1', [['V1', 2], ['V2', 3]])],
    }));
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: {} });
    expect(assignmentCosts(plan, 'O1-2')).toEqual({ B: { unit: 3 } });
  });

  it('states a published per-unit rate in two factors: 8.759 per shipment, 0.423 + 0.000541 × miles per unit', async () => {
    // A is 500 mi away and holds both variants; B, 100 mi away, holds only V1.
    const plan = await runScenario(scenario({
      locations: [location('A', 500), location('B', 100)],
      inventory: [stock('V1', 'A', 10), stock('V2', 'A', 10), stock('V1', 'B', 10)],
      costFactors: [
        costFactor('parcel', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: 8.759 }),
        perUnit({ costPerUnit: 0.423, costPerUnitPerDistance: 0.000541 }),
      ],
      orders: [order('O1', [['V1', 3], ['V2', 2]])],
    }));
    // Everything from A: 8.759 + 5 × (0.423 + 0.000541 × 500) = 8.759 + 5 × 0.6935 = 12.2265.
    // V1 from B instead: 8.759 + 3 × (0.423 + 0.0541) + 8.759 + 2 × 0.6935 = 20.3363, dearer.
    expect([assignmentsOf(plan, 'O1-1'), assignmentsOf(plan, 'O1-2')]).toEqual([{ A: 3 }, { A: 2 }]);
    expect(rounded(plan.totals)).toMatchObject({ shipments: 1, cost: 12.2265, costByFactor: { parcel: 8.759, unit: 3.4675 } });
    expect(rounded(planLine(plan, 'O1-1').assignments[0]!.costBreakdown)).toEqual([{ factorId: 'parcel', amount: 5.2554 }, { factorId: 'unit', amount: 2.0805 }]);
  });

  it('refuses unknown locations and groups, and a factor that would charge nothing', async () => {
    const plan = runScenario(scenario({
      locations: [location('A', 10)],
      inventory: [stock('V1', 'A', 5)],
      costFactors: [perUnit({ locationIds: ['NOWHERE'], groupIds: ['none'] })],
      orders: [order('O1', [['V1', 1]])],
    }));
    await expect(plan).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        expect.objectContaining({ recordId: 'unit', field: 'options.locationIds[0]', message: 'unknown location "NOWHERE"' }),
        expect.objectContaining({ recordId: 'unit', field: 'options.groupIds[0]', message: 'unknown group "none"' }),
        expect.objectContaining({ recordId: 'unit', field: 'options.costPerUnit', message: 'both costPerUnit and costPerUnitPerDistance are 0: the factor would charge nothing' }),
      ],
    });
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1).
new CostFactorTester({ describe, it }).run(perUnitCostFactor, [
  { name: 'per unit: 0.5 + 0.1 × 40 mi = 4.5 on the exact distance', options: { modesOfDelivery: ['std'], costPerUnit: 0.5, costPerUnitPerDistance: 0.1 }, expect: { units: [{ lineId: 'O1-1', locationId: 'A', distance: 40, cost: 4.5 }], shipments: [{ orderId: 'O1', locationId: 'A', distance: 40, cost: 0 }] } },
  { name: 'only at the locations it names', options: { modesOfDelivery: ['std'], locationIds: ['D'], costPerUnit: 2 }, expect: { units: [{ lineId: 'O1-1', locationId: 'D', distance: 100, cost: 2 }, { lineId: 'O1-1', locationId: 'A', distance: 10, cost: 0 }] } },
  { name: 'an unknown location is refused', options: { modesOfDelivery: ['std'], locationIds: ['X'], costPerUnit: 2 }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.locationIds[0]' } },
  { name: 'a factor that charges nothing is refused', options: { modesOfDelivery: ['std'] }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.costPerUnit' } },
]);

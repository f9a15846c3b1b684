import { describe, expect, it } from 'vitest';
import { assignmentCosts, costFactor, CostFactorTester, location, minimisedCost, order, rounded, runScenario, scenario, stock } from 'opendom/testing';
import { shippingTieredCostFactor } from './shipping-tiered.cost-factor.js';

const tiers = [
  { from: 0, to: 50, cost: 5 },
  { from: 50, to: 100, basis: 'distance', cost: 0.2 },
  { from: 100, to: 200, cost: 30 },
];
const tiered = (options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  costFactor('tiers', 'dom/shipping-tiered', { modesOfDelivery: ['std'], tiers, defaultCost: 99, ...options }, extra);

/** One location per distance, each the only holder of one variant, so each order's shipment is known. */
const distances = { V1: 40, V2: 45, V3: 50, V4: 100, V5: 200 } as const;
const oneLocationEach = {
  locations: Object.entries(distances).map(([variant, miles]) => location(`L-${variant}`, miles)),
  inventory: Object.keys(distances).map((variant) => stock(variant, `L-${variant}`, 5)),
  orders: Object.keys(distances).map((variant) => order(`O-${variant}`, [[variant, 1]])),
};

describe('dom/shipping-tiered', () => {
  it('charges the tier of the region-grouped distance: [from, to) boundaries, cost × distance, the default outside the tiers', async () => {
    // Radius 10 mi: the cost distances are exact multiples of 10 (40, 50, 50, 100, 200).
    const plan = await runScenario(scenario({ ...oneLocationEach, parameters: { localStoreRegionRadius: 10 }, costFactors: [tiered()] }));
    expect(assignmentCosts(plan, 'O-V1-1')).toEqual({ 'L-V1': { tiers: 5 } }); // 40 in [0, 50): fixed 5
    expect(assignmentCosts(plan, 'O-V2-1')).toEqual({ 'L-V2': { tiers: 10 } }); // 45 → 50 with the radius: 0.2 × 50
    expect(assignmentCosts(plan, 'O-V3-1')).toEqual({ 'L-V3': { tiers: 10 } }); // 50 is in [50, 100), not [0, 50)
    expect(assignmentCosts(plan, 'O-V4-1')).toEqual({ 'L-V4': { tiers: 30 } }); // 100 is in [100, 200)
    expect(assignmentCosts(plan, 'O-V5-1')).toEqual({ 'L-V5': { tiers: 99 } }); // 200 is in no tier: the default
    expect(rounded(plan.totals.costByFactor)).toEqual({ tiers: 154 });
    expect(minimisedCost(plan)).toBe(154);
  });

  it('uses the default below the first tier, and accepts tiers given in any order', async () => {
    const shuffled = [tiers[2], { ...tiers[1], from: 60 }, { from: 45, to: 60, cost: 7 }];
    const plan = await runScenario(scenario({ ...oneLocationEach, parameters: { localStoreRegionRadius: 5 }, costFactors: [tiered({ tiers: shuffled })] }));
    expect(assignmentCosts(plan, 'O-V1-1')).toEqual({ 'L-V1': { tiers: 99 } }); // 40 < 45: no tier
    expect(assignmentCosts(plan, 'O-V2-1')).toEqual({ 'L-V2': { tiers: 7 } });
    expect(assignmentCosts(plan, 'O-V4-1')).toEqual({ 'L-V4': { tiers: 30 } });
  });

  it('is ignored outside its dates', async () => {
    const plan = await runScenario(scenario({ ...oneLocationEach, costFactors: [tiered({}, { startDate: '2026-12-01' })] }));
    expect(rounded(Object.keys(plan.totals.costByFactor))).toEqual(['distance']);
  });

  it('refuses gaps, overlaps and empty tiers, naming the factor and the tiers', async () => {
    const bad = [
      tiered({ tiers: [{ from: 0, to: 50, cost: 5 }, { from: 60, to: 100, cost: 8 }] }, { id: 'gap' }),
      tiered({ tiers: [{ from: 0, to: 50, cost: 5 }, { from: 40, to: 100, cost: 8 }] }, { id: 'overlap' }),
      tiered({ tiers: [{ from: 0, to: null, cost: 5 }, { from: 100, to: 200, cost: 8 }] }, { id: 'open-overlap' }),
      tiered({ tiers: [{ from: 50, to: 50, cost: 5 }] }, { id: 'empty' }),
      tiered({ defaultCost: undefined }, { id: 'no-default' }),
    ];
    const run = runScenario(scenario({ ...oneLocationEach, costFactors: bad, profile: { costFactorIds: [] } }));
    const error = await run.then(() => null, (e: unknown) => e as { code: string; message: string; issues: unknown[] });
    expect(error?.code).toBe('E_CONFIG');
    expect(error?.issues).toEqual([
      expect.objectContaining({ code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 1, recordId: 'gap', pluginId: 'dom/shipping-tiered', field: 'options.tiers[1].from' }),
      expect.objectContaining({ recordId: 'overlap', field: 'options.tiers[1].from' }),
      expect.objectContaining({ recordId: 'open-overlap', field: 'options.tiers[0].to' }),
      expect.objectContaining({ recordId: 'empty', field: 'options.tiers[0].to' }),
      expect.objectContaining({ recordId: 'no-default', field: 'options.defaultCost' }),
    ]);
    expect(error?.message).toContain('tiers[0] [0, 50) and tiers[1] [60, 100) leave a gap [50, 60) that no band covers; start tiers[1] at 50');
    expect(error?.message).toContain('tiers[0] [0, 50) and tiers[1] [40, 100) overlap; start tiers[1] at 50');
    expect(error?.message).toContain('tiers[0] [0, ∞) and tiers[1] [100, 200) overlap; end tiers[0] at 100');
  });

  it('refuses a mode priced over two distance types in one profile, and tiers over a distance the run does not measure', async () => {
    const aerial = tiered({}, { id: 'aerial-std' });
    const road = tiered({ distanceType: 'road', modesOfDelivery: ['exp', 'std'] }, { id: 'road-std' });
    await expect(runScenario(scenario({ ...oneLocationEach, costFactors: [aerial, road] }))).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        { code: 'E_PLUGIN_OPTIONS', recordId: 'road-std', pluginId: 'dom/shipping-tiered', field: 'options.distanceType', message: expect.stringContaining('the run measures aerial distance') },
        {
          code: 'E_PLUGIN_OPTIONS',
          file: 'costFactors',
          recordNumber: 2,
          recordId: 'road-std',
          field: 'options.distanceType',
          message: 'in profile "p": mode of delivery "std" is tiered over aerial distance by factor "aerial-std" and over road distance here; a mode has one distance type: price both over the same one',
        },
      ],
    });
    // Factors of different companies never price the same order: only the run's distance type is checked.
    const error = await runScenario(scenario({ ...oneLocationEach, costFactors: [aerial, { ...road, company: 'other' }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ issues: [{ recordId: 'road-std', message: expect.stringContaining('the run measures aerial distance') }] });
    expect((error as { issues: unknown[] }).issues).toHaveLength(1);
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1; radius 0: the exact distance).
const std = { modesOfDelivery: ['std'], tiers, defaultCost: 99 };
new CostFactorTester({ describe, it }).run(shippingTieredCostFactor, [
  // 40 in [0, 50): fixed 5. 75 in [50, 100): 0.2 × 75 = 15. 150 in [100, 200): fixed 30.
  { name: 'the tier of the distance: fixed 5, 0.2 × 75 = 15, fixed 30', options: std, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 40, cost: 5 }, { orderId: 'O1', locationId: 'A', distance: 75, cost: 15 }, { orderId: 'O1', locationId: 'D', distance: 150, cost: 30 }] } },
  // [from, to): 49.99 in [0, 50) → 5; 50 in [50, 100) → 0.2 × 50 = 10; 100 in [100, 200) → 30; 200 in no tier → default 99.
  { name: 'tier edges [from, to), and the default at the last to', options: std, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 49.99, cost: 5 }, { orderId: 'O1', locationId: 'A', distance: 50, cost: 10 }, { orderId: 'O1', locationId: 'D', distance: 100, cost: 30 }, { orderId: 'O1', locationId: 'D', distance: 200, cost: 99 }] } },
  // Tiers from 45: 40 < 45 is in none → default 99; 45 in [45, 60) → 7; 60 in [60, 100) per mile → 0.2 × 60 = 12; mode express is not priced → 0.
  { name: 'the default below the first tier, tiers in any order, and nothing for another mode', options: { ...std, tiers: [tiers[2], { ...tiers[1], from: 60 }, { from: 45, to: 60, cost: 7 }] }, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 40, cost: 99 }, { orderId: 'O1', locationId: 'A', distance: 45, cost: 7 }, { orderId: 'O1', locationId: 'D', distance: 60, cost: 12 }, { orderId: 'O1', locationId: 'A', distance: 40, modeOfDelivery: 'express', cost: 0 }] } },
  // Radius 10: 41 counts 10 × ceil(4.1) = 50 → [50, 100): 0.2 × 50 = 10; 40 counts 40 → 5; 0.5 counts 10 (at least one radius) → 5; 95 counts 100 → 30.
  {
    name: 'the region-grouped distance picks the tier (radius 10)',
    options: std,
    records: scenario({ parameters: { distanceUnit: 'mi', localStoreRegionRadius: 10 }, locations: [location('A', 10), location('D', 100, { type: 'distribution-center' })], inventory: [stock('V1', 'A', 5), stock('V1', 'D', 5)], orders: [order('O1', [['V1', 2, 10]])] }),
    expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 41, cost: 10 }, { orderId: 'O1', locationId: 'A', distance: 40, cost: 5 }, { orderId: 'O1', locationId: 'A', distance: 0.5, cost: 5 }, { orderId: 'O1', locationId: 'D', distance: 95, cost: 30 }] },
  },
  { name: 'a gap between tiers is refused (check)', options: { ...std, tiers: [{ from: 0, to: 50, cost: 5 }, { from: 60, to: 100, cost: 8 }] }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.tiers[1].from' } },
  { name: 'a tier that ends where it starts is refused (check)', options: { ...std, tiers: [{ from: 50, to: 50, cost: 5 }] }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.tiers[0].to' } },
  { name: 'a negative tier cost is refused (schema)', options: { ...std, tiers: [{ from: 0, to: 50, cost: -5 }] }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.tiers[0].cost' } },
  { name: 'a default cost is required (schema)', options: { modesOfDelivery: ['std'], tiers }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.defaultCost' } },
  { name: 'tiers over road distance in a run that measures aerial distance are refused (checkProfile)', options: { ...std, distanceType: 'road' }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.distanceType' } },
]);

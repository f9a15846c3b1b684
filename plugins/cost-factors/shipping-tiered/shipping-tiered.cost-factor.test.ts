import { describe, expect, it } from 'vitest';
import { assignmentCosts, costFactor, location, minimisedCost, order, rounded, runScenario, scenario, stock } from 'opendom/testing';

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

import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CUSTOMER, location, minimisedCost, north, order, planLine, rounded, rule, runScenario, scenario, stock } from 'opendom/testing';

/** Variants with a weight in lb (the default weightUnit); V4 has none. */
const variants = [
  { id: 'V1', productId: 'P', weight: 2 },
  { id: 'V2', productId: 'P', weight: 30 },
  { id: 'V3', productId: 'P', weight: 0.5 },
  { id: 'V4', productId: 'P' },
];
const weightBands = [1, 5, 20, 50];
const distanceZones = [
  { id: 'near', from: 0, to: 100, prices: [5, 7, 12, 25] },
  { id: 'far', from: 100, to: null, prices: [8, 11, 19, 40] },
];
const card = (options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  costFactor('card', 'dom/carrier-rate-card', { modesOfDelivery: ['std'], weightBands, distanceZones, perPackage: 1.5, defaultUnitWeight: 1, ...options }, extra);

// A is in the near zone (30 mi), B in the far zone (120 mi).
const locations = [
  location('A', 30, { address: { coordinates: north(30), postalCode: '10001' } }),
  location('B', 120, { address: { coordinates: north(120), postalCode: '07001' } }),
];

describe('dom/carrier-rate-card', () => {
  it('prices the packages of each line by zone and weight band, plus the per-package charge', async () => {
    const plan = await runScenario(
      scenario({
        variants,
        locations,
        inventory: [stock('V1', 'A', 50), stock('V2', 'B', 5), stock('V3', 'B', 5), stock('V4', 'A', 5)],
        costFactors: [card()],
        orders: [order('O1', [['V1', 3]]), order('O2', [['V2', 4]]), order('O3', [['V1', 30]]), order('O4', [['V3', 2]]), order('O5', [['V4', 1]])],
      }),
    );
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { card: 13.5 } }); // one 6 lb package, near, band ≤ 20: 12 + 1.5
    expect(assignmentCosts(plan, 'O2-1')).toEqual({ B: { card: 166 } }); // four 30 lb packages, far, band ≤ 50: 4 × (40 + 1.5)
    expect(assignmentCosts(plan, 'O3-1')).toEqual({ A: { card: 40 } }); // 50 lb + 10 lb packages: 25 + 12 + 2 × 1.5
    expect(assignmentCosts(plan, 'O4-1')).toEqual({ B: { card: 9.5 } }); // 1 lb is in the band ≤ 1: 8 + 1.5
    expect(assignmentCosts(plan, 'O5-1')).toEqual({ A: { card: 6.5 } }); // V4 weighs the default 1 lb: 5 + 1.5
    expect(rounded(plan.totals.costByFactor)).toEqual({ card: 235.5 });
    expect(minimisedCost(plan)).toBe(235.5);
  });

  it('zones by postal prefixes: a farther location in a cheaper zone wins', async () => {
    const postalZones = [
      { id: 'nj-to-boston', originPrefixes: ['070'], destinationPrefixes: ['021'], prices: [4, 5, 6, 7] },
      { id: 'rest', prices: [9, 10, 11, 12] },
    ];
    const tieBreak = costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.01 });
    const at = (postalCode: string) => ({ deliveryAddress: { coordinates: CUSTOMER, postalCode } });
    const plan = await runScenario(
      scenario({
        variants,
        locations,
        inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
        costFactors: [card({ distanceZones: undefined, postalZones }), tieBreak],
        orders: [order('BOSTON', [['V1', 1]], at('02108')), order('LA', [['V1', 1]], at('90210'))],
      }),
    );
    // Boston: B (07001 → 021xx) pays 5 + 1.5 + 1.2; A pays 10 + 1.5 + 0.3. LA: both in "rest", A is nearer.
    expect(assignmentCosts(plan, 'BOSTON-1')).toEqual({ B: { card: 6.5, ship: 1.2 } });
    expect(rounded(planLine(plan, 'BOSTON-1').explanation.alternatives)).toMatchObject([{ locationId: 'A', distance: 30, cost: 11.8, whyNot: 'costs 4.1 more' }]);
    expect(assignmentCosts(plan, 'LA-1')).toEqual({ A: { card: 11.5, ship: 0.3 } });
  });

  it('charges a split line its share of the whole line’s packages, in proportion to units', async () => {
    // 30 × 2 lb: near f(30) = 40, far f(30) = 40 + 1.5 + 19 + 1.5 = 62. A ships 20 units, B 10.
    const plan = await runScenario(
      scenario({
        variants,
        locations,
        inventory: [stock('V1', 'A', 20), stock('V1', 'B', 10)],
        rules: [rule('partial', 'dom/partial-orders', { fulfillPartialLines: true })],
        costFactors: [card()],
        orders: [order('O1', [['V1', 30]])],
      }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 20, B: 10 });
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { card: rounded(80 / 3) }, B: { card: rounded(62 / 3) } });
    expect(minimisedCost(plan)).toBe(47.333);
  });

  it('prices only its modes of delivery', async () => {
    const plan = await runScenario(
      scenario({ variants, locations, inventory: [stock('V1', 'A', 5)], costFactors: [card({ modesOfDelivery: ['exp'] })], orders: [order('O1', [['V1', 3]])] }),
    );
    expect(rounded(plan.totals)).toMatchObject({ cost: 0, costByFactor: {} });
  });

  it('refuses an invalid card, naming the factor and the field', async () => {
    const heavy = [...variants, { id: 'V5', productId: 'P', weight: 80 }];
    const bad = [
      card({ postalZones: [{ id: 'all', prices: [1, 1, 1, 1] }] }, { id: 'both-zones' }),
      card({ weightBands: [1, 5, 5, 50] }, { id: 'bands-not-rising' }),
      card({ distanceZones: [{ id: 'near', from: 0, to: 100, prices: [5, 7, 12] }, { id: 'near', from: 100, to: null, prices: [1, 2, 3, 4] }] }, { id: 'zone-prices' }),
      card({ distanceZones: [{ id: 'a', from: 10, to: 100, prices: [1, 2, 3, 4] }, { id: 'b', from: 120, to: 200, prices: [1, 2, 3, 4] }] }, { id: 'zone-cover' }),
      card({ distanceZones: undefined, postalZones: [{ id: 'nj', originPrefixes: ['07'], prices: [1, 2, 3, 4] }] }, { id: 'postal-no-catch-all' }),
      card({ defaultUnitWeight: undefined }, { id: 'no-weight' }),
    ];
    const error = await runScenario(scenario({ variants: heavy, locations, costFactors: bad, orders: [order('O1', [['V1', 1]])] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_CONFIG' });
    const issues = (error as { issues: Array<{ recordId: string; field: string; message: string; pluginId: string }> }).issues;
    expect(new Set(issues.map((i) => i.pluginId))).toEqual(new Set(['dom/carrier-rate-card']));
    expect(issues.map((i) => [i.recordId, i.field])).toEqual([
      ['both-zones', 'options.distanceZones'],
      ['both-zones', 'options.weightBands'],
      ['bands-not-rising', 'options.weightBands[2]'],
      ['bands-not-rising', 'options.weightBands'],
      ['zone-prices', 'options.distanceZones[0].prices'],
      ['zone-prices', 'options.distanceZones[1].id'],
      ['zone-prices', 'options.weightBands'],
      ['zone-cover', 'options.distanceZones[1].from'],
      ['zone-cover', 'options.distanceZones[0].from'],
      ['zone-cover', 'options.distanceZones[1].to'],
      ['zone-cover', 'options.weightBands'],
      ['postal-no-catch-all', 'options.postalZones[0]'],
      ['postal-no-catch-all', 'options.weightBands'],
      ['no-weight', 'options.defaultUnitWeight'],
      ['no-weight', 'options.weightBands'],
    ]);
    expect(issues.find((i) => i.recordId === 'no-weight')!.message).toBe('is required: variants V4 have no weight; give them a weight or set defaultUnitWeight');
    expect(issues.find((i) => i.field === 'options.weightBands')!.message).toBe('variant "V5" weighs 80, more than the heaviest weight band (50); add a heavier band');
  });
});

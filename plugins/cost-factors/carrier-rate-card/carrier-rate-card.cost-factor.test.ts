import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CostFactorTester, CUSTOMER, location, minimisedCost, north, order, planLine, rounded, rule, runScenario, scenario, stock } from 'opendom/testing';
import { carrierRateCardCostFactor } from './carrier-rate-card.cost-factor.js';

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

// Hand-built candidates on weighed data: A 30 mi (postal code 10001), B 120 mi (07001); V1 2 lb, V2 30 lb, V3 0.5 lb, V4 no weight.
// The card prices per unit: the line's packages ÷ its quantity (radius 0: the exact distance picks the zone).
const weighed = scenario({
  variants,
  locations,
  inventory: [stock('V1', 'A', 50), stock('V1', 'B', 50)],
  orders: [order('O1', [['V1', 3]]), order('O2', [['V2', 4]]), order('O3', [['V1', 30]]), order('O4', [['V3', 2]]), order('O5', [['V4', 2]]), order('BOS', [['V1', 1]], { deliveryAddress: { coordinates: CUSTOMER, postalCode: '02108' } })],
});
const options = { modesOfDelivery: ['std'], weightBands, distanceZones, perPackage: 1.5, defaultUnitWeight: 1 };
new CostFactorTester({ describe, it }).run(carrierRateCardCostFactor, [
  {
    name: 'packages priced by zone and weight band, plus 1.5 a package, per unit',
    options,
    records: weighed,
    // O1-1, 3 × 2 lb = one 6 lb package (band ≤ 20): near 12 + 1.5 = 13.5 → 13.5 / 3 = 4.5 a unit; far 19 + 1.5 = 20.5 → 20.5 / 3 = 6.833333.
    // O2-1, 4 × 30 lb: one unit a package (floor(50 / 30) = 1), four 30 lb packages (band ≤ 50): far 4 × (40 + 1.5) = 166 → 41.5 a unit.
    // O5-1, V4 weighs the default 1 lb: one 2 lb package (band ≤ 5), near 7 + 1.5 = 8.5 → 4.25 a unit.
    expect: {
      units: [
        { lineId: 'O1-1', locationId: 'A', distance: 30, cost: 4.5 },
        { lineId: 'O1-1', locationId: 'B', distance: 120, cost: 20.5 / 3 },
        { lineId: 'O2-1', locationId: 'B', distance: 120, cost: 41.5 },
        { lineId: 'O5-1', locationId: 'A', distance: 30, cost: 4.25 },
      ],
      shipments: [{ orderId: 'O1', locationId: 'A', distance: 30, cost: 0 }],
    },
  },
  {
    name: 'packing and weight-band edges: a full 50 lb package is in the band ≤ 50, 1 lb in the band ≤ 1',
    options,
    records: weighed,
    // O3-1, 30 × 2 lb: 25 units a package (floor(50 / 2)), a 50 lb package (band ≤ 50, inclusive) and a 10 lb one (band ≤ 20):
    //   near 25 + 12 + 2 × 1.5 = 40 → 40 / 30 = 1.333333 a unit.
    // O4-1, 2 × 0.5 lb = one 1 lb package, in the band ≤ 1 (inclusive): near 5 + 1.5 = 6.5 → 3.25 a unit.
    expect: { units: [{ lineId: 'O3-1', locationId: 'A', distance: 30, cost: 40 / 30 }, { lineId: 'O4-1', locationId: 'A', distance: 30, cost: 3.25 }] },
  },
  {
    name: 'zone edges [from, to): 99.99 is near, 100 is far',
    options,
    records: weighed,
    // O1-1 (one 6 lb package): at 99.99 near 12 + 1.5 = 13.5 → 4.5 a unit; at 100 far 19 + 1.5 = 20.5 → 6.833333 a unit.
    expect: { units: [{ lineId: 'O1-1', locationId: 'A', distance: 99.99, cost: 4.5 }, { lineId: 'O1-1', locationId: 'B', distance: 100, cost: 20.5 / 3 }] },
  },
  {
    name: 'a card for another mode of delivery prices nothing',
    options: { ...options, modesOfDelivery: ['exp'] },
    records: weighed,
    // The lines are in mode std: 0.
    expect: { units: [{ lineId: 'O1-1', locationId: 'A', distance: 30, cost: 0 }] },
  },
  {
    name: 'postal zones: the first match wins, the last zone catches the rest',
    options: { ...options, distanceZones: undefined, postalZones: [{ id: 'nj-to-boston', originPrefixes: ['070'], destinationPrefixes: ['021'], prices: [4, 5, 6, 7] }, { id: 'rest', prices: [9, 10, 11, 12] }] },
    records: weighed,
    // BOS-1, one 2 lb package (band ≤ 5): from B (07001 → 02108) nj-to-boston 5 + 1.5 = 6.5; from A (10001) rest 10 + 1.5 = 11.5.
    // O1-1 from B (no postal code on the order: only empty lists match) rest, one 6 lb package (band ≤ 20): 11 + 1.5 = 12.5 → 12.5 / 3 a unit.
    expect: { units: [{ lineId: 'BOS-1', locationId: 'B', distance: 120, cost: 6.5 }, { lineId: 'BOS-1', locationId: 'A', distance: 30, cost: 11.5 }, { lineId: 'O1-1', locationId: 'B', distance: 120, cost: 12.5 / 3 }] },
  },
  { name: 'weight bands that do not rise are refused (check)', options: { ...options, weightBands: [1, 5, 5, 50] }, records: weighed, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.weightBands[2]' } },
  { name: 'distance zones that do not start at 0 are refused (check)', options: { ...options, distanceZones: [{ id: 'a', from: 10, to: null, prices: [1, 2, 3, 4] }] }, records: weighed, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.distanceZones[0].from' } },
  { name: 'a weight band of 0 is refused (schema)', options: { ...options, weightBands: [0, 5, 20, 50] }, records: weighed, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.weightBands[0]' } },
  // The tester's default data: variants V1–V5 have no weight.
  { name: 'variants without a weight need defaultUnitWeight (check)', options: { ...options, defaultUnitWeight: undefined }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.defaultUnitWeight' } },
]);

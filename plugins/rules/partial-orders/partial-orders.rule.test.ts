import { describe, expect, it } from 'vitest';
import { location, order, rule, RuleTester, runScenario, scenario, stock } from 'opendom/testing';
import { partialOrdersRule } from './partial-orders.rule.js';

/** A hard partial orders rule (a soft one is dropped in iteration 2 for the lines iteration 1 left). */
const partial = (options: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  rule('po', 'dom/partial-orders', options, { hardConstraint: true, ...extra });

// A 10 mi, B 20 mi, C 100 mi.
const locations = [location('A', 10), location('B', 20), location('C', 100)];
// V1 only at A, V2 only at B.
const splitStock = [stock('V1', 'A', 5), stock('V2', 'B', 5)];

new RuleTester({ describe, it }).run(partialOrdersRule, [
  {
    name: 'one location: an order that no single location can fulfil gets nothing',
    records: scenario({ locations, inventory: splitStock, rules: [partial({ maxFulfillingLocations: 1 })], orders: [order('O1', [['V1', 1], ['V2', 1]])] }),
    expect: {
      assignments: { 'O1-1': {}, 'O1-2': {} },
      exceptions: [
        { lineId: 'O1-1', exceptionType: 'no-quantity-available' },
        { lineId: 'O1-2', exceptionType: 'no-quantity-available' },
      ],
    },
  },
  {
    name: 'two locations: lines ship from different locations up to the limit',
    // V3 at B and C: with at most 2 locations, A (V1) + B (V2, V3).
    records: scenario({
      locations,
      inventory: [...splitStock, stock('V3', 'B', 5), stock('V3', 'C', 5)],
      rules: [partial({ maxFulfillingLocations: 2 })],
      orders: [order('O1', [['V1', 1], ['V2', 1], ['V3', 1]])],
    }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O1-2': { B: 1 }, 'O1-3': { B: 1 } }, totals: { shipments: 2 } },
  },
  {
    name: 'any number with partial orders off: all or nothing',
    // V4 is nowhere: the whole order waits.
    records: scenario({ locations, inventory: splitStock, rules: [partial({ fulfillPartialOrders: false })], orders: [order('O1', [['V1', 1], ['V4', 1]])] }),
    expect: { assignments: { 'O1-1': {}, 'O1-2': {} } },
  },
  {
    name: 'partial orders on (the default): the lines that can be fulfilled are',
    records: scenario({ locations, inventory: splitStock, rules: [partial({})], orders: [order('O1', [['V1', 1], ['V4', 1]])] }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O1-2': {} } },
  },
  {
    name: 'partial lines: a line splits across locations and the shortfall is fulfilled in part',
    // O1 wants 5 of V1: A has 3, C has 2 → both. O2 wants 4 of V2: B has 1 left... B has 3 → 3 fulfilled, 1 remains.
    records: scenario({
      locations,
      inventory: [stock('V1', 'A', 3), stock('V1', 'C', 2), stock('V2', 'B', 3)],
      rules: [partial({ fulfillPartialLines: true })],
      orders: [order('O1', [['V1', 5]]), order('O2', [['V2', 4]])],
    }),
    expect: { assignments: { 'O1-1': { A: 3, C: 2 }, 'O2-1': { B: 3 } }, totals: { linesPartial: 1, unitsFulfilled: 8 } },
  },
  {
    name: 'no split below the order amount: the order ships whole from one location even when a split is cheaper',
    // Split A + B costs 10 + 20; C holds both and costs 100. Amount 2 × 10 = 20 < 50: one location.
    records: scenario({
      locations,
      inventory: [...splitStock, stock('V1', 'C', 5), stock('V2', 'C', 5)],
      rules: [partial({ minimumAmountToSplit: 50 })],
      orders: [order('O1', [['V1', 1], ['V2', 1]]), order('O2', [['V1', 3, 10], ['V2', 3, 10]])],
    }),
    // O2's amount is 60: it may split, A + B.
    expect: { assignments: { 'O1-1': { C: 1 }, 'O1-2': { C: 1 }, 'O2-1': { A: 3 }, 'O2-2': { B: 3 } } },
  },
  {
    name: 'no split for listed categories, together with a maximum distance rule',
    // The supplemental category `fragile` holds product P, so the order ships from one location. C, which holds
    // both, is beyond 50 mi; A ships V1 and V2 waits (partial orders are on).
    records: scenario({
      categories: [{ id: 'cat', name: 'Category' }, { id: 'fragile', name: 'Fragile', supplemental: true }],
      products: [{ id: 'P', name: 'Product', categoryIds: ['cat'], supplementalCategoryIds: ['fragile'] }],
      locations,
      inventory: [...splitStock, stock('V1', 'C', 5), stock('V2', 'C', 5)],
      rules: [partial({ noSplitCategoryIds: ['fragile'] }), rule('near', 'dom/max-distance', { maxDistance: 50 }, { hardConstraint: true })],
      orders: [order('O1', [['V1', 1], ['V2', 1]])],
    }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O1-2': {} }, removed: [{ lineId: 'O1-2', locationId: 'C', messageId: 'tooFar' }] },
  },
  {
    name: 'a soft rule is dropped in iteration 2: the lines iteration 1 left may then split',
    records: scenario({ locations, inventory: splitStock, rules: [partial({ maxFulfillingLocations: 1 }, { hardConstraint: false })], orders: [order('O1', [['V1', 1], ['V2', 1]])] }),
    expect: { assignments: { 'O1-1': { A: 1 }, 'O1-2': { B: 1 } }, iterations: { 'O1-1': 2, 'O1-2': 2 } },
  },
  {
    name: 'partial orders are only available with "any"',
    records: scenario({ locations, rules: [partial({ maxFulfillingLocations: 2, fulfillPartialOrders: true })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'po', field: 'options.fulfillPartialOrders' },
  },
  {
    name: 'partial lines are only available with partial orders',
    records: scenario({ locations, rules: [partial({ fulfillPartialOrders: false, fulfillPartialLines: true })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'po', field: 'options.fulfillPartialLines' },
  },
  {
    name: 'six locations and unknown products are refused',
    records: scenario({ locations, rules: [partial({ maxFulfillingLocations: 6, noSplitProductIds: ['ghost'] })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'po', field: 'options.maxFulfillingLocations' },
  },
]);

describe('dom/partial-orders: split lines', () => {
  it('prorates price and tax over the parts, the remainder becoming a new unfulfilled line', async () => {
    const records = scenario({
      locations,
      inventory: [stock('V1', 'A', 3), stock('V1', 'C', 3), stock('V2', 'B', 2)],
      rules: [partial({ fulfillPartialLines: true })],
      orders: [order('O1', [['V1', 5, 19.99]]), order('O2', [['V2', 3, 10]])],
    });
    // Taxes: O1-1 5 × 19.99 = 99.95 with tax 8.00; O2-1 3 × 10 with tax 2.00.
    records.orders![0]!.lines[0]!.tax = 8;
    records.orders![1]!.lines[0]!.tax = 2;
    const plan = await runScenario(records);
    const o1 = plan.lines.find((l) => l.lineId === 'O1-1')!;
    expect(o1).toMatchObject({ fulfillmentType: 'full', split: true, locationCount: 2 });
    expect(o1.splitInto).toEqual([
      { lineId: 'O1-1', locationId: 'A', quantity: 3, amount: 59.97, tax: 4.8 },
      { lineId: 'O1-1.1', locationId: 'C', quantity: 2, amount: 39.98, tax: 3.2 },
    ]);
    const o2 = plan.lines.find((l) => l.lineId === 'O2-1')!;
    expect(o2).toMatchObject({ fulfillmentType: 'partial', split: true, locationCount: 1 });
    // 2 × 2.00 / 3 = 1.333… → 1.33; the remainder takes the rounding: 0.67.
    expect(o2.splitInto).toEqual([
      { lineId: 'O2-1', locationId: 'B', quantity: 2, amount: 20, tax: 1.33 },
      { lineId: 'O2-1.1', locationId: null, quantity: 1, amount: 10, tax: 0.67 },
    ]);
  });
});

import { describe, it } from 'vitest';
import { location, order, rule, RuleTester, scenario, stock } from 'opendom/testing';
import { minInventoryRule } from './min-inventory.rule.js';

// A at 10 mi, B at 50 mi. Products P (variants V1–V5) and Q (variant Q1) are in category `shoes`
// under `apparel`, and in the supplemental category `summer`.
const catalog = {
  categories: [
    { id: 'apparel', name: 'Apparel' },
    { id: 'shoes', name: 'Shoes', parentId: 'apparel' },
    { id: 'summer', name: 'Summer', supplemental: true },
  ],
  products: ['P', 'Q'].map((id) => ({ id, name: id, categoryIds: ['shoes'], supplementalCategoryIds: ['summer'] })),
  variants: [...['V1', 'V2', 'V3', 'V4', 'V5'].map((id) => ({ id, productId: 'P' })), { id: 'Q1', productId: 'Q' }],
};
const locations = [location('A', 10), location('B', 50)];
const keep = (id: string, minimum: number, scope: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  rule(id, 'dom/min-inventory', { minimum }, { scope: { locationIds: ['A'], ...scope }, ...extra });

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(minInventoryRule, [
  {
    name: 'keeps the minimum out of reach: a line that needs more goes elsewhere, a smaller one still fits',
    // A holds 3 of V1 and keeps 2: 1 usable. O1 (2 units) goes to B; O2 (1 unit) takes A's usable unit.
    records: scenario({
      ...catalog,
      locations,
      inventory: [stock('V1', 'A', 3), stock('V1', 'B', 5)],
      rules: [keep('keep-2', 2, { variantIds: ['V1'] })],
      orders: [order('O1', [['V1', 2]]), order('O2', [['V1', 1]])],
    }),
    expect: {
      assignments: { 'O1-1': { B: 2 }, 'O2-1': { A: 1 } },
      removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'insufficientStock' }],
    },
  },
  {
    name: 'the most specific scope wins: variant over product over supplemental category over category',
    // A holds 4 of each. V1: variant rule keeps 1 (product rule's 3 loses) → 3 usable, O1 (3) ships from A.
    // V2: product rule keeps 3 → 1 usable, O2 (2) goes to B. Q1: supplemental keeps 0 over category's 4 → O3 (4) from A.
    records: scenario({
      ...catalog,
      locations,
      inventory: ['V1', 'V2', 'Q1'].flatMap((v) => [stock(v, 'A', 4), stock(v, 'B', 9)]),
      rules: [
        keep('variant-1', 1, { variantIds: ['V1'] }),
        keep('product-3', 3, { productIds: ['P'] }),
        keep('category-4', 4, { categoryIds: ['apparel'] }),
        keep('summer-0', 0, { supplementalCategoryIds: ['summer'] }),
      ],
      orders: [order('O1', [['V1', 3]]), order('O2', [['V2', 2]]), order('O3', [['Q1', 4]])],
    }),
    expect: { assignments: { 'O1-1': { A: 3 }, 'O2-1': { B: 2 }, 'O3-1': { A: 4 } } },
  },
  {
    name: 'among rules of equal specificity the largest minimum wins',
    records: scenario({
      ...catalog,
      locations,
      inventory: [stock('V1', 'A', 3), stock('V1', 'B', 5)],
      rules: [keep('keep-1', 1, { variantIds: ['V1'] }), keep('keep-2', 2, { variantIds: ['V1'] })],
      orders: [order('O1', [['V1', 2]])],
    }),
    expect: { assignments: { 'O1-1': { B: 2 } } },
  },
  {
    name: 'with an offline rule: a soft minimum is dropped in iteration 2 so the line still ships',
    // B is offline (hard); A keeps all 2 units in iteration 1; iteration 2 drops the soft minimum.
    records: scenario({
      ...catalog,
      locations,
      inventory: [stock('V1', 'A', 2), stock('V1', 'B', 5)],
      rules: [keep('keep-all', 2, { variantIds: ['V1'] }), rule('b-off', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['B'] } })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: { assignments: { 'O1-1': { A: 1 } }, iterations: { 'O1-1': 2 } },
  },
  {
    name: 'a hard minimum holds in iteration 2: the line stays unassigned, with the rule as the reason',
    records: scenario({
      ...catalog,
      locations,
      inventory: [stock('V1', 'A', 2)],
      rules: [keep('keep-all', 2, { variantIds: ['V1'] }, { hardConstraint: true })],
      orders: [order('O1', [['V1', 1]])],
    }),
    expect: {
      assignments: { 'O1-1': {} },
      removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'keeps', ruleId: 'keep-all' }],
      exceptions: [{ lineId: 'O1-1', exceptionType: 'no-quantity-available' }],
    },
  },
  {
    name: 'a rule without a product scope is refused',
    records: scenario({ ...catalog, locations, rules: [rule('no-scope', 'dom/min-inventory', { minimum: 1 })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'no-scope', field: 'scope' },
  },
  {
    name: 'a negative minimum is refused',
    records: scenario({ ...catalog, locations, rules: [keep('negative', -1, { variantIds: ['V1'] })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'negative', field: 'options.minimum' },
  },
  {
    name: 'an unknown category in the scope is refused',
    records: scenario({ ...catalog, locations, rules: [keep('ghost', 1, { categoryIds: ['ghost'] })] }),
    error: { code: 'E_DATASET', recordId: 'ghost', field: 'scope.categoryIds[0]' },
  },
]);

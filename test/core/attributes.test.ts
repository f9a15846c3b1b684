import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, defineRule, FileDataSource, MemoryDataSource, pgliteStore, type OpenDomPlugin, type RulePlugin } from '../../index.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { writeDatasetDir } from '../e2e/cli-process.js';
import { AS_OF, assignmentsOf, CUSTOMER, location, order, rule, runScenario, scenario, stock, type ScenarioRecords } from 'opendom/testing';

/**
 * Custom attributes (docs/data-format.md, "Custom attributes"): a partner's
 * own data on locations, products, variants, orders and lines — typed by
 * an optional declaration, read from JSON and CSV, kept by the store,
 * seen by plugins, and usable in rule scopes.
 */

/** A partner rule: lines whose variant (or product) is hazardous ship only from locations whose attribute `hazmatCertified` is true. */
const hazmatRule: RulePlugin = {
  meta: {
    id: 'acme/hazmat',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Hazardous goods ship from certified locations only.',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    messages: { uncertified: '{location} is not certified for hazardous goods' },
    productScope: true,
    simplifiedSolver: 'honoured',
  },
  create: (context) => ({
    filterCandidate: (c) => {
      const variant = context.catalog.variants.get(c.line.variantId)!;
      const product = context.catalog.products.get(variant.productId)!;
      const hazardous = variant.attributes.hazmat ?? product.attributes.hazmat;
      if (hazardous !== true || c.location.attributes.hazmatCertified === true) return undefined;
      return { ruleId: context.rules[0]!.record.id, messageId: 'uncertified', data: { location: c.location.id } };
    },
  }),
};
const acme: OpenDomPlugin = { name: 'acme', register: (api) => api.addRule(hazmatRule) };

/** A at 10 mi (not certified), B at 50 mi (certified); V1 of a hazardous product, V2 declared safe on the variant. */
function hazmatRecords(extra: Partial<ScenarioRecords> = {}): ScenarioRecords {
  const base = scenario({
    locations: [location('A', 10), location('B', 50, { attributes: { hazmatCertified: true } })],
    inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V2', 'A', 5), stock('V2', 'B', 5)],
    rules: [rule('hazmat', 'acme/hazmat', {})],
    orders: [order('O1', [['V1', 1]]), order('O2', [['V2', 1]])],
    ...extra,
  });
  base.products = [{ id: 'P', name: 'Product', categoryIds: ['cat'], attributes: { hazmat: true } }];
  base.variants = [{ id: 'V1', productId: 'P' }, { id: 'V2', productId: 'P', attributes: { hazmat: false } }, { id: 'V3', productId: 'P' }];
  return base;
}

const work = mkdtempSync(join(tmpdir(), 'opendom-attributes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('custom attributes', () => {
  it('reach plugins on locations, products and variants (a variant\'s own value wins over its product\'s)', async () => {
    const plan = await runScenario(hazmatRecords(), { plugins: [acme] });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 }); // hazardous: only certified B
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 }); // the variant says it is safe: nearest A
    expect(plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed.map((r) => r.reason)).toEqual(['A is not certified for hazardous goods']);
  });

  it('scope a rule: locations by their attributes, variants by theirs or their product\'s', async () => {
    const outlets = scenario({
      locations: [location('A', 10, { attributes: { format: 'outlet' } }), location('B', 50, { attributes: { format: 'flagship' } }), location('C', 90)],
      inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V1', 'C', 5)],
      rules: [rule('outlets-off', 'dom/offline-location', {}, { scope: { locationAttributes: { format: 'outlet' } } })],
      orders: [order('O1', [['V1', 1]])],
    });
    expect(assignmentsOf(await runScenario(outlets), 'O1-1')).toEqual({ B: 1 });
    // Keep all 5 units of hazardous variants of P: V1 (its product is hazardous) has none to give; V2 (safe on the variant) ships.
    const kept = hazmatRecords({ rules: [rule('keep-hazmat', 'dom/min-inventory', { minimum: 5 }, { hardConstraint: true, scope: { productIds: ['P'], productAttributes: { hazmat: true } } })] });
    const plan = await runScenario(kept);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({});
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 });
    // A rule that takes no product scope refuses one by attributes.
    const misplaced = hazmatRecords({ rules: [rule('near', 'dom/max-distance', { maxDistance: 20 }, { scope: { productAttributes: { hazmat: true } } })] });
    await expect(runScenario(misplaced)).rejects.toThrow(/record "near" at scope.productAttributes: rule type "dom\/max-distance" does not take a product scope/);
  });

  it('declared types are enforced: a location of the wrong type refuses the run, an order line of the wrong type sets its order aside', async () => {
    const declared = hazmatRecords({ parameters: { distanceUnit: 'mi', attributes: { locations: { hazmatCertified: 'boolean' }, lines: { giftWrap: 'boolean' } } }, orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]])] });
    declared.orders![1]!.lines[0]!.attributes = { giftWrap: 'yes' };
    const plan = await runScenario(declared, { plugins: [acme] });
    expect(plan.exceptions.map((e) => [e.lineId, e.reason])).toEqual([['O2-1', expect.stringContaining('at lines[0].attributes.giftWrap: must be a boolean, as parameters.attributes.lines declares (got "yes")')]]);
    declared.locations![1]!.attributes = { hazmatCertified: 'true' };
    await expect(runScenario(declared, { plugins: [acme] })).rejects.toThrow(/record "B" at attributes.hazmatCertified: must be a boolean/);
  });

  it("reach suggest: the order's and the line's attributes of the request are the ones plugins see, checked against their declared types", async () => {
    // A partner rule: lines to gift-wrap ship only from certified locations (B), whatever the product.
    const giftWrapRule = defineRule({
      meta: { ...hazmatRule.meta, id: 'acme/gift-wrap', messages: { noWrap: '{location} cannot gift-wrap for {channel}' } },
      create: ({ rules }) => ({
        filterCandidate: (c) => (c.line.attributes.giftWrap === true && c.location.attributes.hazmatCertified !== true
          ? { ruleId: rules[0]!.record.id, messageId: 'noWrap', data: { location: c.location.id, channel: String(c.order.attributes.channel) } }
          : undefined),
      }),
    });
    const records = hazmatRecords({ rules: [rule('wrap', 'acme/gift-wrap', {}, { hardConstraint: true })], parameters: { distanceUnit: 'mi', attributes: { lines: { giftWrap: 'boolean' } } } });
    const engine = await createEngine({ data: new MemoryDataSource(records), plugins: [{ name: 'wrap', register: (api) => api.addRule(giftWrapRule) }] });
    const line = { legalEntity: 'le', salesOrigin: 'web', modeOfDelivery: 'std', variantId: 'V2', quantity: 1, deliveryAddress: { coordinates: CUSTOMER }, asOf: AS_OF };
    const where = async (extra: object) => (await engine.suggest({ ...line, ...extra })).locations.map((l) => l.locationId);
    expect(await where({})).toEqual(['A', 'B']);
    expect(await where({ lineAttributes: { giftWrap: true }, orderAttributes: { channel: 'b2b' } })).toEqual(['B']);
    await expect(engine.suggest({ ...line, lineAttributes: { giftWrap: 'yes' } })).rejects.toMatchObject({
      code: 'E_USAGE',
      issues: [{ field: 'lineAttributes.giftWrap', message: 'must be a boolean, as parameters.attributes.lines declares (got "yes")' }],
    });
  });

  it('refuses names and values an attribute may not have, naming the field', async () => {
    const records = hazmatRecords();
    records.locations![0]!.attributes = { '9lives': 1, nested: { no: 1 } };
    await expect(runScenario(records, { plugins: [acme] })).rejects.toThrow(/record "A" at attributes.9lives: is not an allowed name[\s\S]*record "A" at attributes.nested: must be string,number,boolean/);
  });

  it('are read from CSV as their declared type (strings when undeclared), and kept by the store', async () => {
    const dir = join(work, 'csv');
    const records = hazmatRecords({ parameters: { distanceUnit: 'mi', attributes: { products: { hazmat: 'boolean', shelfLifeDays: 'number' } } } });
    const { products: _json, ...withoutProducts } = records;
    writeDatasetDir(dir, withoutProducts);
    writeFileSync(join(dir, 'products.csv'), 'id,name,categoryIds,attributes.hazmat,attributes.shelfLifeDays,attributes.code\nP,Product,cat,true,365,00123\n');
    const { dataset } = await (await createEngine({ data: new FileDataSource(dir), plugins: [acme] })).validate();
    expect(dataset.products[0]!.attributes).toEqual({ hazmat: true, shelfLifeDays: 365, code: '00123' });
    const store = pgliteStore({ directory: join(work, 'store') });
    try {
      await importDataset(new FileDataSource(dir), store);
      const engine = await createEngine({ data: store, plugins: [acme] });
      const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
      await engine.close();
      expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 });
      expect((await store.getRecords('locations', ['B']))[0]).toMatchObject({ attributes: { hazmatCertified: true } });
    } finally {
      await store.close();
    }
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordSchemas, type RecordKind } from '../core/schemas/records.schema.js';
import { validateAgainst } from '../core/validation/ajv.js';
import { generateDataset, summarize, writeDataset, type GeneratedDataset } from './generate-dataset.js';

const EXAMPLE_DIR = fileURLToPath(new URL('../examples/retail/', import.meta.url));
const temporaryDirs: string[] = [];

function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opendom-dataset-'));
  temporaryDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file of a directory, by name. */
function readDir(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

/** Each record with the schema kind it is validated against and a label for messages. */
function recordsOf(dataset: GeneratedDataset): { kind: RecordKind; label: string; value: unknown }[] {
  const all: { kind: RecordKind; label: string; value: unknown }[] = [{ kind: 'parameters', label: 'parameters', value: dataset.parameters }];
  const add = (kind: RecordKind, records: readonly object[]) =>
    records.forEach((value, i) => all.push({ kind, label: `${kind}#${i + 1} ${'id' in value ? String(value.id) : ''}`, value }));
  add('location', dataset.locations);
  add('group', dataset.groups);
  add('category', dataset.categories);
  add('product', dataset.products);
  add('variant', dataset.variants);
  add('inventory', dataset.inventory);
  add('profile', dataset.profiles);
  add('rule', dataset.rules);
  add('costFactor', dataset.costFactors);
  add('order', dataset.orders);
  return all;
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe('generateDataset', () => {
  const dataset = generateDataset();

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateDataset({ seed: 7, orders: 300 }))).toBe(JSON.stringify(generateDataset({ seed: 7, orders: 300 })));
    expect(JSON.stringify(generateDataset({ seed: 8, orders: 300 }))).not.toBe(JSON.stringify(generateDataset({ seed: 7, orders: 300 })));
  });

  it('writes byte-identical files for the same seed and options', () => {
    const first = temporaryDir();
    const second = temporaryDir();
    writeDataset(first, generateDataset({ seed: 5 }));
    writeDataset(second, generateDataset({ seed: 5 }));
    expect(readDir(second)).toEqual(readDir(first));
  });

  it('reproduces the bundled example (defaults, seed 42)', () => {
    const dir = temporaryDir();
    writeDataset(dir, generateDataset({ seed: 42 }));
    const example = readDir(EXAMPLE_DIR);
    example.delete('README.md');
    expect(example).toEqual(readDir(dir));
  });

  it('keeps the catalogue and locations when only the number of orders changes', () => {
    const more = generateDataset({ orders: 1500 });
    expect(more.locations).toEqual(dataset.locations);
    expect(more.variants).toEqual(dataset.variants);
  });

  it('has the minimum sizes', () => {
    const types = dataset.locations.map((location) => location.type);
    expect(types.filter((type) => type === 'store').length).toBeGreaterThanOrEqual(40);
    expect(types.filter((type) => type === 'distribution-center').length).toBeGreaterThanOrEqual(3);
    expect(dataset.variants.length).toBeGreaterThanOrEqual(300);
    expect(dataset.orders.length).toBeGreaterThanOrEqual(1000);
    for (const order of dataset.orders) {
      expect(order.lines.length).toBeGreaterThanOrEqual(1);
      expect(order.lines.length).toBeLessThanOrEqual(5);
    }
    expect(dataset.categories.filter((category) => category.supplemental).length).toBeGreaterThan(0);
  });

  it('validates every record against its schema', () => {
    const errors = recordsOf(dataset).flatMap(({ kind, label, value }) =>
      validateAgainst(recordSchemas[kind], structuredClone(value)).map((error) => `${label} ${error.field}: ${error.message}`),
    );
    expect(errors).toEqual([]);
  });

  it('would notice an invalid record (the schema check is not vacuous)', () => {
    const broken = { ...structuredClone(dataset.inventory[0]), onHand: -1 };
    expect(validateAgainst(recordSchemas.inventory, broken)).not.toEqual([]);
  });

  it('has unique ids in every collection', () => {
    const { locations, groups, categories, products, variants, profiles, rules, orders } = dataset;
    for (const records of [locations, groups, categories, products, variants, profiles, rules, orders]) {
      expect(duplicates(records.map((record) => record.id))).toEqual([]);
    }
    expect(duplicates(orders.flatMap((order) => order.lines.map((line) => line.id)))).toEqual([]);
    expect(duplicates(dataset.inventory.map((record) => `${record.variantId}@${record.locationId}/${record.status}`))).toEqual([]);
    for (const id of [...locations, ...products, ...variants].map((record) => record.id)) expect(id).toMatch(/^[A-Za-z0-9-]+$/);
  });

  it('only references ids that exist', () => {
    const ids = (records: readonly { id: string }[]) => new Set(records.map((record) => record.id));
    const locations = ids(dataset.locations);
    const groups = ids(dataset.groups);
    const categories = ids(dataset.categories);
    const products = ids(dataset.products);
    const variants = ids(dataset.variants);
    const rules = ids(dataset.rules);
    const supplemental = new Set(dataset.categories.filter((category) => category.supplemental).map((category) => category.id));
    const missing: string[] = [];
    const check = (set: Set<string>, id: string | null | undefined, where: string) => {
      if (id !== null && id !== undefined && !set.has(id)) missing.push(`${where} → ${id}`);
    };

    for (const category of dataset.categories) check(categories, category.parentId, `category ${category.id}`);
    for (const product of dataset.products) {
      expect(product.categoryIds.length).toBeGreaterThan(0);
      for (const id of product.categoryIds) check(categories, id, `product ${product.id}`);
      for (const id of product.supplementalCategoryIds) check(supplemental, id, `product ${product.id} (supplemental)`);
    }
    for (const variant of dataset.variants) check(products, variant.productId, `variant ${variant.id}`);
    for (const record of dataset.inventory) {
      check(variants, record.variantId, 'inventory');
      check(locations, record.locationId, 'inventory');
    }
    for (const group of dataset.groups) for (const id of group.locationIds) check(locations, id, `group ${group.id}`);
    for (const profile of dataset.profiles) {
      for (const id of profile.ruleIds) check(rules, id, `profile ${profile.id}`);
      check(groups, profile.fulfillmentGroupId, `profile ${profile.id}`);
    }
    for (const rule of dataset.rules) {
      for (const id of rule.scope.locationIds ?? []) check(locations, id, `rule ${rule.id}`);
      for (const id of rule.scope.groupIds ?? []) check(groups, id, `rule ${rule.id}`);
    }
    for (const order of dataset.orders) for (const line of order.lines) check(variants, line.variantId, `line ${line.id}`);
    expect(missing).toEqual([]);
  });

  it('never reserves more than is on hand', () => {
    const overReserved = dataset.inventory.filter((record) => record.reserved > record.onHand);
    expect(overReserved).toEqual([]);
    expect(dataset.inventory.some((record) => record.reserved > 0)).toBe(true);
  });

  it('gives the two profiles no common mode of delivery', () => {
    const [standard, express] = dataset.profiles;
    expect(standard?.modesOfDelivery.filter((mode) => express?.modesOfDelivery.includes(mode))).toEqual([]);
  });

  it('prices lines in cents with 8 % tax', () => {
    for (const line of dataset.orders.flatMap((order) => order.lines)) {
      expect(Number.isInteger(Math.round(line.unitPrice * 100))).toBe(true);
      expect(line.tax).toBeCloseTo(Math.round(line.quantity * line.unitPrice * 8) / 100, 2);
    }
  });

  it('makes stock ample by default and scarce on request', () => {
    expect(summarize(dataset).servableShare).toBeGreaterThanOrEqual(0.98);
    const scarce = summarize(generateDataset({ stock: 'scarce' })).servableShare;
    expect(scarce).toBeGreaterThan(0.5);
    expect(scarce).toBeLessThan(0.9);
  });

  it('scales beyond the city table with distinct locations', () => {
    const large = generateDataset({ orders: 2000, locations: 400 });
    expect(large.locations).toHaveLength(400);
    expect(duplicates(large.locations.map((location) => location.id))).toEqual([]);
    const points = large.locations.map(({ address }) => `${address.coordinates?.latitude},${address.coordinates?.longitude}`);
    expect(duplicates(points)).toEqual([]);
    expect(large.orders).toHaveLength(2000);
  });

  it('writes NDJSON with one record per line and a final newline', () => {
    const dir = temporaryDir();
    writeDataset(dir, generateDataset({ orders: 50 }));
    for (const file of ['orders.ndjson', 'inventory.ndjson']) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      for (const line of text.slice(0, -1).split('\n')) {
        expect(line).toBe(line.trim());
        expect(() => JSON.parse(line)).not.toThrow();
      }
    }
  });

  it('refuses impossible options', () => {
    expect(() => generateDataset({ locations: 3 })).toThrow(/locations/);
    expect(() => generateDataset({ orders: 0 })).toThrow(/orders/);
  });
});

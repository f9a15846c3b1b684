import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDataSource, formatIssue } from '../../index.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { pgliteHarness } from './store-harness.js';

const harness = pgliteHarness();
const tmp = mkdtempSync(join(tmpdir(), 'opendom-import-'));
beforeAll(() => harness.setUp());
afterAll(() => {
  harness.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

function dataset(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const order = (id: string, lineIds: string[], quantity = 1) =>
  JSON.stringify({ id, legalEntity: 'le', deliveryAddress: {}, createdAt: '2026-11-19T00:00:00Z', lines: lineIds.map((l) => ({ id: l, variantId: 'V1', quantity, unitPrice: 5, modeOfDelivery: 'std' })) });

const files = {
  'locations.csv': 'id,name,legalEntity,address.city,address.coordinates.latitude,address.coordinates.longitude,shipping\nA,"Store A, Main St",le,Springfield,40.5,-75,true\nB,Store B,le,,95,-75,false\n',
  'products.csv': 'id,name,categoryIds\nP,Product,cat|sub\n',
  'categories.json': JSON.stringify([{ id: 'cat', name: 'Category' }, { id: 'sub', name: 'Sub', parentId: 'cat' }]),
  'variants.csv': 'id,productId,weight\nV1,P,1.25\nV2,P,heavy\n',
  'inventory.csv': 'variantId,locationId,onHand,reserved\nV1,A,5,1\n\nV1,A,6,0\nV1,B,-1,0\n',
  'orders.ndjson': [order('O1', ['O1-1']), '{ not json', order('O2', ['O1-1']), order('O1', ['O3-1']), order('O4', ['O4-1'], 0)].join('\n'),
};

describe('opendom import (importDataset)', () => {
  it('keeps the valid records and reports each refused one with its file, line, id and field', async () => {
    const store = await harness.newStore();
    try {
      const report = await importDataset(new FileDataSource(dataset('mixed', files)), store);
      expect(report.issues.map(formatIssue)).toEqual([
        'E_DATASET: locations.csv#3 record "B" at address.coordinates.latitude: must be <= 90',
        'E_DATASET: variants.csv#3 record "V2" at weight: must be number',
        'E_DATASET: inventory.csv#4 record "V1@A" at status: duplicate of inventory.csv#2; the first is kept',
        'E_DATASET: inventory.csv#5 record "V1@B" at onHand: must be >= 0',
        expect.stringMatching(/^E_DATASET: orders\.ndjson#2: is not valid JSON: /),
        'E_DATASET: orders.ndjson#3 record "O2" at lines[0].id: duplicate line id "O1-1" (also in order O1)',
        'E_DATASET: orders.ndjson#4 record "O1" at id: duplicate of orders.ndjson#1; the first is kept',
        'E_DATASET: orders.ndjson#5 record "O4" at lines[0].quantity: must be >= 1',
      ]);
      expect(report.collections.orders).toEqual({ read: 5, refused: 4, inserted: 1, updated: 0, unchanged: 0, stored: true });
      expect(await store.getRecord('locations', 'A')).toEqual({
        id: 'A', name: 'Store A, Main St', type: 'store', legalEntity: 'le', shipping: true, pickup: false,
        address: { city: 'Springfield', coordinates: { latitude: 40.5, longitude: -75 } }, attributes: {},
      });
      expect(await store.getRecord('products', 'P')).toEqual({ id: 'P', name: 'Product', categoryIds: ['cat', 'sub'], supplementalCategoryIds: [], attributes: {} });
      expect((await store.read()).inventory.map((r) => r.value)).toEqual([{ variantId: 'V1', locationId: 'A', status: 'available', onHand: 5, reserved: 1, asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    } finally {
      await store.close();
    }
  });

  it('importing the same data again changes nothing; changed records are updated', async () => {
    const store = await harness.newStore();
    try {
      const dir = dataset('valid', { ...files, 'locations.csv': files['locations.csv'].replace(',95,', ',41,'), 'variants.csv': 'id,productId\nV1,P\n', 'orders.ndjson': order('O1', ['O1-1']) });
      const first = await importDataset(new FileDataSource(dir), store);
      expect(first.collections.locations).toEqual({ read: 2, refused: 0, inserted: 2, updated: 0, unchanged: 0, stored: true });
      const again = await importDataset(new FileDataSource(dir), store);
      for (const counts of Object.values(again.collections)) expect([counts.inserted, counts.updated]).toEqual([0, 0]);
      writeFileSync(join(dir, 'products.csv'), 'id,name,categoryIds\nP,Renamed,cat\n');
      expect((await importDataset(new FileDataSource(dir), store)).collections.products).toEqual({ read: 1, refused: 0, inserted: 0, updated: 1, unchanged: 0, stored: true });
    } finally {
      await store.close();
    }
  });

  it('refuses CSV for nested records, and a collection given in two formats: those files store nothing, the others are stored', async () => {
    const dir = dataset('refused-files', { 'orders.csv': 'id\nO1\n', 'variants.csv': 'id,productId\n', 'variants.json': '[]', 'products.csv': 'id,name\nP,Product\n' });
    const raw = await new FileDataSource(dir).read();
    expect(raw.fileProblems!.map((p) => [p.collection, p.issues.map(formatIssue)])).toEqual([
      ['variants', ['E_DATASET: variants.json: variants.json and variants.csv exist; keep one']],
      ['orders', ['E_DATASET: orders.csv: orders cannot be CSV (their records are nested); use orders.json or orders.ndjson']],
    ]);
    const store = await harness.newStore();
    try {
      const report = await importDataset(new FileDataSource(dir), store);
      expect(report.collections).toEqual({
        products: { read: 1, refused: 0, inserted: 1, updated: 0, unchanged: 0, stored: true },
        variants: { read: 0, refused: 0, inserted: 0, updated: 0, unchanged: 0, stored: false },
        orders: { read: 0, refused: 0, inserted: 0, updated: 0, unchanged: 0, stored: false },
      });
      expect(await store.getRecord('products', 'P')).toEqual({ id: 'P', name: 'Product', categoryIds: [], supplementalCategoryIds: [], attributes: {} });
    } finally {
      await store.close();
    }
  });
});

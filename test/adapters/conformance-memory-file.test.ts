import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { AdapterConformance } from 'opendom/testing';
import { COLLECTION_NAMES, FileDataSource, MemoryDataSource, type CollectionName, type StoreCollection } from '../../index.js';

const conformance = new AdapterConformance({ describe, it });

conformance.run({
  name: 'dom/memory',
  create: async (records) => new MemoryDataSource(records),
  fileOf: (collection) => collection,
});

/** Inventory and orders as NDJSON, the rest as JSON arrays, so both formats are read. */
const NDJSON: ReadonlySet<CollectionName> = new Set(['inventory', 'orders']);
const fileOf = (collection: StoreCollection) => {
  if (collection === 'parameters') return 'parameters.json';
  const base = collection === 'costFactors' ? 'cost-factors' : collection;
  return `${base}.${NDJSON.has(collection) ? 'ndjson' : 'json'}`;
};

const root = mkdtempSync(join(tmpdir(), 'opendom-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

conformance.run({
  name: 'dom/file',
  fileOf,
  create: async (records) => {
    const dir = join(root, `dataset-${++count}`);
    mkdirSync(dir);
    if (records.parameters !== undefined) writeFileSync(join(dir, fileOf('parameters')), JSON.stringify(records.parameters));
    for (const name of COLLECTION_NAMES) {
      const values = records[name] ?? [];
      const text = NDJSON.has(name) ? values.map((v) => `${JSON.stringify(v)}\n`).join('') : JSON.stringify(values, null, 2);
      writeFileSync(join(dir, fileOf(name)), text);
    }
    return new FileDataSource(dir);
  },
});

/** Flat collections as CSV, with dotted headers for nested fields and `|` between list items. */
const CSV: ReadonlySet<CollectionName> = new Set(['locations', 'groups', 'categories', 'products', 'variants', 'inventory']);
const csvFileOf = (collection: StoreCollection) => (collection !== 'parameters' && CSV.has(collection) ? `${collection}.csv` : fileOf(collection));

conformance.run({
  name: 'dom/file (CSV)',
  fileOf: csvFileOf,
  create: async (records) => {
    const dir = join(root, `dataset-${++count}`);
    mkdirSync(dir);
    if (records.parameters !== undefined) writeFileSync(join(dir, 'parameters.json'), JSON.stringify(records.parameters));
    for (const name of COLLECTION_NAMES) {
      const values = records[name] ?? [];
      const file = csvFileOf(name);
      const text = CSV.has(name) ? toCsv(values) : file.endsWith('.ndjson') ? values.map((v) => `${JSON.stringify(v)}\n`).join('') : JSON.stringify(values);
      writeFileSync(join(dir, file), text);
    }
    return new FileDataSource(dir);
  },
});

function toCsv(records: unknown[]): string {
  const rows = records.map((r) => flatten(r as Record<string, unknown>));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = Array.isArray(v) ? v.join('|') : String(v);
  }
  return out;
}

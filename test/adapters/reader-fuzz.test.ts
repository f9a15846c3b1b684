import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDataSource, OpenDomError, type Issue } from '../../index.js';
import { validateDataset } from '../../core/validation/dataset-validator.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { postgresHarness } from './store-harness.js';

/**
 * Fuzzing of the JSON, NDJSON and CSV readers with the checks behind them:
 * whatever the bytes, reading, validating and importing never throw (but
 * for a coded error), pollute no prototype, and every refusal names its
 * file, and a refused record its record number and field.
 */

const harness = postgresHarness();
const tmp = mkdtempSync(join(tmpdir(), 'opendom-fuzz-'));
beforeAll(() => harness.setUp());
afterAll(async () => {
  await harness.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

const KEYS = ['id', 'name', 'lines', 'quantity', 'variantId', 'locationId', 'onHand', 'legalEntity', 'address', 'coordinates', '__proto__', 'constructor', 'prototype', 'x', ''];
const key = fc.constantFrom(...KEYS);
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(1e300), fc.constant(2 ** 53 + 1));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));
/** Objects nested far past the limit. */
const deep = fc.integer({ min: 30, max: 8000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const jsonText = fc.oneof(value.map((v) => JSON.stringify(v)), deep, fc.string({ maxLength: 30 }), fc.constant('[{'));
const bom = fc.constantFrom('', '\uFEFF');

const csvCell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '""', '"a,b"', 'a\nb', '1', 'true', '-1', '1e300', '|', ''));
const csvColumn = fc.constantFrom('id', 'name', 'legalEntity', 'variantId', 'locationId', 'onHand', 'reserved', 'address.coordinates.latitude', '__proto__.x', 'constructor', 'colour', 'address.__proto__');
const csvText = fc.tuple(fc.uniqueArray(csvColumn, { minLength: 1, maxLength: 5 }), fc.array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
  .map(([header, rows, newline]) => [header.join(','), ...rows.map((cells) => cells.join(','))].join(newline));

const files = fc.record({
  'parameters.json': fc.option(fc.tuple(bom, jsonText).map(([b, t]) => b + t), { nil: undefined }),
  'orders.ndjson': fc.option(fc.tuple(bom, fc.array(jsonText, { maxLength: 5 })).map(([b, lines]) => b + lines.join('\n')), { nil: undefined }),
  'inventory.csv': fc.option(fc.tuple(bom, csvText).map(([b, t]) => b + t), { nil: undefined }),
  'locations.csv': fc.option(fc.tuple(bom, csvText).map(([b, t]) => b + t), { nil: undefined }),
  'rules.json': fc.option(fc.tuple(bom, fc.oneof(jsonText, fc.array(value, { maxLength: 4 }).map((a) => JSON.stringify(a)))).map(([b, t]) => b + t), { nil: undefined }),
}, { requiredKeys: [] });

function expectNamed(issue: Issue): void {
  expect(issue.file, JSON.stringify(issue)).toBeTruthy();
  if (issue.recordNumber !== undefined) expect(typeof issue.field, JSON.stringify(issue)).toBe('string');
}

describe('the dataset readers under fuzzing', () => {
  it('never crash, never pollute a prototype, and name file, record and field of every refusal', async () => {
    const store = await harness.newStore();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(files, async (given) => {
          const dir = join(tmp, `case-${n++}`);
          mkdirSync(dir);
          for (const [file, text] of Object.entries(given)) if (text !== undefined) writeFileSync(join(dir, file), text);
          const raw = await new FileDataSource(dir).read();
          for (const problem of raw.fileProblems ?? []) problem.issues.forEach(expectNamed);
          const checked = validateDataset(raw);
          checked.configIssues.forEach(expectNamed);
          for (const order of checked.invalidOrders) order.issues.forEach(expectNamed);
          try {
            const report = await importDataset(new FileDataSource(dir), store);
            report.issues.forEach(expectNamed);
          } catch (error) {
            expect(error).toBeInstanceOf(OpenDomError);
          }
          expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => ['x', 'a', 'polluted'].includes(k))).toEqual([]);
          rmSync(dir, { recursive: true });
        }),
        { numRuns: 300, seed: 20261127 },
      );
    } finally {
      await store.close();
    }
  }, 300_000);
});

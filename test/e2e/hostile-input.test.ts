import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDataSource, recordSchemas } from '../../index.js';
import { readCsv, type Schema } from '../../adapters/file/csv-records.js';
import { conformanceOrder, conformanceRecords } from 'opendom/testing';
import { postgresHarness, TEST_DATABASE_URL } from '../adapters/store-harness.js';
import { cli, writeDatasetDir, type CliResult } from './cli-process.js';

/**
 * Hostile and broken input, through `validate`, `import` and `run` as a user
 * runs them: each gets a clear error naming the file, record and field, exit
 * code 2 where something was refused, never a stack trace, and an import
 * still stores every file it could read.
 */

const harness = postgresHarness();
const tmp = mkdtempSync(join(tmpdir(), 'opendom-hostile-'));
beforeAll(() => harness.setUp());
afterAll(async () => {
  await harness.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

const BOM = '\uFEFF';
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** The conformance dataset as files, with some of them replaced. */
function dataset(name: string, files: Record<string, string> = {}, drop: string[] = []): string {
  const dir = join(tmp, name);
  const records = conformanceRecords();
  writeDatasetDir(dir, records);
  for (const file of drop) rmSync(join(dir, file));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const orderLine = (order: unknown) => `${JSON.stringify(order)}\n`;
const baseOrders = () => (conformanceRecords().orders ?? []).map(orderLine).join('');
const LOCATIONS_HEADER = 'id,name,legalEntity,address.coordinates.latitude,address.coordinates.longitude';

async function importInto(dir: string): Promise<{ result: CliResult; schema: string }> {
  const { schema } = await harness.newStore();
  return { result: await cli(['import', '--data', dir, '--database', TEST_DATABASE_URL, '--schema', schema, '--json']), schema };
}

function expectNoStack(result: CliResult): void {
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stdout).not.toMatch(STACK_LINE);
}

describe('hostile and broken input', () => {
  it('a CSV header "__proto__.x" is refused with the column named, and writes into no prototype', async () => {
    const csv = `${LOCATIONS_HEADER},__proto__.x\nA,A,le,40.1,-75,1\n`;
    const dir = dataset('proto', { 'locations.csv': csv }, ['locations.json']);
    expect(() => readCsv(join(dir, 'locations.csv'), 'locations.csv', recordSchemas.location as Schema, 'locations')).toThrow('E_DATASET: locations.csv#1 at __proto__.x: column "__proto__.x" is not allowed');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const validate = await cli(['validate', '--data', dir]);
    expect([validate.code, validate.stderr]).toEqual([2, expect.stringContaining('E_DATASET: locations.csv#1 at __proto__.x: column "__proto__.x" is not allowed')]);
    const run = await cli(['run', '--data', dir, '--profile', 'p']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('at __proto__.x: column "__proto__.x" is not allowed')]);
    const { result } = await importInto(dir);
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(2);
    expect(report.collections.locations).toMatchObject({ stored: false });
    expect(report.collections.orders).toMatchObject({ stored: true, inserted: 2 });
    for (const r of [validate, run, result]) expectNoStack(r);
  });

  it('an order nested 5,000 levels deep is refused alone, before anything is stored', async () => {
    const deep = `{"id":"O9","legalEntity":"le","createdAt":"2026-11-19T00:00:00Z","lines":[],"deliveryAddress":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}\n`;
    const dir = dataset('deep', { 'orders.ndjson': baseOrders() + deep });
    const { result, schema } = await importInto(dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.issues).toEqual([expect.objectContaining({ file: 'orders.ndjson', recordNumber: 3, recordId: 'O9', message: 'is nested deeper than 32 levels' })]);
    expect(report.issues[0].field).toMatch(/^deliveryAddress(\.a)+$/);
    expect(report.collections.orders).toMatchObject({ read: 3, refused: 1, inserted: 2, stored: true });
    expect(report.collections.locations).toMatchObject({ inserted: 3, stored: true });
    const validate = await cli(['validate', '--data', dir]);
    expect([validate.code, validate.stdout]).toEqual([0, expect.stringContaining('orders.ndjson#3 record "O9" at deliveryAddress.a')]);
    const strict = await cli(['validate', '--data', dir, '--strict']);
    expect(strict.code).toBe(2);
    const run = await cli(['run', '--data', dir, '--profile', 'p', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).exceptions).toEqual([expect.objectContaining({ orderId: 'O9', exceptionType: 'invalid-input', reason: expect.stringContaining('is nested deeper than 32 levels') })]);
    for (const r of [validate, strict, run, result]) expectNoStack(r);
    expect(schema).toBeTruthy();
  });

  it('numbers beyond their bounds are refused: a quantity of 1e300, 2^53 + 1 units, a price of 1e12', async () => {
    const orders = [
      orderLine(conformanceOrder('O7', [['O7-1', 'V1', 1e300, 10, 0]])),
      `${JSON.stringify(conformanceOrder('O8', [['O8-1', 'V1', 1, 10, 0]])).replace('"quantity":1', '"quantity":9007199254740993')}\n`,
      orderLine(conformanceOrder('O9', [['O9-1', 'V1', 1, 1e12, 0]])),
    ].join('');
    const { result } = await importInto(dataset('numbers', { 'orders.ndjson': baseOrders() + orders }));
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).issues.map((i: { recordId: string; field: string; message: string }) => `${i.recordId} ${i.field}: ${i.message}`)).toEqual([
      'O7 lines[0].quantity: must be <= 1000000',
      'O8 lines[0].quantity: must be <= 1000000',
      'O9 lines[0].unitPrice: must be <= 1000000000',
    ]);
  });

  it('a byte order mark is ignored alike in JSON, NDJSON and CSV', async () => {
    const records = conformanceRecords();
    const csv = `${BOM}${LOCATIONS_HEADER}\n${(records.locations as Array<{ id: string; address: { coordinates: { latitude: number; longitude: number } } }>)
      .map((l) => `${l.id},${l.id},le,${l.address.coordinates.latitude},${l.address.coordinates.longitude}`).join('\n')}\n`;
    const dir = dataset('bom', {
      'locations.csv': csv,
      'orders.ndjson': BOM + baseOrders(),
      'variants.json': BOM + JSON.stringify(records.variants),
      'parameters.json': BOM + JSON.stringify(records.parameters),
    }, ['locations.json']);
    const validate = await cli(['validate', '--data', dir]);
    expect([validate.code, validate.stdout]).toEqual([0, expect.stringContaining('3 locations, 2 variants, 5 inventory records, 1 profile, 2 rules, 2 orders (2 lines)')]);
    const { result } = await importInto(dir);
    expect(result.code).toBe(0);
  });

  it('a CSV row with a cell missing is refused alone with its line; an unknown column is reported once', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `V1,L${i},${i},0`);
    rows[20] = 'V1,B,7';
    const short = await importInto(dataset('short-row', { 'inventory.csv': `variantId,locationId,onHand,reserved\n${rows.join('\n')}\n` }, ['inventory.json']));
    const report = JSON.parse(short.result.stdout);
    expect(report.issues).toEqual([{ code: 'E_DATASET', file: 'inventory.csv', recordNumber: 22, field: '', message: 'has 3 cells; the header has 4 columns' }]);
    expect(report.collections.inventory).toMatchObject({ read: 50, refused: 1, inserted: 49, stored: true });
    const unknown = await importInto(dataset('unknown-column', { 'inventory.csv': `variantId,locationId,onHand,reserved,colour\n${rows.map((_, i) => `V1,L${i},1,0,red`).join('\n')}\n` }, ['inventory.json']));
    const refused = JSON.parse(unknown.result.stdout);
    expect(refused.issues).toEqual([expect.objectContaining({ file: 'inventory.csv', recordNumber: 1, field: 'colour', message: expect.stringContaining('column "colour" is not a field of inventory records') })]);
    expect(refused.collections.inventory).toMatchObject({ stored: false });
    expect(refused.collections.orders).toMatchObject({ stored: true });
  });

  it('an order with a "constructor" key, and a rules file that does not parse: refused with what and where', async () => {
    const order = conformanceOrder('O5', [['O5-1', 'V1', 1, 10, 0]]);
    const hostile = orderLine({ ...order, lines: [{ ...order.lines[0], constructor: { prototype: { polluted: true } } }] });
    const dir = dataset('constructor', { 'orders.ndjson': baseOrders() + hostile, 'rules.json': '[{"id": "r1",' });
    const { result } = await importInto(dir);
    const report = JSON.parse(result.stdout);
    expect(report.issues).toEqual([
      expect.objectContaining({ file: 'rules.json', message: expect.stringMatching(/^is not valid JSON: /) }),
      expect.objectContaining({ file: 'orders.ndjson', recordNumber: 3, recordId: 'O5', field: 'lines[0].constructor', message: '"constructor" is not allowed as a field name' }),
    ]);
    expect(report.collections.rules).toMatchObject({ stored: false });
    expect(report.collections.orders).toMatchObject({ inserted: 2, stored: true });
    const run = await cli(['run', '--data', dir, '--profile', 'p']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('E_DATASET: rules.json: is not valid JSON')]);
    for (const r of [run, result]) expectNoStack(r);
    const raw = await new FileDataSource(dir).read();
    expect(raw.orders).toHaveLength(3);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteStore, storedOrder, type DataStore, type PlanLine, type SalesLine } from '../../index.js';
import { conformanceOrder, conformanceRecords } from 'opendom/testing';
import { cli, writeDatasetDir } from './cli-process.js';

/**
 * A pool of orders through several runs of the CLI on one embedded store:
 * brokering with a partial line split, rejection and re-brokering elsewhere,
 * maximum rejections, reset, a data modification conflict and clean-up.
 * The steps build on each other, in order.
 */

const AS_OF = '2026-11-20T12:00:00Z';
let tmp: string;
let store: string[];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'opendom-lifecycle-'));
  store = ['--store', join(tmp, 'store')];
  writeDatasetDir(join(tmp, 'pool'), conformanceRecords());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ok(...args: string[]): Promise<string> {
  const result = await cli([...args, ...store]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

const run = (...extra: string[]) => ok('run', '--profile', 'p', '--as-of', AS_OF, ...extra);

/** The store, opened here between two CLI commands (one process at a time opens it). */
async function withStore<T>(body: (s: DataStore) => Promise<T>): Promise<T> {
  const s = pgliteStore({ directory: store[1]! });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

async function lines(): Promise<Map<string, SalesLine>> {
  const raw = await withStore((s) => s.read());
  return new Map(raw.orders.flatMap((r) => storedOrder(r.value)!.lines).map((l) => [l.id, l]));
}

const lastPlanId = () => withStore(async (s) => (await s.listPlans({ limit: 1 }))[0]!.planId);

async function explain(lineId: string): Promise<PlanLine> {
  return JSON.parse(await ok('explain', '--plan-id', await lastPlanId(), '--line', lineId, '--json')) as PlanLine;
}

// Each step runs the CLI several times, each opening the embedded store: on a loaded 2-core machine a step can take minutes.
describe('the order lifecycle through the CLI, on the embedded store', { timeout: 300_000 }, () => {
  it('imports the pool; importing it again changes nothing', async () => {
    expect(await ok('import', '--data', join(tmp, 'pool'))).toMatch(/orders\s+2\s+0\s+2\s+0\s+0/);
    expect(await ok('import', '--data', join(tmp, 'pool'))).toMatch(/orders\s+2\s+0\s+0\s+0\s+2/);
  });

  it('brokers and applies: a partly available line is split with prorated price and tax', async () => {
    expect(await run()).toMatch(/applied: 2 orders applied, 0 conflicts/);
    const split = await explain('O2-1');
    expect(split.splitInto).toEqual([
      { lineId: 'O2-1', locationId: 'A', quantity: 2, amount: 20, tax: 2 },
      { lineId: 'O2-1.1', locationId: 'B', quantity: 1, amount: 10, tax: 1 },
      { lineId: 'O2-1.2', locationId: null, quantity: 1, amount: 10, tax: 1 },
    ]);
    const stored = await lines();
    expect([...stored.values()].map((l) => [l.id, l.quantity, l.tax, l.domStatus, l.assignedLocationId])).toEqual([
      ['O1-1', 3, 3, 'complete', 'A'],
      ['O2-1', 2, 2, 'complete', 'A'],
      ['O2-1.1', 1, 1, 'complete', 'B'],
      ['O2-1.2', 1, 1, 'none', null],
    ]);
  });

  it('a rejected line is brokered again elsewhere; at the maximum it waits for a reset, then is brokered again', async () => {
    expect(await ok('reject', '--line', 'O1-1', '--location', 'A')).toContain('Line O1-1 (order O1) rejected at A');
    await run();
    const rebrokered = await explain('O1-1');
    expect(rebrokered.assignments.map((a) => a.locationId)).toEqual(['B']);
    expect(rebrokered.explanation.removed.find((r) => r.locationId === 'A')?.messageId).toBe('rejectedRecently');

    await ok('reject', '--line', 'O1-1', '--location', 'B');
    await run();
    expect((await lines()).get('O1-1')).toMatchObject({ domStatus: 'exception', exceptionType: 'maximum-rejections' });
    expect(await ok('explain', '--plan-id', await lastPlanId(), '--line', 'O1-1')).toContain('was not brokered: maximum-rejections');
    await run();
    expect((await lines()).get('O1-1')!.exceptionType).toBe('maximum-rejections');

    expect(await ok('reset', '--line', 'O1-1')).toContain('reset from maximum-rejections');
    await run();
    expect((await lines()).get('O1-1')).toMatchObject({ domStatus: 'exception', exceptionType: 'no-quantity-available' });
    expect((await explain('O1-1')).explanation.removed.filter((r) => r.messageId === 'rejectedRecently').map((r) => r.locationId).sort()).toEqual(['A', 'B']);
    // Past the rejection period (7 days from the rejections, made now), the nearest location ships it again.
    await ok('run', '--profile', 'p', '--as-of', new Date(Date.now() + 8 * 86_400_000).toISOString());
    const line = (await lines()).get('O1-1')!;
    expect([line.domStatus, line.assignedLocationId, line.rejections.map((r) => r.locationId)]).toEqual(['complete', 'A', ['A', 'B']]);
  });

  it('an order changed between the run and the apply is not applied: data-modification-conflict', async () => {
    const o3 = conformanceOrder('O3', [['O3-1', 'V1', 1, 10, 1]]);
    await withStore((s) => s.upsert('orders', [o3]));
    expect(await run('--no-apply')).toContain('not applied');
    // The source system changes the order: a new version.
    await withStore((s) => s.upsert('orders', [{ ...o3, version: 1, lines: [{ ...o3.lines[0]!, quantity: 2 }] }]));
    const applied = await ok('apply', '--plan-id', await lastPlanId());
    expect(applied).toContain('0 orders applied, 1 conflicts');
    expect(applied).toContain('O3: conflict: order O3 changed (version 0 → 1) since the run read it');
    expect((await lines()).get('O3-1')).toMatchObject({ quantity: 2, domStatus: 'exception', exceptionType: 'data-modification-conflict' });
    await run();
    // A has 1 unit of V1 left after O1-1 took 3; B has all 4 again since O1-1's rejection there.
    expect((await lines()).get('O3-1')).toMatchObject({ quantity: 2, domStatus: 'complete', assignedLocationId: 'B' });
  });

  it('clean-up deletes what is past its retention and says how much', async () => {
    expect(await withStore(async (s) => (await s.listPlans({ limit: 100 })).length)).toBe(8);
    expect(await ok('cleanup')).toBe('Deleted 0 plan(s), 0 log entries and 0 run(s).\n');
    await withStore((s) => s.upsert('parameters', [{ ...(conformanceRecords().parameters as object), planRetentionDays: 0, logRetentionDays: 0 }]));
    expect(await ok('cleanup')).toMatch(/^Deleted 8 plan\(s\), \d+ log entries and 8 run\(s\)\.\n$/);
    expect(await ok('plans')).toBe('No plans in the store.\n');
  });
});

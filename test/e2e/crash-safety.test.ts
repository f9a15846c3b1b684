import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDataSource, storedOrder, type SalesOrder } from '../../index.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { generateDataset, writeDataset } from '../../bench/generate-dataset.js';
import { postgresHarness, TEST_DATABASE_URL } from '../adapters/store-harness.js';
import { storeViolations } from '../fixtures/store-invariants.js';
import { cli, startCli } from './cli-process.js';

/**
 * Kills `opendom run` on the PostgreSQL server while its batches solve and
 * while it applies, watching its progress in the runs table, and checks that
 * every order is either applied in full or untouched, that the stock
 * reserved matches the lines assigned, and that the next run does the rest.
 */

const harness = postgresHarness();
let tmp: string;
let dataset: string;

beforeAll(async () => {
  await harness.setUp();
  tmp = mkdtempSync(join(tmpdir(), 'opendom-crash-'));
  dataset = join(tmp, 'pool');
  const generated = generateDataset({ orders: 1500, locations: 20, variants: 60, seed: 3 });
  // Small batches (many of them) and auto-apply.
  generated.profiles = generated.profiles.map((p) => ({ ...p, autoApply: true, maxLinesPerOptimization: 60 }));
  writeDataset(dataset, generated);
});
afterAll(async () => {
  await harness.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

const AS_OF = '2026-11-20T00:00:00Z';

/** A fresh schema with the pool imported, and a connection to watch it. */
async function pool(): Promise<{ schema: string; db: pg.Client; args: string[] }> {
  const store = await harness.newStore();
  try {
    await importDataset(new FileDataSource(dataset), store);
  } finally {
    await store.close();
  }
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${store.schema}` });
  await db.connect();
  return { schema: store.schema, db, args: ['run', '--profile', 'standard-ship', '--as-of', AS_OF, '--database', TEST_DATABASE_URL, '--schema', store.schema] };
}

async function orders(db: pg.Client): Promise<Map<string, { text: string; order: SalesOrder }>> {
  const rows = (await db.query<{ id: string; text: string; record: unknown }>('select id, record::text as text, record from sales_orders')).rows;
  return new Map(rows.map((r) => [r.id, { text: r.text, order: storedOrder(r.record)! }]));
}

/** The store's invariants, recomputed from the raw tables, hold. */
async function expectInvariants(db: pg.Client): Promise<void> {
  expect(await storeViolations(async (text, params) => (await db.query(text, params)).rows)).toEqual([]);
}

/** Polls the runs table until `ready` holds, then kills the child; fails if the child ends first. */
async function killWhen(db: pg.Client, args: string[], ready: (run: RunRow) => boolean): Promise<RunRow> {
  const child = startCli(args);
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the run ended before it could be killed (exit ${child.exitCode}): ${stderr}`);
    const [run] = (await db.query<RunRow>(`select * from runs order by started_at desc limit 1`)).rows;
    if (run && ready(run)) {
      child.kill('SIGKILL');
      await exited;
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface RunRow {
  id: string;
  status: string;
  batches_done: number;
  batches_total: number | null;
  orders_applied: number;
  orders_total: number | null;
  plan_id: string | null;
}

describe('crash safety on the PostgreSQL server', () => {
  it('a failed run changes no line', async () => {
    const { db, args } = await pool();
    try {
      const before = await orders(db);
      const failed = await cli([...args, '--solver', 'acme/none']);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('E_PLUGIN_UNKNOWN');
      expect([...(await orders(db))].map(([id, o]) => [id, o.text])).toEqual([...before].map(([id, o]) => [id, o.text]));
      expect((await db.query('select status from runs')).rows).toEqual([{ status: 'failed' }]);
    } finally {
      await db.end();
    }
  });

  it('a run killed between batches changes no line, and the next run does the work', async () => {
    const { db, args } = await pool();
    try {
      const before = { orders: await orders(db) };
      const killed = await killWhen(db, args, (run) => run.status === 'running' && run.batches_done >= 1 && run.batches_done < run.batches_total!);
      expect([...(await orders(db))].map(([id, o]) => [id, o.text])).toEqual([...before.orders].map(([id, o]) => [id, o.text]));

      const next = await cli(args);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      const runs = (await db.query<RunRow>('select * from runs order by started_at')).rows;
      expect(runs.map((r) => [r.id === killed.id, r.status])).toEqual([[true, 'interrupted'], [false, 'applied']]);
      expect(runs[1]!.orders_applied).toBe(runs[1]!.orders_total);
      await expectInvariants(db);
    } finally {
      await db.end();
    }
  });

  it('a run killed while applying leaves each order applied in full or untouched, and the next run completes the work', async () => {
    const { db, args } = await pool();
    try {
      const before = { orders: await orders(db) };
      const killed = await killWhen(db, [...args, '--apply-group', '5'], (run) => run.status === 'applying' && run.orders_applied > 0 && run.orders_applied < run.orders_total!);

      const planned = (await db.query<{ order_id: string; outcome: string | null; selection: { lines: Array<{ lineId: string }> } }>(
        'select order_id, outcome, selection from plan_orders where plan_id = $1', [killed.plan_id],
      )).rows;
      const settled = planned.filter((p) => p.outcome !== null);
      const [progress] = (await db.query<RunRow>('select * from runs where id = $1', [killed.id])).rows;
      expect(settled.length).toBe(progress!.orders_applied);
      expect(settled.length).toBeGreaterThan(0);
      expect(settled.length).toBeLessThan(planned.length);
      const now = await orders(db);
      for (const p of planned) {
        const earlier = before.orders.get(p.order_id)!;
        const current = now.get(p.order_id)!;
        if (p.outcome === null) {
          expect(current.text, `order ${p.order_id} was not settled: it must be untouched`).toBe(earlier.text);
        } else {
          // Every selected line of an applied order was brokered: its version moved on.
          for (const { lineId } of p.selection.lines) {
            const line = current.order.lines.find((l) => l.id === lineId)!;
            expect(line.version, `line ${lineId} of applied order ${p.order_id}`).toBe(earlier.order.lines.find((l) => l.id === lineId)!.version + 1);
          }
        }
      }
      await expectInvariants(db);

      const next = await cli(args);
      expect(next.code).toBe(0);
      const [last] = (await db.query<RunRow>('select * from runs order by started_at desc limit 1')).rows;
      const selected = new Set((await db.query<{ order_id: string }>('select order_id from plan_orders where plan_id = $1', [last!.plan_id])).rows.map((r) => r.order_id));
      for (const p of planned.filter((o) => o.outcome === null)) expect(selected.has(p.order_id), `the next run takes up order ${p.order_id}`).toBe(true);
      expect(last!.status).toBe('applied');
      expect((await db.query('select status from runs where id = $1', [killed.id])).rows).toEqual([{ status: 'interrupted' }]);
      await expectInvariants(db);
    } finally {
      await db.end();
    }
  });
});

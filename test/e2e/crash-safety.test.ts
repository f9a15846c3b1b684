import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDataSource, pgliteStore, storedOrder, type SalesOrder } from '../../index.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { generateDataset, writeDataset } from '../../bench/generate-dataset.js';
import { pgliteHarness, postgresHarness } from '../adapters/store-harness.js';
import { storeViolations, type Query } from '../fixtures/store-invariants.js';
import { cli, progressReached, startCli } from './cli-process.js';

/**
 * Kills `opendom run` (SIGKILL) on the PostgreSQL server and on the embedded
 * store while its batches solve and while it applies, and checks that every
 * order is either applied in full or untouched, that the store's invariants
 * hold (test/fixtures/store-invariants.ts), and that the next run does the rest.
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

/** A fresh schema with the pool imported, a connection to watch it, and the CLI's arguments for a run on it. */
async function pool(): Promise<{ db: pg.Client; query: Query; args: string[] }> {
  const { db, query, target } = await harness.imported(dataset);
  return { db, query, args: ['run', '--profile', 'standard-ship', '--as-of', AS_OF, ...target] };
}

type Orders = Map<string, { text: string; order: SalesOrder }>;

async function orders(query: Query): Promise<Orders> {
  const rows = (await query('select id, record::text as text, record from sales_orders')) as Array<{ id: string; text: string; record: unknown }>;
  return new Map(rows.map((r) => [r.id, { text: r.text, order: storedOrder(r.record)! }]));
}

/** The store's invariants, recomputed from the raw tables, hold. */
async function expectInvariants(query: Query): Promise<void> {
  expect(await storeViolations(query)).toEqual([]);
}

/**
 * A plan whose apply was killed: some of its orders settled, some not; each
 * settled order has every line it selected moved on, each unsettled one is
 * exactly as before the run. Returns the unsettled orders.
 */
async function expectWholeOrUntouched(query: Query, planId: string, before: Orders): Promise<string[]> {
  const planned = (await query('select order_id, outcome, selection from plan_orders where plan_id = $1', [planId])) as Array<{ order_id: string; outcome: string | null; selection: { lines: Array<{ lineId: string }> } }>;
  const settled = planned.filter((p) => p.outcome !== null);
  expect(settled.length).toBeGreaterThan(0);
  expect(settled.length).toBeLessThan(planned.length);
  const now = await orders(query);
  for (const p of planned) {
    const earlier = before.get(p.order_id)!;
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
  return planned.filter((p) => p.outcome === null).map((p) => p.order_id);
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
    const { db, query, args } = await pool();
    try {
      const before = await orders(query);
      const failed = await cli([...args, '--solver', 'acme/none']);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('E_PLUGIN_UNKNOWN');
      expect([...(await orders(query))].map(([id, o]) => [id, o.text])).toEqual([...before].map(([id, o]) => [id, o.text]));
      expect((await db.query('select status from runs')).rows).toEqual([{ status: 'failed' }]);
    } finally {
      await db.end();
    }
  });

  it('a run killed between batches changes no line, and the next run does the work', async () => {
    const { db, query, args } = await pool();
    try {
      const before = await orders(query);
      const killed = await killWhen(db, args, (run) => run.status === 'running' && run.batches_done >= 1 && run.batches_done < run.batches_total!);
      expect([...(await orders(query))].map(([id, o]) => [id, o.text])).toEqual([...before].map(([id, o]) => [id, o.text]));

      const next = await cli(args);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      const runs = (await db.query<RunRow>('select * from runs order by started_at')).rows;
      expect(runs.map((r) => [r.id === killed.id, r.status])).toEqual([[true, 'interrupted'], [false, 'applied']]);
      expect(runs[1]!.orders_applied).toBe(runs[1]!.orders_total);
      await expectInvariants(query);
    } finally {
      await db.end();
    }
  });

  it('a run killed while applying leaves each order applied in full or untouched, and the next run completes the work', async () => {
    const { db, query, args } = await pool();
    try {
      const before = await orders(query);
      const killed = await killWhen(db, [...args, '--apply-group', '5'], (run) => run.status === 'applying' && run.orders_applied > 0 && run.orders_applied < run.orders_total!);
      const untouched = await expectWholeOrUntouched(query, killed.plan_id!, before);
      const [progress] = (await db.query<RunRow>('select * from runs where id = $1', [killed.id])).rows;
      const [settled] = (await db.query<{ n: number }>('select count(*)::int as n from plan_orders where plan_id = $1 and outcome is not null', [killed.plan_id])).rows;
      expect(settled!.n).toBe(progress!.orders_applied);
      await expectInvariants(query);

      const next = await cli(args);
      expect(next.code).toBe(0);
      const [last] = (await db.query<RunRow>('select * from runs order by started_at desc limit 1')).rows;
      const selected = new Set((await db.query<{ order_id: string }>('select order_id from plan_orders where plan_id = $1', [last!.plan_id])).rows.map((r) => r.order_id));
      for (const orderId of untouched) expect(selected.has(orderId), `the next run takes up order ${orderId}`).toBe(true);
      expect(last!.status).toBe('applied');
      expect((await db.query('select status from runs where id = $1', [killed.id])).rows).toEqual([{ status: 'interrupted' }]);
      await expectInvariants(query);
    } finally {
      await db.end();
    }
  });
});

describe('crash safety with a before-apply hook, on the PostgreSQL server', () => {
  // The hook vetoes orders whose id ends in 7 and holds every second line (ids ending -2).
  const vetoed = (orderId: string) => orderId.endsWith('7');
  const held = (lineId: string) => lineId.endsWith('-2');

  /**
   * Each order of the plan: a vetoed one and an unsettled one exactly as
   * before; an applied one has every selected line moved on but its held
   * ones, which are as they were. Returns the outcomes.
   */
  async function expectGated(query: Query, planId: string, before: Orders, allSettled: boolean): Promise<Array<{ order_id: string; outcome: string | null }>> {
    const planned = (await query('select order_id, outcome, selection from plan_orders where plan_id = $1', [planId])) as Array<{ order_id: string; outcome: string | null; selection: { lines: Array<{ lineId: string }> } }>;
    const now = await orders(query);
    for (const p of planned) {
      const earlier = before.get(p.order_id)!;
      const current = now.get(p.order_id)!;
      if (vetoed(p.order_id)) expect(p.outcome === null || p.outcome === 'vetoed', `order ${p.order_id}: ${p.outcome}`).toBe(true);
      else expect(p.outcome === 'applied' || (p.outcome === null && !allSettled), `order ${p.order_id}: ${p.outcome}`).toBe(true);
      if (p.outcome !== 'applied') {
        expect(current.text, `order ${p.order_id} (${p.outcome ?? 'not settled'}) must be untouched`).toBe(earlier.text);
        continue;
      }
      for (const { lineId } of p.selection.lines) {
        const was = earlier.order.lines.find((l) => l.id === lineId)!;
        const is = current.order.lines.find((l) => l.id === lineId)!;
        if (held(lineId)) expect(is, `held line ${lineId} of applied order ${p.order_id}`).toEqual(was);
        else expect(is.version, `line ${lineId} of applied order ${p.order_id}`).toBe(was.version + 1);
      }
    }
    return planned;
  }

  it('run --apply killed while applying, then two applies of its plan at once: vetoed orders and held lines stay as they were, every other order is whole or untouched, nothing oversold', async () => {
    const { db, query, args } = await pool();
    const target = args.slice(args.indexOf('--as-of') + 2);
    const config = join(tmp, 'gate.json');
    writeFileSync(config, JSON.stringify({ plugins: [join(import.meta.dirname, '../fixtures/gate-package/index.js')], applyHooks: [{ id: 'test/gate', options: { vetoEndings: ['7'], holdEndings: ['-2'] } }] }));
    try {
      const before = await orders(query);
      const killed = await killWhen(db, [...args, '--apply-group', '5', '--config', config], (run) => run.status === 'applying' && run.orders_applied > 0 && run.orders_applied < run.orders_total!);
      const partly = await expectGated(query, killed.plan_id!, before, false);
      expect(partly.some((p) => p.outcome === null)).toBe(true);
      await expectInvariants(query);

      const apply = () => cli(['apply', '--plan-id', killed.plan_id!, '--apply-group', '5', '--config', config, ...target]);
      const both = await Promise.all([apply(), apply()]);
      for (const r of both) expect(r.code === 0 || (r.code === 2 && r.stderr.includes('E_STORE_LOCKED')), r.stderr).toBe(true);
      expect(both.some((r) => r.code === 0)).toBe(true);
      const settled = await expectGated(query, killed.plan_id!, before, true);
      expect(settled.filter((p) => p.outcome === 'vetoed').length).toBe(settled.filter((p) => vetoed(p.order_id)).length);
      expect(settled.filter((p) => p.outcome === 'vetoed').length).toBeGreaterThan(0);
      expect(settled.some((p) => p.outcome === 'applied' && (p as unknown as { selection: { lines: Array<{ lineId: string }> } }).selection.lines.some((l) => held(l.lineId)))).toBe(true);
      await expectInvariants(query);
    } finally {
      await db.end();
    }
  });
});

describe('crash safety on the embedded store', () => {
  const embedded = pgliteHarness();
  beforeAll(() => embedded.setUp());
  afterAll(() => embedded.tearDown());

  /** Opens the store between two processes, for a look at its tables. */
  async function look<T>(directory: string, body: (query: Query) => Promise<T>): Promise<T> {
    const store = pgliteStore({ directory });
    try {
      const client = await store.client();
      return await body((text, params) => client.query(text, params));
    } finally {
      await store.close();
    }
  }

  it('run --apply killed (SIGKILL) between batches and while applying: each order applied in full or untouched, the next run completes the work', async () => {
    const store = await embedded.newStore();
    await importDataset(new FileDataSource(dataset), store);
    const before = await orders(async (text, params) => (await store.client()).query(text, params));
    await store.close();
    const args = ['run', '--profile', 'standard-ship', '--as-of', AS_OF, '--store', store.directory, '--apply-group', '5', '--progress', 'lines'];

    const solving = startCli(args);
    await progressReached(solving, 'batches', (done, total) => done >= 1 && done < total);
    solving.kill('SIGKILL');
    await once(solving, 'close');
    await look(store.directory, async (query) => {
      expect([...(await orders(query))].map(([id, o]) => [id, o.text])).toEqual([...before].map(([id, o]) => [id, o.text]));
      await expectInvariants(query);
    });

    const applying = startCli(args);
    await progressReached(applying, 'orders applied', (done, total) => done > 0 && done < total / 2);
    applying.kill('SIGKILL');
    await once(applying, 'close');
    const untouched = await look(store.directory, async (query) => {
      const [run] = (await query('select plan_id from runs order by started_at desc limit 1')) as [{ plan_id: string }];
      const left = await expectWholeOrUntouched(query, run.plan_id, before);
      await expectInvariants(query);
      return left;
    });

    const next = await cli(args);
    expect(next.code).toBe(0);
    await look(store.directory, async (query) => {
      const runs = (await query('select status, plan_id from runs order by started_at')) as Array<{ status: string; plan_id: string | null }>;
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'applied']);
      const selected = new Set(((await query('select order_id from plan_orders where plan_id = $1', [runs[2]!.plan_id])) as Array<{ order_id: string }>).map((r) => r.order_id));
      for (const orderId of untouched) expect(selected.has(orderId), `the next run takes up order ${orderId}`).toBe(true);
      await expectInvariants(query);
    });
  }, 180_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteStore, postgresStore } from '../../index.js';
import { applyPlan } from '../../adapters/sql/apply-plan.js';
import { openPostgres } from '../../adapters/sql/postgres.client.js';
import { generateDataset, writeDataset } from '../../bench/generate-dataset.js';
import { postgresHarness, TEST_DATABASE_URL } from '../adapters/store-harness.js';
import { storeViolations, type Query } from '../fixtures/store-invariants.js';
import { cli, collect, ROOT, startCli } from './cli-process.js';

/**
 * The store under concurrent use, with real processes: an inventory feed
 * re-sent between runs, an import while a run applies, two applies of one
 * plan at once, a clean-up while a plan is applied. After each, the
 * invariants recomputed from the raw tables hold (test/fixtures/store-invariants.ts).
 */

const harness = postgresHarness();
const AS_OF = '2026-11-20T00:00:00Z';
let tmp: string;
let pool: string;

beforeAll(async () => {
  await harness.setUp();
  tmp = mkdtempSync(join(tmpdir(), 'opendom-reliability-'));
  pool = join(tmp, 'pool');
  const generated = generateDataset({ orders: 1500, locations: 20, variants: 60, seed: 5, stock: 'scarce' });
  generated.profiles = generated.profiles.map((p) => ({ ...p, maxLinesPerOptimization: 300 }));
  writeDataset(pool, generated);
});
afterAll(async () => {
  await harness.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

const imported = () => harness.imported(pool);

const runArgs = (target: string[], ...extra: string[]) => ['run', '--profile', 'standard-ship', '--as-of', AS_OF, ...target, ...extra];

/**
 * Holds an order of the plan, half-way through it, locked in a transaction of
 * its own: an apply of the plan stops there until `release`, so that what
 * the test does meanwhile surely happens while the plan is being applied.
 */
async function holdHalfWay(schema: string, planId: string): Promise<{ orderId: string; release(): Promise<void> }> {
  const holder = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await holder.connect();
  const { rows } = await holder.query<{ order_id: string }>(
    'select order_id from plan_orders where plan_id = $1 order by position offset (select count(*) / 2 from plan_orders where plan_id = $1) limit 1', [planId],
  );
  await holder.query('begin');
  await holder.query('select 1 from sales_orders where id = $1 for update', [rows[0]!.order_id]);
  return { orderId: rows[0]!.order_id, release: async () => { await holder.query('commit'); await holder.end(); } };
}

/** Waits until some session of the database waits for a lock (the held order). */
async function blocked(query: Query): Promise<void> {
  for (;;) {
    const [row] = (await query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as Array<{ n: number }>;
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The plan of the first run started at or after `since`, once it is stored. */
async function planOfRunSince(query: Query, since: Date): Promise<string> {
  for (;;) {
    const [row] = (await query(`select plan_id from runs where started_at >= $1 order by started_at limit 1`, [since])) as Array<{ plan_id: string | null }>;
    if (row?.plan_id) return row.plan_id;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every order record, by id, as text (to compare stores). */
async function orderTexts(query: Query): Promise<Record<string, string>> {
  return Object.fromEntries((await query('select id, record::text as text from sales_orders order by id')).map((r) => [r.id, r.text]));
}

describe('the store under concurrent use', () => {
  it('import → run --apply → the same import → run --apply on the bundled example: zero over-allocation, the re-import changes nothing', async () => {
    const store = ['--store', join(tmp, 'example-store')];
    const example = join(ROOT, 'examples/retail');
    const first = await cli(['import', '--data', example, ...store, '--json']);
    expect(first.code).toBe(0);
    expect((await cli(['run', '--profile', 'standard-ship', '--apply', ...store])).code).toBe(0);
    const again = await cli(['import', '--data', example, ...store, '--json']);
    expect(again.code).toBe(0);
    for (const [name, counts] of Object.entries(JSON.parse(again.stdout).collections as Record<string, { inserted: number; updated: number }>)) {
      expect([name, counts.inserted, counts.updated]).toEqual([name, 0, 0]);
    }
    const second = await cli(['run', '--profile', 'standard-ship', '--apply', ...store]);
    expect(second.code).toBe(0);
    const embedded = pgliteStore({ directory: store[1]! });
    try {
      const client = await embedded.client();
      const query: Query = (text, params) => client.query(text, params);
      expect(await storeViolations(query)).toEqual([]);
      const [{ n }] = (await query(`select count(*)::int as n from allocations`)) as [{ n: number }];
      expect(n).toBeGreaterThan(1500);
    } finally {
      await embedded.close();
    }
  }, 180_000);

  it('an import of the same data while a run applies its plan loses no allocation: the store ends as without the import', async () => {
    const control = await imported();
    const { schema, db, query, target } = await imported();
    try {
      expect((await cli(runArgs(control.target, '--apply'))).code).toBe(0);
      const since = new Date();
      const running = startCli(runArgs(target, '--apply', '--apply-group', '3'));
      const ran = collect(running);
      const held = await holdHalfWay(schema, await planOfRunSince(query, since));
      await blocked(query);
      const importing = cli(['import', '--data', pool, ...target, '--json']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await held.release();
      const [imports, result] = await Promise.all([importing, ran]);
      expect([imports.code, result.code, result.stderr]).toEqual([0, 0, '']);
      for (const counts of Object.values(JSON.parse(imports.stdout).collections as Record<string, { inserted: number; updated: number }>)) expect([counts.inserted, counts.updated]).toEqual([0, 0]);
      expect(await storeViolations(query)).toEqual([]);
      const allocations = (q: Query) => q('select order_id, line_id, variant_id, location_id, quantity from allocations order by order_id, line_id');
      expect(await allocations(query)).toEqual(await allocations(control.query));
      expect(await orderTexts(query)).toEqual(await orderTexts(control.query));
    } finally {
      await Promise.all([db.end(), control.db.end()]);
    }
  }, 180_000);

  it('two applies of one plan at once, as processes or bypassing the plan lock, leave the store as one apply does', async () => {
    const once = await imported();
    const twice = await imported();
    const unlocked = await imported();
    try {
      expect((await cli(runArgs(once.target, '--no-apply'))).code).toBe(0);
      const source = postgresStore({ url: TEST_DATABASE_URL, schema: once.schema });
      const planId = (await source.listPlans())[0]!.planId;
      const plan = (await source.getPlan(planId))!;
      await source.close();
      for (const other of [twice, unlocked]) {
        const store = postgresStore({ url: TEST_DATABASE_URL, schema: other.schema });
        const run = await store.startRun('standard-ship', new Date());
        await store.savePlan(run.id, plan);
        await store.finishRun(run.id, { status: 'planned' }, new Date());
        await store.close();
      }

      expect((await cli(['apply', '--plan-id', planId, ...once.target])).code).toBe(0);
      const both = await Promise.all([cli(['apply', '--plan-id', planId, '--apply-group', '5', ...twice.target]), cli(['apply', '--plan-id', planId, '--apply-group', '5', ...twice.target])]);
      for (const r of both) expect(r.code === 0 || (r.code === 2 && r.stderr.includes('E_STORE_LOCKED') && r.stderr.includes('is being applied by another process')), r.stderr).toBe(true);
      expect(both.some((r) => r.code === 0)).toBe(true);

      const [a, b] = [await openPostgres({ url: TEST_DATABASE_URL, schema: unlocked.schema }), await openPostgres({ url: TEST_DATABASE_URL, schema: unlocked.schema })];
      try {
        const apply = (client: typeof a) => applyPlan(client, plan, { now: new Date(), groupSize: 7, maxAttempts: 3 });
        const reports = await Promise.all([apply(a), apply(b)]);
        expect(reports[0]!.outcomes.applied + reports[1]!.outcomes.applied).toBe(reports[0]!.orders - reports[0]!.outcomes.conflict - reports[1]!.outcomes.conflict - reports[0]!.outcomes['stock-changed'] - reports[1]!.outcomes['stock-changed'] - reports[0]!.outcomes['capacity-changed'] - reports[1]!.outcomes['capacity-changed'] - reports[0]!.outcomes['invalid-input'] - reports[1]!.outcomes['invalid-input']);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }

      const reference = await orderTexts(once.query);
      const outcomes = (q: Query) => q(`select order_id, outcome, detail from plan_orders order by order_id`);
      const allocations = (q: Query) => q('select order_id, line_id, variant_id, location_id, quantity from allocations order by order_id, line_id');
      for (const other of [twice, unlocked]) {
        expect(await orderTexts(other.query)).toEqual(reference);
        expect(await outcomes(other.query)).toEqual(await outcomes(once.query));
        expect(await allocations(other.query)).toEqual(await allocations(once.query));
        expect(await storeViolations(other.query)).toEqual([]);
      }
    } finally {
      await Promise.all([once.db.end(), twice.db.end(), unlocked.db.end()]);
    }
  }, 240_000);

  it('a clean-up while a plan is applied (apply --plan-id, and a run\'s own apply) deletes nothing of it', async () => {
    const { schema, db, query, target } = await imported();
    try {
      const parameters = (await query('select record from parameters')) as Array<{ record: object }>;
      await query('update parameters set record = $1::jsonb', [JSON.stringify({ ...parameters[0]!.record, planRetentionDays: 0, logRetentionDays: 0 })]);
      expect((await cli(runArgs(target, '--no-apply'))).code).toBe(0);
      const [{ id: planId, orders_total: total }] = (await query('select p.id, r.orders_total from plans p join runs r on r.id = p.run_id')) as [{ id: string; orders_total: number }];
      const logs = async (id: string) => ((await query('select count(*)::int as n from logs where plan_id = $1', [id])) as Array<{ n: number }>)[0]!.n;
      const planLogs = await logs(planId);
      expect(planLogs).toBeGreaterThan(0);

      let held = await holdHalfWay(schema, planId);
      const applied = cli(['apply', '--plan-id', planId, '--apply-group', '3', ...target]);
      await blocked(query);
      const during = await cli(['cleanup', ...target]);
      await held.release();
      expect(during.stdout).toMatch(/^Deleted 0 plan\(s\), /);
      expect((await applied).code).toBe(0);
      expect((await query('select count(*)::int as n from plan_orders where plan_id = $1 and outcome is not null', [planId]))[0]).toEqual({ n: total });
      expect(await logs(planId)).toBe(planLogs);

      const since = new Date();
      const running = startCli(runArgs(target, '--apply', '--apply-group', '3'));
      const ran = collect(running);
      held = await holdHalfWay(schema, await planOfRunSince(query, since));
      await blocked(query);
      expect((await cli(['cleanup', ...target])).stdout).toMatch(/^Deleted 1 plan\(s\), /);
      await held.release();
      expect((await ran).code).toBe(0);
      const [last] = (await query(`select id, plan_id, status from runs order by started_at desc limit 1`)) as Array<{ id: string; plan_id: string; status: string }>;
      expect(last!.status).toBe('applied');
      expect(await logs(last!.plan_id)).toBeGreaterThan(0);
      expect(await storeViolations(query)).toEqual([]);
      // Both are past their retention now that they are done: clean-up takes them.
      expect((await cli(['cleanup', ...target])).stdout).toMatch(/^Deleted 1 plan\(s\), [1-9]\d* log entr(y|ies) and 1 run\(s\)/);
    } finally {
      await db.end();
    }
  }, 240_000);
});

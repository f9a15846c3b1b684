/**
 * The store at scale: imports a dataset directory into a new embedded store
 * (or a PostgreSQL schema), then runs a profile on it with apply, timing each
 * phase: import, the engine's run, storing the plan, applying it.
 *
 *   npx tsx bench/generate-dataset.ts --out /tmp/big --orders 50000 --locations 200 --seed 7
 *   npx tsx bench/store-bench.ts --data /tmp/big --profile standard-ship [--database URL] [--threads 0-100]
 *
 * The store is made in a temporary directory (or schema) and removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, FileDataSource, pgliteStore, postgresStore, type SqlStore } from '../index.js';
import { importDataset } from '../adapters/import/import-dataset.js';

const { values } = parseArgs({
  options: { data: { type: 'string' }, profile: { type: 'string' }, database: { type: 'string' }, threads: { type: 'string' }, 'as-of': { type: 'string' } },
});
if (!values.data || !values.profile) throw new Error('usage: npx tsx bench/store-bench.ts --data DIR --profile ID [--database URL] [--threads 0-100] [--as-of ISO]');

const seconds = (start: number) => Math.round((performance.now() - start) / 100) / 10;
const dir = mkdtempSync(join(tmpdir(), 'opendom-store-bench-'));
const schema = `opendom_bench_${process.pid}`;
const store: SqlStore = values.database ? postgresStore({ url: values.database, schema }) : pgliteStore({ directory: join(dir, 'store') });

try {
  let start = performance.now();
  await store.client();
  const open = seconds(start);

  start = performance.now();
  const report = await importDataset(new FileDataSource(values.data), store);
  const importSeconds = seconds(start);
  const records = Object.values(report.collections).reduce((sum, c) => sum + c.read, 0);
  const orders = await store.read();
  const lines = orders.orders.reduce((sum, o) => sum + ((o.value as { lines: unknown[] }).lines.length), 0);

  start = performance.now();
  const again = await importDataset(new FileDataSource(values.data), store);
  const reimport = seconds(start);
  const unchanged = Object.values(again.collections).every((c) => c.inserted + c.updated === 0);

  if (values.threads) await store.upsert('parameters', [{ ...((await store.getRecord('parameters', '')) as object), threadUtilization: Number(values.threads) }]);
  const engine = await createEngine({ data: store });
  const asOf = values['as-of'] ? new Date(values['as-of']) : new Date('2026-11-20T00:00:00Z');
  const run = await store.startRun(values.profile, new Date());
  start = performance.now();
  const plan = await engine.run({ profileId: values.profile, asOf });
  const runSeconds = seconds(start);
  start = performance.now();
  await store.savePlan(run.id, plan);
  const saveSeconds = seconds(start);
  start = performance.now();
  const applied = await store.applyPlan(plan, { now: new Date(), runId: run.id });
  const applySeconds = seconds(start);
  await store.finishRun(run.id, { status: 'applied' }, new Date());

  console.log(JSON.stringify({
    driver: values.database ? 'postgres' : 'pglite',
    records,
    lines,
    openSeconds: open,
    importSeconds,
    importRecordsPerSecond: Math.round(records / importSeconds),
    importLinesPerSecond: Math.round(lines / importSeconds),
    reimportSeconds: reimport,
    reimportUnchanged: unchanged,
    run: { lines: plan.totals.lines, batches: plan.batches.length, seconds: runSeconds, stages: plan.timings },
    savePlanSeconds: saveSeconds,
    apply: { seconds: applySeconds, orders: applied.orders, outcomes: applied.outcomes },
  }, null, 2));
} finally {
  await store.close();
  if (values.database) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: values.database });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
}

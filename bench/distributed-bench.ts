/**
 * Distributed runs measured (docs/performance.md, "Distributed runs"): the
 * benchmark's dataset of a size imported into a PostgreSQL schema, then run
 * by `opendom run` in-process and with `--distributed` on 1, 2, … worker
 * processes on this machine (each pinned to a core with taskset, round
 * robin, where taskset exists), one after the other. Prints, per way: wall
 * time, lines per second, the plan's cost and units; from the workers' logs,
 * how long each claim held the run's lock (median) and the orders planned
 * again at their claim; and
 * the queue's round trip per job (a job whose batch is done, on one worker).
 *
 *   npx tsx bench/distributed-bench.ts [--size XL] [--stock ample] [--workers 1,2,3] [--database URL] [--redis URL]
 *
 * With OPENDOM_BENCH_LOGS=DIR the workers' logs are written there (workers-N.log).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { FileDataSource, postgresStore } from '../index.js';
import { importDataset } from '../adapters/import/import-dataset.js';
import { batchQueue } from '../adapters/distributed/batch-queue.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import { writeDataset } from './generate-dataset.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'XL' },
    stock: { type: 'string', default: 'ample' },
    workers: { type: 'string', default: '1,2,3' },
    database: { type: 'string', default: process.env.OPENDOM_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    redis: { type: 'string', default: process.env.OPENDOM_REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const size = BENCH_SIZES.find((s) => s.name === values.size);
if (!size || (values.stock !== 'ample' && values.stock !== 'scarce')) throw new Error('usage: --size S|M|L|XL --stock ample|scarce --workers 1,2,3');
const ROOT = resolve(import.meta.dirname, '..');
const AS_OF = '2026-11-20T00:00:00Z';
const schema = `opendom_dist_bench_${process.pid}`;
const prefix = `opendom-bench-${process.pid}`;
const target = ['--database', values.database, '--schema', schema];
const canPin = spawnSync('taskset', ['--version']).status === 0;

/** Runs the CLI; resolves with its output and wall time. */
function cli(args: string[], core?: number): ChildProcess {
  const [command, argv] = canPin && core !== undefined ? ['taskset', ['-c', String(core), process.execPath]] : [process.execPath, []];
  return spawn(command, [...argv, '--import', 'tsx', 'adapters/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finished(child: ChildProcess): Promise<{ out: string; ms: number }> {
  const started = performance.now();
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`exit ${code}: ${out.slice(-2000)}`);
  return { out, ms: performance.now() - started };
}

function planFigures(out: string): { cost: number; units: number } {
  const cost = /Total cost\s+([\d,]+)/.exec(out);
  const units = /Units fulfilled\s+([\d,]+)/.exec(out);
  const n = (m: RegExpExecArray | null) => Number(m![1]!.replace(/,/g, ''));
  return { cost: n(cost), units: n(units) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'opendom-dist-bench-'));
const rows: string[] = [];
try {
  const dataset = benchDataset(size, values.stock);
  writeDataset(dir, dataset);
  const store = postgresStore({ url: values.database, schema });
  let started = performance.now();
  await importDataset(new FileDataSource(dir), store);
  await store.close();
  console.log(`${size.name} ${values.stock}: imported into ${schema} in ${Math.round(performance.now() - started) / 1000} s; ${availableParallelism()} cores; pinning ${canPin ? 'with taskset' : 'not available'}`);

  const local = await finished(cli(['run', '--profile', BENCH_PROFILE, '--no-apply', ...target, '--as-of', AS_OF]));
  const base = planFigures(local.out);
  const lines = size.lines;
  const row = (way: string, ms: number, figures: { cost: number; units: number }, extra: string) =>
    rows.push(`| ${way} | ${(ms / 1000).toFixed(1)} | ${Math.round(lines / (ms / 1000))} | ${figures.cost.toLocaleString('en-US')} (${(((figures.cost - base.cost) / base.cost) * 100).toFixed(2)} %) | ${figures.units.toLocaleString('en-US')} | ${extra} |`);
  row('in-process (threadUtilization as the dataset says)', local.ms, base, '—');
  console.log(rows.at(-1));

  let lastRun = '';
  for (const count of values.workers.split(',').map(Number)) {
    const queue = `${prefix}-${count}`;
    const workers = Array.from({ length: count }, (_, i) => cli(['worker', ...target, '--redis', values.redis, '--queue-prefix', queue], i % availableParallelism()));
    const logs = workers.map(() => ({ out: '' }));
    workers.forEach((w, i) => w.stdout!.on('data', (d) => (logs[i]!.out += String(d))));
    for (const log of logs) while (!/ready/.test(log.out)) await new Promise((r) => setTimeout(r, 100));
    const run = await finished(cli(['run', '--profile', BENCH_PROFILE, '--no-apply', ...target, '--as-of', AS_OF, '--distributed', '--redis', values.redis, '--queue-prefix', queue]));
    lastRun = /Run (\S+):/.exec(run.out)![1]!;
    const all = logs.map((l) => l.out).join('');
    const claims = [...all.matchAll(/committed \(\d+ ms, the run's lock held (\d+) ms(?:, (\d+) orders? planned again)?\)/g)];
    const again = claims.filter((m) => m[2] !== undefined);
    const replanned = again.reduce((sum, m) => sum + Number(m[2]), 0);
    row(`distributed, ${count} worker${count === 1 ? '' : 's'}`, run.ms, planFigures(run.out), `lock held ${median(claims.map((m) => Number(m[1])))} ms (median) per claim over ${claims.length} batches; ${again.length} batches had ${replanned} orders planned again`);
    console.log(rows.at(-1));

    if (count === 1) {
      // The queue's round trip: jobs of batches already done, each answered after the worker's check in the store.
      const q = batchQueue({ redis: values.redis, prefix: queue });
      const jobs = 200;
      started = performance.now();
      await q.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: 'batch', data: { runId: lastRun, batch: i % 10 }, opts: { jobId: `round-trip.${i}` } })));
      while ((await q.getJobCounts('completed')).completed! < jobs) await new Promise((r) => setTimeout(r, 20));
      console.log(`queue round trip, one worker, ${jobs} jobs of done batches: ${((performance.now() - started) / jobs).toFixed(2)} ms per job`);
      await q.obliterate({ force: true });
      await q.close();
    }
    if (process.env.OPENDOM_BENCH_LOGS) writeFileSync(join(process.env.OPENDOM_BENCH_LOGS, `workers-${count}.log`), logs.map((l, i) => `# worker ${i}\n${l.out}`).join('\n'));
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => w.once('close', r))));
    const q = batchQueue({ redis: values.redis, prefix: queue });
    await q.obliterate({ force: true });
    await q.close();
  }
  console.log(`\n| way | wall s | lines/s | cost (vs in-process) | units | coordination |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: values.database });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

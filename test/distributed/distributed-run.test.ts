import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresHarness, type ImportedSchema } from '../adapters/store-harness.js';
import { checkDistributedPlan, contentionDataset, Proc, requireRedis, startWorker, TEST_REDIS_URL } from './distributed-harness.js';
import { postgresStore } from '../../index.js';
import { TEST_DATABASE_URL } from '../adapters/store-harness.js';

/**
 * Distributed runs on the real servers (docs/scale-out.md): worker
 * processes on loopback take a run's batches from a BullMQ queue on Redis
 * and claim stock and order slots in PostgreSQL, each test in a schema and
 * a queue prefix of its own.
 */
const harness = postgresHarness();
const prefix = `opendom-test-${process.pid}-${Date.now().toString(36)}`;
const dirs: string[] = [];
const procs: Proc[] = [];

beforeAll(async () => {
  await harness.setUp();
  await requireRedis();
});

afterAll(async () => {
  for (const p of procs) p.kill();
  await harness.tearDown();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function imported(orders: number, seed: number): Promise<ImportedSchema> {
  const dir = contentionDataset(orders, seed);
  dirs.push(dir);
  return harness.imported(dir);
}

function track<T extends { proc: Proc } | Proc>(started: T): T {
  procs.push('proc' in started ? started.proc : started);
  return started;
}

describe('a distributed run', () => {
  it('plans 50,000 contended lines on three workers, one killed mid-batch, without over-assigning', { timeout: 600_000 }, async () => {
    const schema = await imported(29_500, 5);
    const queue = `${prefix}-three`;
    const workers = await Promise.all([0, 1, 2].map(() => startWorker(schema, TEST_REDIS_URL, queue).then(track)));
    const coordinator = track(Proc.start(['run', '--profile', 'standard-ship', '--no-apply', ...schema.target, '--distributed', '--redis', TEST_REDIS_URL, '--queue-prefix', queue, '--progress', 'lines']));
    await coordinator.waitFor(/^batches [2-9]\/\d+$/m, 300_000);
    // Killed as soon as it starts a batch: that job is then locked to a dead worker.
    const victim = workers[0]!;
    const [, killedRun, killedBatch] = await victim.proc.waitFor(/run (\S+) batch (\d+): solving/, 120_000, victim.proc.stdout.length);
    victim.proc.kill('SIGKILL');
    expect(await coordinator.exited, coordinator.stderr.slice(-3000)).toBe(0);

    const runId = killedRun!;
    const store = postgresStore({ url: TEST_DATABASE_URL, schema: schema.schema });
    try {
      const result = await checkDistributedPlan(schema, store, runId);
      expect(result.unitsFulfilled).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    const batches = await schema.query('select batch, status, worker from distributed_batches where run_id = $1 order by batch', [runId]);
    const [{ batches: total }] = (await schema.query('select batches from distributed_runs where run_id = $1', [runId])) as Array<{ batches: number }>;
    expect(total).toBeGreaterThanOrEqual(30);
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(batches.every((b) => b.status === 'committed')).toBe(true);
    // The killed worker's batch was taken over once its lock expired.
    const taken = batches.find((b) => b.batch === Number(killedBatch))!;
    expect(taken.worker).not.toBe(victim.id);
    expect(new Set(batches.map((b) => b.worker)).size).toBeGreaterThanOrEqual(2);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, ROOT } from '../e2e/cli-process.js';
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

async function imported(orders: number, seed: number, change?: Parameters<typeof contentionDataset>[2]): Promise<ImportedSchema> {
  const dir = contentionDataset(orders, seed, change);
  dirs.push(dir);
  return harness.imported(dir);
}

/** `opendom run --distributed` of the standard profile, plan only, reporting each batch done. */
function startCoordinator(schema: ImportedSchema, redis: string, queue: string): Proc {
  return track(Proc.start(['run', '--profile', 'standard-ship', '--no-apply', ...schema.target, '--distributed', '--redis', redis, '--queue-prefix', queue, '--progress', 'lines']));
}

/** The invariants of a distributed run's plan (checkDistributedPlan), on a store of its own. */
async function checkPlanOf(schema: ImportedSchema, runId: string): ReturnType<typeof checkDistributedPlan> {
  const store = postgresStore({ url: TEST_DATABASE_URL, schema: schema.schema });
  try {
    return await checkDistributedPlan(schema, store, runId);
  } finally {
    await store.close();
  }
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
    const coordinator = startCoordinator(schema, TEST_REDIS_URL, queue);
    await coordinator.waitFor(/^batches [2-9]\/\d+$/m, 300_000);
    // Killed as soon as it starts a batch: that job is then locked to a dead worker.
    const victim = workers[0]!;
    const [, killedRun, killedBatch] = await victim.proc.waitFor(/run (\S+) batch (\d+): solving/, 120_000, victim.proc.stdout.length);
    victim.proc.kill('SIGKILL');
    expect(await coordinator.exited, coordinator.stderr.slice(-3000)).toBe(0);

    const runId = killedRun!;
    const { planId, unitsFulfilled } = await checkPlanOf(schema, runId);
    expect(unitsFulfilled).toBeGreaterThan(0);
    // The contention is real: some batches' claims found orders that no longer fitted, and planned them again.
    const replanned = await schema.query(`select count(*)::int as n from logs where plan_id = $1 and message like '%planned again at its claim%'`, [planId]);
    expect(replanned[0]!.n).toBeGreaterThan(0);
    const batches = await schema.query('select batch, status, worker from distributed_batches where run_id = $1 order by batch', [runId]);
    const total = (await schema.query('select batches from distributed_runs where run_id = $1', [runId]))[0]!.batches as number;
    expect(total).toBeGreaterThanOrEqual(30);
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(batches.every((b) => b.status === 'committed')).toBe(true);
    // The killed worker's batch was taken over once its lock expired.
    const taken = batches.find((b) => b.batch === Number(killedBatch))!;
    expect(taken.worker).not.toBe(victim.id);
    expect(new Set(batches.map((b) => b.worker)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('faults around a distributed run', () => {
  it('a coordinator killed mid-run is taken over by run --resume, and the plan is whole', { timeout: 300_000 }, async () => {
    const schema = await imported(8_000, 6);
    const queue = `${prefix}-resume`;
    await Promise.all([0, 1].map(() => startWorker(schema, TEST_REDIS_URL, queue).then(track)));
    const coordinator = startCoordinator(schema, TEST_REDIS_URL, queue);
    await coordinator.waitFor(/^batches [1-9]\/\d+$/m, 120_000);
    coordinator.kill('SIGKILL');
    await coordinator.exited;
    const [running] = await schema.query(`select id, status from runs where status = 'running'`);
    expect(running).toBeDefined();

    const resumed = track(Proc.start(['run', '--resume', running!.id as string, ...schema.target, '--redis', TEST_REDIS_URL, '--queue-prefix', queue]));
    expect(await resumed.exited, resumed.stderr.slice(-3000)).toBe(0);
    expect(resumed.stdout).toContain(`Run ${running!.id}: planned`);
    await checkPlanOf(schema, running!.id as string);
    // A run that is over is not resumed again.
    const again = track(Proc.start(['run', '--resume', running!.id as string, ...schema.target, '--redis', TEST_REDIS_URL, '--queue-prefix', queue]));
    expect(await again.exited).toBe(2);
    expect(again.stderr).toContain(`run ${running!.id} is planned: only a run left running can be resumed`);
  });

  it('Redis restarting mid-run empty: the missing jobs are enqueued again and the run completes, each batch once', { timeout: 300_000 }, async () => {
    const port = 16_379 + (process.pid % 1000);
    const redis = `redis://127.0.0.1:${port}`;
    const startRedis = async () => {
      const server = track(new Proc(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })));
      await server.waitFor(/Ready to accept connections/, 20_000);
      return server;
    };
    let server = await startRedis();
    const schema = await imported(8_000, 7);
    const queue = `${prefix}-restart`;
    await Promise.all([0, 1].map(() => startWorker(schema, redis, queue).then(track)));
    const coordinator = startCoordinator(schema, redis, queue);
    await coordinator.waitFor(/^batches [1-9]\/\d+$/m, 120_000);
    server.kill('SIGKILL');
    await server.exited;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    server = await startRedis();
    expect(await coordinator.exited, coordinator.stderr.slice(-3000)).toBe(0);
    expect(coordinator.stdout).toMatch(/Run \S+: planned/);
    const [run] = await schema.query(`select id from runs`);
    await checkPlanOf(schema, run!.id as string);
    const log = await schema.query(`select count(*)::int as n from logs where message like '%enqueued again%'`);
    expect(log[0]!.n).toBeGreaterThanOrEqual(1);
    server.kill('SIGKILL');
  });
});

describe('a batch that fails for a reason in its data', () => {
  it('ends its orders as batch-failed exceptions with the reason, once, and the rest of the run stands', { timeout: 300_000 }, async () => {
    let failOrderId = '';
    const schema = await imported(3_000, 8, (dataset) => {
      const standard = dataset.orders.filter((o) => ['web', 'callcenter', 'marketplace'].includes(o.salesOrigin ?? '') && o.lines.some((l) => l.modeOfDelivery === 'standard'));
      failOrderId = standard[Math.floor(standard.length / 2)]!.id;
      dataset.rules.push({ id: 'rule-acme-fragile', type: 'acme/fragile', description: 'fragile', hardConstraint: true, scope: {}, options: { failOrderId } });
      dataset.profiles.find((p) => p.id === 'standard-ship')!.ruleIds.push('rule-acme-fragile');
    });
    const work = mkdtempSync(join(tmpdir(), 'opendom-fragile-'));
    dirs.push(work);
    const config = join(work, 'opendom.config.json');
    writeFileSync(config, JSON.stringify({ plugins: [resolve(ROOT, 'test/fixtures/fragile-package')] }));
    const queue = `${prefix}-fragile`;
    const worker = await startWorker(schema, TEST_REDIS_URL, queue, ['--config', config]).then(track);
    const coordinator = track(Proc.start(['run', '--config', config, '--profile', 'standard-ship', '--no-apply', ...schema.target, '--distributed', '--redis', TEST_REDIS_URL, '--queue-prefix', queue]));
    expect(await coordinator.exited, coordinator.stderr.slice(-3000)).toBe(0);

    const [run] = await schema.query('select id, plan_id, status from runs');
    expect(run!.status).toBe('planned');
    const batches = await schema.query('select batch, status, attempts from distributed_batches where run_id = $1 order by batch', [run!.id]);
    const failed = batches.filter((b) => b.status === 'failed');
    expect(failed).toEqual([{ batch: expect.any(Number), status: 'failed', attempts: 1 }]);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(worker.proc.stdout.match(new RegExp(`batch ${failed[0]!.batch}: solving`, 'g'))).toHaveLength(1);

    type Header = { batches: Array<{ index: number; lines: number }>; exceptions: Array<{ orderId: string; lineId: string; exceptionType: string; reason: string }> };
    const header = (await schema.query('select header from plans where id = $1', [run!.plan_id]))[0]!.header as Header;
    const batchFailed = header.exceptions.filter((e) => e.exceptionType === 'batch-failed');
    expect(batchFailed.length).toBe(header.batches.find((b) => b.index === failed[0]!.batch)!.lines);
    expect(batchFailed.map((e) => e.orderId)).toContain(failOrderId);
    expect(new Set(batchFailed.map((e) => e.reason))).toEqual(new Set([`batch ${failed[0]!.batch} could not be solved: order ${failOrderId} has a malformed acme attribute`]));
    // Every other batch's lines are planned.
    const planned = await schema.query('select count(*)::int as n from plan_lines where plan_id = $1', [run!.plan_id]);
    expect((planned[0]!.n as number) + batchFailed.length).toBe(header.batches.reduce((sum, b) => sum + b.lines, 0));
    // The pool guide meets the same order: the batches are planned unguided, and the log says so once.
    const guideLog = await schema.query(`select level, message from logs where plan_id = $1 and message like 'pool guide%'`, [run!.plan_id]);
    expect(guideLog.map((l) => l.level)).toEqual(['info', 'warn']);
    expect(guideLog[1]!.message).toBe(`pool guide not used: order ${failOrderId} has a malformed acme attribute; the batches are planned in arrival order`);
  });
});

describe('the service with --redis', () => {
  it('solves its runs on the workers, shows the queue and the live workers in /api/workers and /metrics, and never prints a password', { timeout: 300_000 }, async () => {
    const schema = await imported(2_000, 9);
    const queue = `${prefix}-serve`;
    const redis = TEST_REDIS_URL.replace('redis://', 'redis://:s3cret-redis@');
    const target = ['--database', TEST_DATABASE_URL.replace('postgres://postgres@', 'postgres://postgres:s3cret-pg@'), '--schema', schema.schema];
    const key = (await cli(['keys', 'create', '--role', 'admin', ...target])).stdout.trim();
    const worker = track(Proc.start(['worker', ...target, '--redis', redis, '--queue-prefix', queue, '--lock-seconds', '4']));
    const [, workerId] = await worker.waitFor(/worker (\S+) ready/);
    const serve = track(Proc.start(['serve', ...target, '--redis', redis, '--queue-prefix', queue, '--port', '0']));
    const [, url] = await serve.waitFor(/OpenDOM serving at (http:\/\/[^"]+)"/);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, body: path === '/metrics' ? await response.text() : await response.json() };
    };

    const started = await api('POST', '/api/runs', { profileId: 'standard-ship', apply: false });
    expect(started.status).toBe(202);
    let run = started.body as { id: string; status: string; batchesTotal: number | null };
    for (const deadline = Date.now() + 120_000; run.status === 'running' && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = (await api('GET', `/api/runs/${run.id}`)).body;
    }
    expect(run.status).toBe('planned');
    await checkPlanOf(schema, run.id);
    expect(worker.stdout).toContain(`run ${run.id} batch 0: committed`);

    type Status = { queue: { name: string; redis: string; jobs: Record<string, number> }; workers: Array<{ id: string }> };
    // A batch is done once it is committed in the store; its job is marked completed in Redis a moment later.
    let status = (await api('GET', '/api/workers')).body as Status;
    for (const deadline = Date.now() + 10_000; status.queue.jobs.completed !== run.batchesTotal && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await api('GET', '/api/workers')).body as Status;
    }
    expect(status.queue.name).toBe(`${queue}:batches`);
    expect(status.queue.redis).toBe(TEST_REDIS_URL.replace('redis://', 'redis://:***@'));
    expect(status.queue.jobs.completed).toBe(run.batchesTotal);
    expect(status.queue.jobs.waiting! + status.queue.jobs.active!).toBe(0);
    expect(status.workers.map((w) => w.id)).toEqual([workerId]);
    const metrics = (await api('GET', '/metrics')).body as string;
    expect(metrics).toContain('opendom_workers_live 1');
    expect(metrics).toContain(`opendom_queue_jobs{state="completed"} ${run.batchesTotal}`);
    expect(metrics).toMatch(new RegExp(`opendom_worker_heartbeat_age_seconds\\{worker="${workerId}",host="[^"]+"\\} \\d`));

    const listed = await cli(['workers', ...target]);
    expect(listed.stdout).toContain(workerId!);
    worker.kill('SIGTERM');
    serve.kill('SIGTERM');
    await Promise.all([worker.exited, serve.exited]);
    expect((await cli(['workers', ...target])).stdout).toBe('No live workers.\n');
    for (const output of [worker.stdout, worker.stderr, serve.stdout, serve.stderr, listed.stdout, listed.stderr]) expect(output).not.toContain('s3cret');
  });

  it('a service killed while it coordinates a run: the next service started takes the run over and completes it', { timeout: 300_000 }, async () => {
    const schema = await imported(8_000, 10);
    const queue = `${prefix}-serve-resume`;
    const key = (await cli(['keys', 'create', '--role', 'admin', ...schema.target])).stdout.trim();
    await Promise.all([0, 1].map(() => startWorker(schema, TEST_REDIS_URL, queue).then(track)));
    const serve = async () => {
      const proc = track(Proc.start(['serve', ...schema.target, '--redis', TEST_REDIS_URL, '--queue-prefix', queue, '--port', '0']));
      const [, url] = await proc.waitFor(/OpenDOM serving at (http:\/\/[^"]+)"/);
      const call = async (method: string, path: string, body?: unknown) =>
        (await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) })).json();
      return { proc, call };
    };
    const first = await serve();
    const started = await first.call('POST', '/api/runs', { profileId: 'standard-ship', apply: false });
    for (let run = started; run.batchesDone === null || run.batchesDone < 1;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = await first.call('GET', `/api/runs/${started.id}`);
    }
    first.proc.kill('SIGKILL');
    await first.proc.exited;

    const second = await serve();
    await second.proc.waitFor(/resumed a distributed run whose coordinator had stopped/, 60_000);
    let run = await second.call('GET', `/api/runs/${started.id}`);
    for (const deadline = Date.now() + 180_000; run.status === 'running' && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = await second.call('GET', `/api/runs/${started.id}`);
    }
    expect(run.status).toBe('planned');
    await checkPlanOf(schema, started.id);
    second.proc.kill('SIGTERM');
    await second.proc.exited;
  });
});

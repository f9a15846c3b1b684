import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteStore, postgresStore, type SqlStore } from '../../index.js';
import { generateDataset, writeDataset } from '../../bench/generate-dataset.js';
import { startCli } from '../e2e/cli-process.js';
import { storeViolations } from '../fixtures/store-invariants.js';
import { call, serviceHarness, type Prepared, type StoreKind } from './service-harness.js';

/**
 * `opendom serve` as real processes: two of them sharing one PostgreSQL
 * database never run a profile twice at once, whatever their schedules;
 * SIGTERM while a run plans cancels it and changes no line, SIGTERM while
 * it applies lets it finish; either way the store's invariants hold and the
 * next run completes the work.
 */

const AS_OF = '2026-11-20T00:00:00Z';
let tmp: string;
let pool: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'opendom-serve-'));
  pool = join(tmp, 'pool');
  const generated = generateDataset({ orders: 1500, locations: 20, variants: 60, seed: 3 });
  // Many small batches, so a run plans for a while; auto-apply.
  generated.profiles = generated.profiles.map((p) => ({ ...p, autoApply: true, maxLinesPerOptimization: 40 }));
  writeDataset(pool, generated);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Served {
  child: ChildProcess;
  url: string;
  /** The process's log lines so far. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts `opendom serve` on a prepared store, on any free port; resolves once it listens. */
async function serve(prepared: Prepared, extra: string[] = []): Promise<Served> {
  const target = 'directory' in prepared.store ? ['--store', prepared.store.directory] : ['--database', prepared.store.url, '--schema', prepared.store.schema!];
  const child = startCli(['serve', ...target, '--port', '0', ...extra]);
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string' && String(entry.msg).startsWith('OpenDOM serving at')) resolve(entry.url);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url, logs, exited };
}

async function look<T>(prepared: Prepared, body: (store: SqlStore) => Promise<T>): Promise<T> {
  const store = 'directory' in prepared.store ? pgliteStore(prepared.store) : postgresStore(prepared.store);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

async function violations(prepared: Prepared): Promise<string[]> {
  return look(prepared, async (store) => {
    const client = await store.client();
    return storeViolations((text, params) => client.query(text, params));
  });
}

/** Every stored order as its text: what a run that changes no line leaves as it was. */
async function orders(prepared: Prepared): Promise<Map<string, string>> {
  const rows = await look(prepared, async (store) => (await store.client()).query<{ id: string; text: string }>('select id, record::text as text from sales_orders'));
  return new Map(rows.map((r) => [r.id, r.text]));
}

async function runStatus(url: string, key: string, runId: string): Promise<any> {
  return (await call(url, 'GET', `/api/runs/${runId}`, { key })).body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe('two serve processes on one PostgreSQL database', () => {
  const harness = serviceHarness('postgres');
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('run a scheduled profile once per tick and never twice at once; a tick that finds a run under way is logged and skipped', async () => {
    const prepared = await harness.prepare(pool);
    await look(prepared, async (store) => {
      const profile = (await store.getRecord('profiles', 'standard-ship')) as Record<string, unknown>;
      // Every 2 s; a run of this pool takes longer, so ticks meet runs under way.
      await store.upsert('profiles', [{ ...profile, autoApply: false, schedule: { cron: '*/2 * * * * *', timeZone: 'Europe/Paris' } }]);
    });
    const [a, b] = await Promise.all([serve(prepared), serve(prepared)]);
    try {
      const { body } = await call(a.url, 'GET', '/api/schedules', { key: prepared.keys.read });
      expect(body.schedules).toEqual([expect.objectContaining({ kind: 'run', profileId: 'standard-ship', cron: '*/2 * * * * *', timeZone: 'Europe/Paris', nextDue: expect.any(String) })]);
      await new Promise((r) => setTimeout(r, 16_000));
    } finally {
      for (const s of [a, b]) s.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
    }
    const runs = await look(prepared, async (store) => (await store.client()).query<{ id: string; status: string; started_at: Date; finished_at: Date | null; scheduled_for: Date | null }>(
      `select id, status, started_at, finished_at, scheduled_for from runs where profile_id = 'standard-ship' order by started_at`,
    ));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.scheduled_for, `run ${run.id} came from a tick`).not.toBeNull();
    expect(new Set(runs.map((r) => r.scheduled_for!.toISOString())).size).toBe(runs.length);
    // Every run ended, the last one too: shutdown waits for a tick that is starting a run, and cancels it.
    for (const run of runs) expect(run.finished_at, `run ${run.id} ended`).not.toBeNull();
    for (let i = 1; i < runs.length; i++) {
      const previous = runs[i - 1]!;
      expect(runs[i]!.started_at.getTime(), `run ${runs[i]!.id} started after run ${previous.id} ended`).toBeGreaterThanOrEqual(previous.finished_at!.getTime());
    }
    const ticks = [...a.logs, ...b.logs].filter((l) => l.kind === 'run' && l.profileId === 'standard-ship');
    expect(ticks.filter((t) => t.outcome === 'started').length).toBe(runs.length);
    expect(ticks.filter((t) => t.outcome === 'skipped').length).toBeGreaterThan(0);
    expect(ticks.filter((t) => t.outcome === 'failed')).toEqual([]);
  });
});

describe.each<StoreKind>(['postgres', 'pglite'])('SIGTERM to serve on %s', (kind) => {
  const harness = serviceHarness(kind);
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('while a run plans: the run is cancelled, no line changes, the process exits 0; the next run completes the work', async () => {
    const prepared = await harness.prepare(pool);
    const ordersBefore = await orders(prepared);
    const first = await serve(prepared);
    const started = await call(first.url, 'POST', '/api/runs', { key: prepared.keys.operate, body: { profileId: 'standard-ship', asOf: AS_OF } });
    expect(started.status).toBe(202);
    // Signalled as soon as planning is seen under way: the recorded progress
    // lags the run on a busy machine, and a run past planning is not cancelled.
    const planning = await until('a batch solved', async () => {
      const run = await runStatus(first.url, prepared.keys.read, started.body.id);
      return run.batchesDone >= 1 ? run : undefined;
    }, 120_000, 10);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.logs.some((l) => l.msg === 'stopped')).toBe(true);

    const cancelled = await look(prepared, (store) => store.getRun(started.body.id));
    expect(cancelled, `signalled at ${planning.batchesDone} of ${planning.batchesTotal} batches`).toMatchObject({ status: 'failed', error: expect.stringContaining('cancelled') });
    expect(await orders(prepared)).toEqual(ordersBefore);
    expect(await violations(prepared)).toEqual([]);

    const second = await serve(prepared);
    try {
      const again = await call(second.url, 'POST', '/api/runs', { key: prepared.keys.operate, body: { profileId: 'standard-ship', asOf: AS_OF } });
      const done = await until('the second run', async () => {
        const run = await runStatus(second.url, prepared.keys.read, again.body.id);
        return run.status === 'running' || run.status === 'applying' ? undefined : run;
      }, 300_000, 200);
      expect(done.status).toBe('applied');
      expect(done.ordersApplied).toBe(done.ordersTotal);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(await violations(prepared)).toEqual([]);
  });

  it('while a run applies: the apply finishes before the process exits, every order whole', async () => {
    const prepared = await harness.prepare(pool);
    const served = await serve(prepared, ['--apply-group', '5']);
    const started = await call(served.url, 'POST', '/api/runs', { key: prepared.keys.operate, body: { profileId: 'standard-ship', asOf: AS_OF } });
    await until('applying', async () => {
      const run = await runStatus(served.url, prepared.keys.read, started.body.id);
      if (run.status === 'applied' || run.status === 'failed') throw new Error(`the run ended (${run.status}) before it was seen applying`);
      return run.status === 'applying' && run.ordersApplied > 0 ? run : undefined;
    }, 300_000, 20);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    const run = await look(prepared, (store) => store.getRun(started.body.id));
    expect(run).toMatchObject({ status: 'applied' });
    expect(run!.ordersApplied).toBe(run!.ordersTotal);
    expect(await violations(prepared)).toEqual([]);
  });
});


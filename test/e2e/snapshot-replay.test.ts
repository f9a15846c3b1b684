import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, writeDataset } from '../../bench/generate-dataset.js';
import { cli } from './cli-process.js';

/**
 * Snapshots and deterministic replay through the CLI, each run in a process
 * of its own: the same snapshot gives the same plan byte for byte, whether
 * its batches solve one at a time or two at once in worker threads, and a
 * snapshot runs as the dataset it was taken of.
 */
describe('snapshot and replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opendom-snapshot-'));
  const at = (name: string) => join(dir, name);
  const AS_OF = '2026-11-20T00:00:00.000Z';

  beforeAll(() => {
    // Scarce stock in small batches: batches solved at once compete for the last units.
    for (const [name, threadUtilization] of [['sequential', 0], ['parallel', 100]] as const) {
      const dataset = generateDataset({ orders: 500, locations: 24, variants: 40, stock: 'scarce', seed: 11 });
      dataset.parameters = { ...dataset.parameters, threadUtilization };
      dataset.profiles = dataset.profiles.map((p) => (p.id === 'standard-ship' ? { ...p, maxLinesPerOptimization: 60 } : p));
      writeDataset(at(name), dataset);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays a snapshot to the same bytes in two processes, sequential and with 2 worker threads, and a snapshot runs as its dataset', async () => {
    for (const name of ['sequential', 'parallel']) {
      const taken = await cli(['snapshot', '--data', at(name), '--profile', 'standard-ship', '--as-of', AS_OF, '--out', at(`${name}.json.gz`)]);
      expect(taken.stderr).toBe('');
      expect(taken.stdout).toMatch(/^Snapshot of standard-ship as of 2026-11-20T00:00:00.000Z written to .* \d+ orders/);
    }
    const replays = await Promise.all(['sequential', 'parallel'].map((name) => cli(['replay', '--snapshot', at(`${name}.json.gz`), '--out', at(`${name}.plan.json`), '--progress', 'none'])));
    for (const r of replays) expect(r.code, r.stderr).toBe(0);
    const sequential = readFileSync(at('sequential.plan.json'));
    const parallel = readFileSync(at('parallel.plan.json'));
    const plan = JSON.parse(sequential.toString('utf8'));
    expect(plan.batches.length).toBeGreaterThan(4);
    expect(plan.totals.fillRate).toBeLessThan(1);
    expect(plan).toMatchObject({ planId: expect.stringMatching(/^plan-[0-9a-f]{32}$/), createdAt: AS_OF, asOf: AS_OF, timings: { load: 0, filter: 0, total: 0 } });
    expect(parallel.equals(sequential), 'the plan with 2 worker threads differs from the sequential one').toBe(true);

    // The same data with threads, not deterministic: batches did compete (some were solved again), so the test above had something to prove.
    const racing = await cli(['run', '--data', at('parallel'), '--profile', 'standard-ship', '--as-of', AS_OF, '--json', '--progress', 'none']);
    const log: Array<{ message: string }> = JSON.parse(racing.stdout).log;
    expect(log.some((e) => /batches solve at once/.test(e.message))).toBe(true);
    expect(log.some((e) => /solved again/.test(e.message))).toBe(true);

    // The dataset directory itself, run deterministically, is the snapshot's plan.
    const direct = await cli(['run', '--data', at('sequential'), '--profile', 'standard-ship', '--as-of', AS_OF, '--deterministic', '--out', at('direct.plan.json'), '--progress', 'none']);
    expect(direct.code, direct.stderr).toBe(0);
    expect(readFileSync(at('direct.plan.json')).equals(sequential)).toBe(true);
  });

  it('keeps the orders a run reads and leaves out the spent ones; refuses what is not a snapshot, naming why', async () => {
    const snapshot = JSON.parse(gunzipSync(readFileSync(at('sequential.json.gz'))).toString('utf8'));
    expect(snapshot).toMatchObject({ format: 'opendom-snapshot', version: 1, profileId: 'standard-ship', asOf: AS_OF });
    const orders = readFileSync(join(at('sequential'), 'orders.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const spent = orders.filter((o) => o.lines.every((l: { cancelled?: boolean; shipped?: boolean; shippedAt?: string | null }) => l.cancelled || (l.shipped && !l.shippedAt)));
    expect(snapshot.dataset.orders.map((o: { id: string }) => o.id)).toEqual(orders.filter((o) => !spent.includes(o)).map((o) => o.id));

    writeFileSync(at('not-a-snapshot.json.gz'), 'hello');
    const refused = await cli(['replay', '--snapshot', at('not-a-snapshot.json.gz')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not an OpenDOM snapshot: not gzip-compressed JSON');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const onStore = await cli(['run', '--profile', 'standard-ship', '--deterministic', '--store', at('no-store')]);
    expect(onStore.code).toBe(2);
    expect(onStore.stderr).toContain('--deterministic runs a dataset directory or snapshot');
  });
});

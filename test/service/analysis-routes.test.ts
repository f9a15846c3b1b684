import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../index.js';
import { parseSnapshot, readSnapshot, snapshotDataset } from '../../adapters/snapshot/snapshot.js';
import { simulate } from '../../adapters/snapshot/simulate.js';
import { EXAMPLE, runEnded, serviceHarness, type Prepared, type ServiceUnderTest } from './service-harness.js';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../e2e/cli-process.js';

/** The service keeps each run's snapshot when asked; why-not and simulations answer on it, in their thread, as the engine does in-process. */
describe('why-not, simulations and run snapshots through the service', () => {
  const harness = serviceHarness('pglite');
  let s: ServiceUnderTest;
  let run: { id: string; planId: string };
  let harnessStore: Prepared;
  beforeAll(async () => {
    await harness.setUp();
    harnessStore = await harness.prepare();
    s = await harness.start(harnessStore, { keepSnapshots: true });
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: false } });
    run = await runEnded(s, started.body.id);
  });
  afterAll(() => harness.tearDown());

  it('keeps the run\'s snapshot, and answers why-not on it as the engine does on the same snapshot', async () => {
    const download = await fetch(`${s.url}/api/runs/${run.id}/snapshot`, { headers: { authorization: `Bearer ${s.keys.read}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    const snapshot = parseSnapshot(new Uint8Array(await download.arrayBuffer()), 'download');
    expect(snapshot).toMatchObject({ profileId: 'standard-ship', source: `run ${run.id}` });
    // A key is odk_<id>_<secret>; the secret may itself hold '_'.
    for (const key of Object.values(s.keys)) expect(JSON.stringify(snapshot)).not.toContain(key.slice('odk_000000000000_'.length));

    const plan = (await s.call('GET', `/api/plans/${run.planId}/plan.json`, { key: s.keys.read })).body;
    const line = plan.lines.find((l: { explanation: { alternatives: unknown[] } }) => l.explanation.alternatives.length > 0);
    const runnerUp = line.explanation.alternatives[0].locationId;
    const asked = await s.call('GET', `/api/plans/${run.planId}/lines/${line.lineId}/why-not/${runnerUp}`, { key: s.keys.read });
    expect(asked.status).toBe(200);
    const engine = await createEngine({ data: { read: async () => snapshotDataset(snapshot) } });
    try {
      expect(asked.body).toEqual(await engine.whyNot(plan, line.lineId, runnerUp));
    } finally {
      await engine.close();
    }
    expect(asked.body.kind).toBe('dearer');
    const unknown = await s.call('GET', `/api/plans/no-such-plan/lines/${line.lineId}/why-not/${runnerUp}`, { key: s.keys.read });
    expect(unknown.status).toBe(404);
  });

  it('writes the snapshot kept of a run to a file with opendom snapshot --run, once the service has let the store go', async () => {
    const { store } = harnessStore;
    await s.close();
    const out = join(tmpdir(), `opendom-kept-${process.pid}.json.gz`);
    try {
      const written = await cli(['snapshot', '--run', run.id, '--out', out, '--store', (store as { directory: string }).directory]);
      expect(written.code, written.stderr).toBe(0);
      expect(written.stdout).toMatch(new RegExp(`^Snapshot of run ${run.id} \\(standard-ship as of .*\\) written to `));
      expect(readSnapshot(out).source).toBe(`run ${run.id}`);
      const missing = await cli(['snapshot', '--run', 'no-such-run', '--out', out, '--store', (store as { directory: string }).directory]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no snapshot kept of run no-such-run');
    } finally {
      rmSync(out, { force: true });
      s = await harness.start(harnessStore, { keepSnapshots: true });
    }
  });

  it('simulates variants of a run\'s snapshot in the background, giving the plans a simulation in-process gives', async () => {
    const variants = [{ name: 'reno-offline', offline: ['DC-RENO'] }, { solver: 'dom/greedy' }];
    const started = await s.call('POST', '/api/simulations', { key: s.keys.operate, body: { runId: run.id, variants } });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/simulations/${started.body.id}`);
    let status = started.body;
    while (status.status === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      status = (await s.call('GET', `/api/simulations/${started.body.id}`, { key: s.keys.read })).body;
    }
    expect(status.status, JSON.stringify(status.error)).toBe('done');
    const snapshot = parseSnapshot(new Uint8Array(await (await fetch(`${s.url}/api/runs/${run.id}/snapshot`, { headers: { authorization: `Bearer ${s.keys.read}` } })).arrayBuffer()), 'download');
    const local = await simulate(snapshot, [{ name: 'reno-offline', offline: ['DC-RENO'] }, { name: 'variant 2', solver: 'dom/greedy' }], {});
    expect(status.runs.map((r: { name: string; planId: string }) => [r.name, r.planId])).toEqual(local.map((r) => [r.name, r.plan.planId]));
    expect(status.runs[1].byLocation['DC-RENO']).toBeUndefined();
    expect((await s.call('GET', '/api/simulations', { key: s.keys.read })).body.simulations[0].id).toBe(started.body.id);

    const refused = await s.call('POST', '/api/simulations', { key: s.keys.operate, body: { runId: run.id, variants: [{ ofline: ['DC-RENO'] }] } });
    expect([refused.status, refused.body.errors[0].field]).toEqual([400, 'body.variants[0].ofline']);
    const bad = await s.call('POST', '/api/simulations', { key: s.keys.operate, body: { runId: run.id, variants: [{ offline: ['DC-NOWHERE'] }] } });
    let failed = bad.body;
    while (failed.status === 'running') failed = (await s.call('GET', `/api/simulations/${bad.body.id}`, { key: s.keys.read })).body;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'E_USAGE', message: 'E_USAGE: variant "variant 1": the snapshot has no locations record "DC-NOWHERE"' } });
  });

  it('deletes a run\'s kept snapshot with its plan at the clean-up', async () => {
    const parameters = JSON.parse(readFileSync(join(EXAMPLE, 'parameters.json'), 'utf8'));
    expect((await s.call('POST', '/api/imports', { key: s.keys.admin, body: { parameters: { ...parameters, planRetentionDays: 0 } } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/runs/${run.id}/snapshot`, { headers: { authorization: `Bearer ${s.keys.read}` } })).status).toBe(200);
    const cleaned = await s.call('POST', '/api/cleanup', { key: s.keys.admin });
    expect(cleaned.body.plans).toBeGreaterThan(0);
    expect((await s.call('GET', `/api/plans/${run.planId}?limit=1`, { key: s.keys.read })).status).toBe(404);
    const gone = await s.call('GET', `/api/runs/${run.id}/snapshot`, { key: s.keys.read });
    expect([gone.status, gone.body.code]).toEqual([404, 'E_NOT_FOUND']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../adapters/sql/migrations/index.js';
import { runEnded, serviceHarness, type ServiceUnderTest } from './service-harness.js';

/** The routes' behaviour beyond access and bad input, on the embedded store: runs, plans, applies, configuration, metrics, logs. */
describe('the service on the bundled example', () => {
  const harness = serviceHarness('pglite');
  let s: ServiceUnderTest;
  beforeAll(async () => {
    await harness.setUp();
    s = await harness.start(await harness.prepare(), { authFailuresPerMinute: 3 });
  });
  afterAll(() => harness.tearDown());

  it('is healthy and ready (the store answers at the newest schema)', async () => {
    expect((await s.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await s.call('GET', '/readyz')).body).toEqual({ status: 'ready', schemaVersion: MIGRATIONS.length });
  });

  it('starts a run with 202 and its URL, shows its progress, pages its plan, explains a line, applies it in the background once', async () => {
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: false } });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/runs/${started.body.id}`);
    expect(started.body).toMatchObject({ profileId: 'standard-ship', status: 'running', scheduledFor: null });
    const busy = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship' } });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('E_STORE_LOCKED');
    const run = await runEnded(s, started.body.id);
    expect(run).toMatchObject({ status: 'planned', batchesDone: run.batchesTotal });

    const whole = (await s.call('GET', `/api/plans/${run.planId}/plan.json`, { key: s.keys.read })).body;
    const paged = [];
    for (let offset = 0; ; offset += 700) {
      const { body } = await s.call('GET', `/api/plans/${run.planId}?offset=${offset}&limit=700`, { key: s.keys.read });
      expect(body.page).toEqual({ offset, limit: 700, total: whole.lines.length });
      paged.push(...body.lines);
      if (body.lines.length < 700) break;
    }
    expect(paged).toEqual(whole.lines);
    expect(whole.totals.lines).toBe(whole.lines.length + whole.exceptions.length);

    const line = whole.lines[5];
    const explained = (await s.call('GET', `/api/plans/${run.planId}/lines/${line.lineId}`, { key: s.keys.read })).body;
    expect(explained.lines).toEqual([line]);
    expect((await s.call('GET', `/api/plans/${run.planId}/lines/NOPE`, { key: s.keys.read })).status).toBe(404);

    expect((await s.call('GET', `/api/plans/${run.planId}/apply`, { key: s.keys.read })).body).toMatchObject({ state: 'not-applied', settled: { orders: run.ordersTotal } });
    const applying = await s.call('POST', `/api/plans/${run.planId}/apply`, { key: s.keys.operate });
    expect(applying.status).toBe(202);
    let status = applying.body;
    while (status.state === 'applying') status = (await s.call('GET', `/api/plans/${run.planId}/apply`, { key: s.keys.read })).body;
    expect(status.state).toBe('applied');
    expect(status.settled.outcomes.applied).toBe(run.ordersTotal);
    const { body: stored } = await s.call('GET', `/api/lines/${line.lineId}`, { key: s.keys.read });
    expect(stored.line).toMatchObject({ domStatus: 'complete', assignedLocationId: line.assignments[0].locationId });

    // Applied twice, nothing more happens.
    await s.call('POST', `/api/plans/${run.planId}/apply`, { key: s.keys.operate });
    do status = (await s.call('GET', `/api/plans/${run.planId}/apply`, { key: s.keys.read })).body; while (status.state === 'applying');
    expect(status.settled.outcomes.applied).toBe(run.ordersTotal);
  });

  it('cancels a run while it plans: it ends failed with E_CANCELLED, no plan applied; a finished run is not cancelled', async () => {
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'express-ship', apply: true } });
    const cancel = await s.call('POST', `/api/runs/${started.body.id}/cancel`, { key: s.keys.operate });
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    const run = await runEnded(s, started.body.id);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('cancelled'), ordersApplied: 0 });
    const again = await s.call('POST', `/api/runs/${started.body.id}/cancel`, { key: s.keys.operate });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('has ended (failed)');
    expect((await s.call('POST', '/api/runs/no-such-run/cancel', { key: s.keys.operate })).status).toBe(404);
  });

  it('checks a configuration change without saving it, naming the record and field at fault', async () => {
    const profile = (await s.call('GET', '/api/profiles/express-ship', { key: s.keys.read })).body;
    expect(profile.rules.map((r: { id: string }) => r.id).sort()).toEqual([...profile.profile.ruleIds].sort());
    const { nextDue: _nextDue, ...stored } = profile.profile;
    const good = await s.call('POST', '/api/configuration/validate', { key: s.keys.admin, body: { profiles: [{ ...stored, name: 'Express (renamed)' }] } });
    expect(good.body).toEqual({ valid: true, issues: [] });
    const bad = await s.call('POST', '/api/configuration/validate', { key: s.keys.admin, body: { profiles: [{ ...stored, ruleIds: ['no-such-rule'], schedule: { cron: '61 * * * *', timeZone: 'Mars/Olympus' } }] } });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.issues.map((i: { file: string; recordId: string; field: string }) => `${i.file} ${i.recordId} ${i.field}`).sort()).toEqual(['request.profiles express-ship ruleIds[0]', 'request.profiles express-ship schedule.timeZone']);
    expect((await s.call('GET', '/api/profiles/express-ship', { key: s.keys.read })).body.profile.name).toBe(profile.profile.name);
  });

  it('logs one JSON line per request with the request id it answers in X-Request-Id (a caller\'s own id kept)', async () => {
    const answer = await s.call('GET', '/api/runs?limit=1', { key: s.keys.read, headers: { 'x-request-id': 'order-capture-42' } });
    expect(answer.headers.get('x-request-id')).toBe('order-capture-42');
    const generated = await s.call('GET', '/api/runs?limit=1', { key: s.keys.read, headers: { 'x-request-id': 'has spaces and is far too long to be kept as it is, more than sixty-four characters' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of ['order-capture-42', generated.headers.get('x-request-id')]) {
      const lines = s.logs.filter((l) => l.reqId === id);
      expect(lines).toEqual([expect.objectContaining({ msg: 'request', method: 'GET', route: '/api/runs', status: 200, url: '/api/runs', ms: expect.any(Number) })]);
    }
  });

  it('serves its metrics in Prometheus text format', async () => {
    await s.call('POST', '/api/suggest', { key: s.keys.operate, body: { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' } });
    const { status, text, headers } = await s.call('GET', '/metrics', { key: s.keys.read });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^opendom_runs\{status="planned"\} \d+$/m);
    expect(text).toMatch(/^opendom_runs\{status="failed"\} [1-9]\d*$/m);
    expect(text).toMatch(/^opendom_run_duration_seconds_count\{profile="standard-ship",outcome="planned"\} 1$/m);
    expect(text).toMatch(/^opendom_run_stage_duration_seconds_count\{stage="solve"\} [1-9]/m);
    expect(text).toMatch(/^opendom_last_run_lines\{profile="standard-ship"\} [1-9]\d*$/m);
    expect(text).toMatch(/^opendom_last_run_fill_rate\{profile="standard-ship"\} (1|0\.\d+)$/m);
    expect(text).toMatch(/^opendom_suggest_duration_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^opendom_http_requests_total\{method="POST",route="\/api\/runs",status="202"\} [1-9]\d*$/m);
    expect(text).toMatch(/^opendom_process_resident_memory_bytes \d+/m);
  });

  it('shows the next due time of a schedule once a profile has one', async () => {
    const { profile } = (await s.call('GET', '/api/profiles/express-ship', { key: s.keys.read })).body;
    const { nextDue: _nextDue, ...stored } = profile;
    const imported = await s.call('POST', '/api/imports', { key: s.keys.admin, body: { profiles: [{ ...stored, schedule: { cron: '30 2 * * *', timeZone: 'America/Chicago' } }] } });
    expect(imported.body.issues).toEqual([]);
    let schedules: Array<{ profileId: string; nextDue: string }> = [];
    for (let i = 0; i < 50 && schedules.length === 0; i++) {
      schedules = (await s.call('GET', '/api/schedules', { key: s.keys.read })).body.schedules;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(schedules).toEqual([expect.objectContaining({ kind: 'run', profileId: 'express-ship', lastTick: null })]);
    const due = new Date(schedules[0]!.nextDue);
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(due)).toBe('02:30');
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    const listed = (await s.call('GET', '/api/profiles', { key: s.keys.read })).body.profiles.find((p: { id: string }) => p.id === 'express-ship');
    expect(listed.nextDue).toBe(schedules[0]!.nextDue);
  });

  it('rate-limits failed authentications per client address', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.call('GET', '/api/runs', { key: 'wrong' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await s.call('GET', '/api/runs', { key: 'wrong' });
    expect(limited.body).toMatchObject({ code: 'E_RATE', status: 429 });
  });
});

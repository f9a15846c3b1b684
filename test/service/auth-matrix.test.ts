import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStoreOptions, type Role } from '../../index.js';
import { RECHECKED_MS } from '../../adapters/http/auth.js';
import { runEnded, serviceHarness, type Prepared, type ServiceUnderTest, type StoreKind } from './service-harness.js';

/** Every route of the service and the least role it needs (null: open to all). Written from the documented roles, not read from the code. */
const ROUTES: Record<string, Role | null> = {
  'GET /healthz': null,
  'GET /readyz': null,
  'GET /metrics': 'read',
  'GET /api/profiles': 'read',
  'GET /api/profiles/{profileId}': 'read',
  'POST /api/configuration/validate': 'admin',
  'POST /api/imports': 'admin',
  'POST /api/imports/{collection}': 'admin',
  'POST /api/runs': 'operate',
  'GET /api/runs': 'read',
  'GET /api/runs/{runId}': 'read',
  'POST /api/runs/{runId}/cancel': 'operate',
  'GET /api/workers': 'read',
  'GET /api/plans': 'read',
  'GET /api/plans/{planId}': 'read',
  'GET /api/plans/{planId}/map': 'read',
  'GET /api/kpis': 'read',
  'GET /api/exceptions': 'read',
  'GET /api/session': 'read',
  'GET /api/plans/{planId}/lines/{lineId}/why-not/{locationId}': 'read',
  'POST /api/simulations': 'operate',
  'GET /api/simulations': 'read',
  'GET /api/simulations/{simulationId}': 'read',
  'GET /api/runs/{runId}/snapshot': 'read',
  'GET /api/plans/{planId}/lines/{lineId}': 'read',
  'GET /api/plans/{planId}/plan.json': 'read',
  'POST /api/plans/{planId}/apply': 'operate',
  'GET /api/plans/{planId}/apply': 'read',
  'GET /api/lines/{lineId}': 'read',
  'POST /api/lines/{lineId}/reject': 'operate',
  'POST /api/lines/{lineId}/reset': 'operate',
  'POST /api/lines/{lineId}/ship': 'operate',
  'POST /api/lines/{lineId}/cancel': 'operate',
  'POST /api/line-events': 'operate',
  'POST /api/suggest': 'operate',
  'POST /api/cleanup': 'admin',
  'GET /api/schedules': 'read',
  'GET /api/keys': 'admin',
  'POST /api/keys': 'admin',
  'DELETE /api/keys/{keyId}': 'admin',
};

const RANK: Record<Role, number> = { read: 1, operate: 2, admin: 3 };
const SUGGEST = { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' };
/** A key of the right form that the store never issued. */
const UNKNOWN_KEY = 'odk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe.each<StoreKind>(['pglite', 'postgres'])('every route × {no key, bad key, read, operate, admin} on %s', (kind) => {
  const harness = serviceHarness(kind);
  let s: ServiceUnderTest;
  let prepared: Prepared;
  const ids = { profileId: 'express-ship', runId: '', planId: '', lineId: '', collection: 'locations', keyId: 'no-such-key', locationId: 'DC-RENO', simulationId: 'no-such-simulation' };

  beforeAll(async () => {
    await harness.setUp();
    prepared = await harness.prepare();
    s = await harness.start(prepared, { authFailuresPerMinute: 100_000 });
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'express-ship', apply: false } });
    expect(started.status).toBe(202);
    const run = await runEnded(s, started.body.id);
    expect(run.status).toBe('planned');
    ids.runId = run.id;
    ids.planId = run.planId;
    ids.lineId = (await s.call('GET', `/api/plans/${run.planId}?limit=1`, { key: s.keys.read })).body.lines[0].lineId;
  });
  afterAll(() => harness.tearDown());

  it('the OpenAPI document lists exactly the routes of the matrix', async () => {
    const { status, body } = await s.call('GET', '/openapi.json');
    expect(status).toBe(200);
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('answers 401 without a valid key, 403 to a role that may not, and never succeeds unauthorised', async () => {
    const credentials: Array<[string, string | null, Role | null]> = [['no key', null, null], ['unknown key', UNKNOWN_KEY, null], ['malformed key', 'not-a-key', null], ['read', s.keys.read, 'read'], ['operate', s.keys.operate, 'operate'], ['admin', s.keys.admin, 'admin']];
    const unauthorisedSuccesses: string[] = [];
    const wrong: string[] = [];
    for (const [route, needs] of Object.entries(ROUTES)) {
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => encodeURIComponent(ids[name]));
      for (const [who, key, role] of credentials) {
        const { status } = await s.call(method, path, { key, ...bodyFor(route) });
        const allowed = needs === null || (role !== null && RANK[role] >= RANK[needs]);
        const expected = allowed ? 'allowed' : role === null ? 401 : 403;
        if (!allowed && status >= 200 && status < 300) unauthorisedSuccesses.push(`${route} as ${who}: ${status}`);
        if (allowed ? status === 401 || status === 403 || status >= 500 : status !== expected) wrong.push(`${route} as ${who}: ${status}, expected ${expected}`);
      }
    }
    expect(unauthorisedSuccesses).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it('a revoked key stops working at once; keys are never logged', async () => {
    const created = await s.call('POST', '/api/keys', { key: s.keys.admin, body: { role: 'read', name: 'short-lived' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect((await s.call('GET', '/api/runs', { key })).status).toBe(200);
    expect((await s.call('DELETE', `/api/keys/${created.body.listing.id}`, { key: s.keys.admin })).status).toBe(200);
    const refused = await s.call('GET', '/api/runs', { key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const logged = JSON.stringify(s.logs);
    for (const secret of [key, ...Object.values(s.keys)]) expect(logged).not.toContain(secret.slice('odk_000000000000_'.length));
  });

  it.runIf(kind === 'postgres')('a key revoked by another process is refused within the recheck interval', async () => {
    const other = postgresStore(prepared.store as PostgresStoreOptions);
    try {
      const { key, listing } = await other.createKey('read', 'revoked elsewhere');
      expect((await s.call('GET', '/api/runs', { key })).status).toBe(200);
      await other.revokeKey(listing.id);
      const revokedAt = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - revokedAt < RECHECKED_MS + 2_000) {
        status = (await s.call('GET', '/api/runs', { key })).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(401);
      expect(Date.now() - revokedAt).toBeLessThanOrEqual(RECHECKED_MS + 500);
      expect((await s.call('GET', '/api/runs', { key: s.keys.read })).status).toBe(200);
    } finally {
      await other.close();
    }
  }, 30_000);
});

/** A body each route accepts (so an allowed call does its work, and a refused one is refused for its key alone). */
function bodyFor(route: string): { body?: unknown } {
  switch (route) {
    case 'POST /api/configuration/validate': return { body: { parameters: {} } };
    case 'POST /api/imports': return { body: { locations: [] } };
    case 'POST /api/imports/{collection}': return { body: [] };
    case 'POST /api/runs': return { body: { profileId: 'express-ship', apply: false } };
    case 'POST /api/lines/{lineId}/reject': return { body: { locationId: 'DC-COLUMBUS' } };
    case 'POST /api/lines/{lineId}/ship': return { body: {} };
    case 'POST /api/line-events': return { body: [] };
    case 'POST /api/suggest': return { body: SUGGEST };
    case 'POST /api/keys': return { body: { role: 'read', name: 'matrix' } };
    default: return {};
  }
}

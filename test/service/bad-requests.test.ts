import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteStore, postgresStore, type SqlStore } from '../../index.js';
import { serviceHarness, type Prepared, type StoreKind } from './service-harness.js';

const LINE = { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' };

function openStore(prepared: Prepared): SqlStore {
  return 'directory' in prepared.store ? pgliteStore(prepared.store) : postgresStore(prepared.store);
}

/** What the store holds that a request could change: the change log's revision and the runs. */
async function storeState(prepared: Prepared): Promise<{ revision: number; runs: number }> {
  const store = openStore(prepared);
  try {
    return { revision: await store.latestRevision(), runs: (await store.listRuns({ limit: 1000 })).length };
  } finally {
    await store.close();
  }
}

describe.each<StoreKind>(['pglite', 'postgres'])('bad requests on %s', (kind) => {
  const harness = serviceHarness(kind);
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('wrong types, unknown and missing fields, malformed JSON, oversize bodies and bad queries get 400/413 problem+json naming the field, and change nothing', async () => {
    const prepared = await harness.prepare();
    const before = await storeState(prepared);
    const s = await harness.start(prepared, { bodyLimit: 100_000 });
    const { operate, admin, read } = s.keys;
    const cases: Array<{ what: string; method: string; path: string; key: string; body?: unknown; raw?: string; contentType?: string; status: number; code: string; field?: string; message?: RegExp }> = [
      { what: 'a number for a string', method: 'POST', path: '/api/runs', key: operate, body: { profileId: 5 }, status: 400, code: 'E_USAGE', field: 'body.profileId', message: /string/ },
      { what: 'text for a number (no coercion)', method: 'POST', path: '/api/suggest', key: operate, body: { ...LINE, quantity: '2' }, status: 400, code: 'E_USAGE', field: 'body.quantity', message: /integer/ },
      { what: 'an unknown field', method: 'POST', path: '/api/suggest', key: operate, body: { ...LINE, colour: 'red' }, status: 400, code: 'E_USAGE', field: 'body.colour', message: /not a known field/ },
      { what: 'a nested value out of range', method: 'POST', path: '/api/suggest', key: operate, body: { ...LINE, deliveryAddress: { coordinates: { latitude: 100, longitude: 0 } } }, status: 400, code: 'E_USAGE', field: 'body.deliveryAddress.coordinates.latitude' },
      { what: 'a missing field', method: 'POST', path: '/api/lines/SO-000001-1/reject', key: operate, body: {}, status: 400, code: 'E_USAGE', field: 'body.locationId', message: /required/ },
      { what: 'a bad enum', method: 'POST', path: '/api/keys', key: admin, body: { role: 'root' }, status: 400, code: 'E_USAGE', field: 'body.role', message: /read.*operate.*admin/ },
      { what: 'malformed JSON', method: 'POST', path: '/api/runs', key: operate, raw: '{"profileId": ', status: 400, code: 'E_USAGE', field: 'body', message: /not valid JSON/ },
      { what: 'a body that is not an array of records', method: 'POST', path: '/api/imports/orders', key: admin, body: { id: 'x' }, status: 400, code: 'E_USAGE', field: 'body' },
      { what: 'an unknown collection', method: 'POST', path: '/api/imports/widgets', key: admin, body: [], status: 400, code: 'E_USAGE', field: 'params.collection' },
      { what: 'an oversize body', method: 'POST', path: '/api/imports/orders', key: admin, raw: JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: `O-${i}`, padding: 'x'.repeat(60) }))), status: 413, code: 'E_TOO_LARGE' },
      { what: 'a body of another content type', method: 'POST', path: '/api/runs', key: operate, raw: 'profileId=standard-ship', contentType: 'text/plain', status: 400, code: 'E_USAGE', field: 'body', message: /must be object/ },
      { what: 'a query value of the wrong type', method: 'GET', path: '/api/plans?limit=many', key: read, status: 400, code: 'E_USAGE', field: 'querystring.limit' },
      { what: 'an unknown query parameter', method: 'GET', path: '/api/runs?colour=red', key: read, status: 400, code: 'E_USAGE', field: 'querystring.colour' },
      { what: 'a page too large', method: 'GET', path: '/api/plans/p?limit=100000', key: read, status: 400, code: 'E_USAGE', field: 'querystring.limit' },
      { what: 'a collection that is not an array', method: 'POST', path: '/api/configuration/validate', key: admin, body: { profiles: 'all' }, status: 400, code: 'E_USAGE', field: 'body.profiles' },
    ];
    for (const c of cases) {
      const answer = await s.call(c.method, c.path, { key: c.key, ...(c.raw !== undefined ? { raw: c.raw } : { body: c.body }), ...(c.contentType ? { contentType: c.contentType } : {}) });
      expect.soft(answer.status, c.what).toBe(c.status);
      expect.soft(answer.headers.get('content-type'), c.what).toContain('application/problem+json');
      expect.soft(answer.body.code, c.what).toBe(c.code);
      expect.soft(answer.body.type, c.what).toBe(`urn:opendom:error:${c.code}`);
      expect.soft(answer.body.requestId, c.what).toBe(answer.headers.get('x-request-id'));
      expect.soft(answer.text, c.what).not.toMatch(/ at .*\.(ts|js):\d+/);
      if (c.field) expect.soft(answer.body.errors?.map((e: { field: string }) => e.field), c.what).toContain(c.field);
      if (c.message) expect.soft(answer.body.errors?.find((e: { field: string }) => e.field === c.field)?.message ?? answer.body.detail, c.what).toMatch(c.message);
    }
    await s.close();
    expect(await storeState(prepared)).toEqual(before);
  });

  it('imports record by record: a bad record is refused with its position and field, the others are stored', async () => {
    const s = await harness.start(await harness.prepare());
    const { admin, operate } = s.keys;
    const inventory = [
      { variantId: 'V-0001-GREY-L', locationId: 'ST-003-CHICAGO', onHand: 40 },
      { variantId: 'V-0001-GREY-L', locationId: 'ST-040-MILWAUKEE', onHand: -1 },
      { variantId: 'V-0001-GREY-L', locationId: 'ST-021-ST-LOUIS', onHand: 3, colour: 'red' },
    ];
    const json = await s.call('POST', '/api/imports/inventory', { key: admin, body: inventory });
    expect(json.status).toBe(200);
    expect(json.body.collections.inventory).toMatchObject({ read: 3, refused: 2, stored: true });
    expect(json.body.issues.map((i: { file: string; recordNumber: number; field: string }) => `${i.file}#${i.recordNumber} ${i.field}`).sort()).toEqual(['inventory#2 onHand', 'inventory#3 colour']);
    const suggested = await s.call('POST', '/api/suggest', { key: operate, body: { ...LINE, quantity: 30 } });
    expect(suggested.body.locations.map((l: { locationId: string }) => l.locationId)).toContain('ST-003-CHICAGO');

    const ndjson = ['{"variantId":"V-0001-GREY-L","locationId":"ST-003-CHICAGO","onHand":0}', '{"variantId":', ''].join('\n');
    const lines = await s.call('POST', '/api/imports/inventory', { key: admin, raw: ndjson, contentType: 'application/x-ndjson' });
    expect(lines.status).toBe(200);
    expect(lines.body.collections.inventory).toMatchObject({ read: 2, refused: 1, stored: true });
    expect(lines.body.issues).toEqual([expect.objectContaining({ file: 'inventory', recordNumber: 2, message: expect.stringMatching(/not valid JSON/) })]);
    const after = await s.call('POST', '/api/suggest', { key: operate, body: { ...LINE, quantity: 30 } });
    expect(after.body.locations.map((l: { locationId: string }) => l.locationId)).not.toContain('ST-003-CHICAGO');
  });
});

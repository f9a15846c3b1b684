import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, pgliteStore, postgresStore, type SqlStore, type SuggestRequest } from '../../index.js';
import { EXAMPLE, runEnded, serviceHarness, type Prepared, type StoreKind } from './service-harness.js';

const VARIANTS = (JSON.parse(readFileSync(join(EXAMPLE, 'variants.json'), 'utf8')) as Array<{ id: string }>).map((v) => v.id);
const CHANNELS: Array<Pick<SuggestRequest, 'modeOfDelivery' | 'salesOrigin'>> = [
  { modeOfDelivery: 'standard', salesOrigin: 'web' },
  { modeOfDelivery: 'standard', salesOrigin: 'marketplace' },
  { modeOfDelivery: 'express', salesOrigin: 'app' },
  { modeOfDelivery: 'express', salesOrigin: null },
  { modeOfDelivery: 'standard', salesOrigin: null },
];

/** Lines as order capture would enter them: random variants, quantities, places in the contiguous US and channels (seeded). */
function randomLines(count: number, seed: number): SuggestRequest[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => ({
    variantId: VARIANTS[Math.floor(next() * VARIANTS.length)]!,
    quantity: 1 + Math.floor(next() * 4),
    deliveryAddress: { coordinates: { latitude: 26 + next() * 22, longitude: -123 + next() * 52 } },
    legalEntity: 'usrt',
    ...CHANNELS[Math.floor(next() * CHANNELS.length)]!,
  }));
}

function openStore(prepared: Prepared): SqlStore {
  return 'directory' in prepared.store ? pgliteStore(prepared.store) : postgresStore(prepared.store);
}

describe.each<StoreKind>(['pglite', 'postgres'])('suggest over HTTP on %s', (kind) => {
  const harness = serviceHarness(kind);
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('answers what the engine answers for the same line on the same store', async () => {
    const prepared = await harness.prepare();
    const s = await harness.start(prepared);
    const lines = randomLines(40, 7);
    const answers = [];
    for (const line of lines) {
      const { status, body } = await s.call('POST', '/api/suggest', { key: s.keys.operate, body: line });
      expect(status).toBe(200);
      answers.push(body);
    }
    await s.close();
    const engine = await createEngine({ data: openStore(prepared) });
    try {
      const asOf = new Date();
      for (const [i, line] of lines.entries()) {
        const expected = JSON.parse(JSON.stringify(await engine.suggest({ ...line, asOf })));
        expect(answers[i], JSON.stringify(line)).toEqual(expected);
      }
    } finally {
      await engine.close();
    }
    expect(answers.filter((a) => a.locations.length > 0).length).toBeGreaterThan(10);
    expect(answers.some((a) => a.locations.some((l: { breaks: unknown[] }) => l.breaks.length > 0))).toBe(true);
  });

  it('never answers on stock older than the last committed change: an import, an apply and a reject show at once', async () => {
    const s = await harness.start(await harness.prepare());
    const line = { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' };
    const availableAt = async (locationId: string) => {
      const { body } = await s.call('POST', '/api/suggest', { key: s.keys.operate, body: line });
      return body.locations.find((l: { locationId: string }) => l.locationId === locationId)?.available ?? 0;
    };
    const chicago = await availableAt('ST-003-CHICAGO');
    expect(chicago).toBeGreaterThan(0);
    await s.call('POST', '/api/imports/inventory', { key: s.keys.admin, body: [{ variantId: 'V-0001-GREY-L', locationId: 'ST-003-CHICAGO', onHand: chicago + 7 }] });
    expect(await availableAt('ST-003-CHICAGO')).toBe(chicago + 7);

    // An order for 3 units delivered next to the Chicago store: a run assigns it there; applying it holds the units.
    const order = { id: 'SO-FRESH', legalEntity: 'usrt', salesOrigin: 'web', deliveryAddress: line.deliveryAddress, createdAt: '2026-11-27T00:00:00Z', version: 1, lines: [{ id: 'SO-FRESH-1', variantId: 'V-0001-GREY-L', quantity: 3, unitPrice: 10, modeOfDelivery: 'standard', version: 1 }] };
    await s.call('POST', '/api/imports/orders', { key: s.keys.admin, body: [order] });
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: true } });
    const run = await runEnded(s, started.body.id);
    expect(run.status).toBe('applied');
    const { body: held } = await s.call('GET', '/api/lines/SO-FRESH-1', { key: s.keys.read });
    expect(held.line).toMatchObject({ domStatus: 'complete', assignedLocationId: 'ST-003-CHICAGO' });
    expect(await availableAt('ST-003-CHICAGO')).toBe(chicago + 7 - 3);

    await s.call('POST', '/api/lines/SO-FRESH-1/reject', { key: s.keys.operate, body: { locationId: 'ST-003-CHICAGO' } });
    expect(await availableAt('ST-003-CHICAGO')).toBe(chicago + 7);
  });

  it('under concurrent writers (imports, and a run applying in its worker thread), each suggestion shows the write acknowledged before it', async () => {
    const s = await harness.start(await harness.prepare());
    // Variants no order of the example holds: the run's allocations never touch them, so each answer is known exactly.
    const ordered = new Set(readFileSync(join(EXAMPLE, 'orders.ndjson'), 'utf8').trim().split('\n').flatMap((l) => (JSON.parse(l) as { lines: Array<{ variantId: string }> }).lines.map((x) => x.variantId)));
    const free = VARIANTS.filter((v) => !ordered.has(v));
    expect(free.length).toBeGreaterThanOrEqual(5);
    const near = { latitude: 41.88, longitude: -87.63 };
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: true } });
    expect(started.status).toBe(202);
    const wrong: string[] = [];
    for (let round = 1; round <= 3; round++) {
      await Promise.all(free.map(async (variantId, i) => {
        const onHand = 100 * round + i;
        const imported = await s.call('POST', '/api/imports/inventory', { key: s.keys.admin, body: [{ variantId, locationId: 'ST-003-CHICAGO', onHand, reserved: 0 }] });
        if (imported.status !== 200) return void wrong.push(`import ${variantId}: ${imported.status}`);
        const { body } = await s.call('POST', '/api/suggest', { key: s.keys.operate, body: { variantId, quantity: 1, deliveryAddress: { coordinates: near }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' } });
        const available = body.locations?.find((l: { locationId: string }) => l.locationId === 'ST-003-CHICAGO')?.available;
        if (available !== onHand) wrong.push(`round ${round}, ${variantId}: suggested ${available}, committed ${onHand}`);
      }));
    }
    expect(wrong).toEqual([]);
    expect((await runEnded(s, started.body.id)).status).toBe('applied');
  });

  it('agrees with a run of the same line as a one-line order: the run ships it whole from the cheapest suggestion, at the suggested cost', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'opendom-suggest-'));
    try {
      // The example without its orders: each line below is the only order of its run.
      cpSync(EXAMPLE, directory, { recursive: true });
      rmSync(join(directory, 'orders.ndjson'));
      const s = await harness.start(await harness.prepare(directory));
      let compared = 0;
      for (const [i, line] of randomLines(12, 11).entries()) {
        const { body: suggestion } = await s.call('POST', '/api/suggest', { key: s.keys.operate, body: line });
        if (!suggestion.profileId || suggestion.locations.length === 0) continue;
        const lineId = `ONE-${i}-1`;
        const order = { id: `ONE-${i}`, legalEntity: line.legalEntity, salesOrigin: line.salesOrigin, deliveryAddress: line.deliveryAddress, createdAt: '2026-11-27T00:00:00Z', version: 1, lines: [{ id: lineId, variantId: line.variantId, quantity: line.quantity, unitPrice: 0, modeOfDelivery: line.modeOfDelivery, version: 1 }] };
        expect((await s.call('POST', '/api/imports/orders', { key: s.keys.admin, body: [order] })).body.issues).toEqual([]);
        const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: suggestion.profileId, apply: false } });
        const run = await runEnded(s, started.body.id);
        const { body: plan } = await s.call('GET', `/api/plans/${run.planId}/lines/${lineId}`, { key: s.keys.read });
        const planned = plan.lines[0];
        const unbroken = suggestion.locations.filter((l: { breaks: unknown[] }) => l.breaks.length === 0);
        const eligible = unbroken.length > 0 ? unbroken : suggestion.locations;
        const cheapest = Math.min(...eligible.map((l: { cost: number }) => l.cost));
        expect(planned.assignments, JSON.stringify(line)).toHaveLength(1);
        const [assignment] = planned.assignments;
        expect(assignment.quantity).toBe(line.quantity);
        const chosen = eligible.find((l: { locationId: string }) => l.locationId === assignment.locationId);
        expect(chosen, `${assignment.locationId} is among the suggestions`).toBeDefined();
        expect(chosen.cost).toBeCloseTo(cheapest, 6);
        expect(assignment.cost).toBeCloseTo(chosen.cost, 6);
        // Cancelled, the line is never brokered again: the next line's run is of its own order alone.
        await s.call('POST', `/api/lines/${lineId}/cancel`, { key: s.keys.operate });
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(5);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('suggest on PostgreSQL sees what another process commits', () => {
  const harness = serviceHarness('postgres');
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('a change committed through another connection shows in the very next suggestion', async () => {
    const prepared = await harness.prepare();
    const s = await harness.start(prepared);
    const other = openStore(prepared);
    try {
      const line = { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', salesOrigin: 'web', legalEntity: 'usrt' };
      for (const onHand of [0, 9, 2, 15]) {
        await other.upsert('inventory', [{ variantId: 'V-0001-GREY-L', locationId: 'ST-003-CHICAGO', onHand }]);
        const { body } = await s.call('POST', '/api/suggest', { key: s.keys.operate, body: line });
        expect(body.locations.find((l: { locationId: string }) => l.locationId === 'ST-003-CHICAGO')?.available ?? 0).toBe(onHand);
      }
    } finally {
      await other.close();
    }
  });
});

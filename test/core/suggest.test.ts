import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, type MemoryRecords, type SuggestRequest } from '../../index.js';
import { AS_OF, CUSTOMER, costFactor, location, order, rule, runScenario, scenario, stock } from 'opendom/testing';

/** Interactive suggest (docs/spec.md §6.8): the locations that can fulfil a line, as the engine's own rules and costs see them. */

async function suggest(records: MemoryRecords, request: Partial<SuggestRequest> = {}) {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    return await engine.suggest({ variantId: 'V1', quantity: 3, deliveryAddress: { coordinates: CUSTOMER }, modeOfDelivery: 'std', salesOrigin: 'web', legalEntity: 'le', asOf: AS_OF, ...request });
  } finally {
    await engine.close();
  }
}

const base = scenario({
  locations: [location('A', 10), location('B', 30), location('C', 50), location('D', 70), location('E', 20)],
  inventory: [stock('V1', 'A', 5), stock('V1', 'B', 2), stock('V1', 'C', 5), stock('V1', 'D', 5), stock('V1', 'E', 1)],
  rules: [
    rule('c-off', 'dom/offline-location', {}, { hardConstraint: false, scope: { locationIds: ['C'] } }),
    rule('near', 'dom/max-distance', { maxDistance: 60 }, { hardConstraint: true }),
  ],
});

describe('suggest', () => {
  it('lists the locations that can fulfil the whole quantity, nearest first, with cost and units; a soft rule is named, a hard one excludes', async () => {
    const result = await suggest(base);
    expect(result.profileId).toBe('p');
    // A fulfils; B (2 units) and E (1 unit) cannot; C only if the soft offline rule is relaxed; D is beyond the hard limit.
    expect(result.locations.map((l) => [l.locationId, Math.round(l.distance), l.available, Math.round(l.cost * 1e6) / 1e6, l.breaks.map((b) => b.ruleId)])).toEqual([
      ['A', 10, 5, 10, []],
      ['C', 50, 5, 50, ['c-off']],
    ]);
    expect(result.locations[1]!.breaks[0]).toMatchObject({ pluginId: 'dom/offline-location', messageId: 'offline', message: 'C is offline (rule c-off)' });
  });

  it('takes allocations into account: units other lines hold are not available', async () => {
    const held = order('H1', [['V1', 4]]);
    const records = { ...base, orders: [{ ...held, lines: held.lines.map((l) => ({ ...l, domStatus: 'complete', assignedLocationId: 'A', attempts: 1 })) }] };
    const result = await suggest(records);
    expect(result.locations.map((l) => l.locationId)).toEqual(['C']);
  });

  it('says when no profile brokers the line, and refuses a malformed request naming the field', async () => {
    expect(await suggest(base, { modeOfDelivery: 'drone' })).toEqual({ profileId: null, distanceUnit: 'mi', locations: [], reason: 'no enabled profile brokers this line (legal entity, sales origin and mode of delivery)' });
    await expect(suggest(base, { quantity: 0 })).rejects.toThrow('E_USAGE: at quantity: must be >= 1');
    await expect(suggest(base, { variantId: 'V9' })).rejects.toThrow('E_USAGE: at variantId: unknown variant "V9"');
  });

  it('agrees with a run of the same line as a one-line order: the run ships from the best suggestion at the suggested cost (property)', async () => {
    const instance = fc.record({
      miles: fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 5 }),
      units: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 5 }),
      quantity: fc.integer({ min: 1, max: 4 }),
      parcel: fc.integer({ min: 0, max: 2000 }).map((c) => c / 100),
      perUnitMile: fc.integer({ min: 0, max: 100 }).map((c) => c / 1000),
      atFirst: fc.integer({ min: 0, max: 5000 }).map((c) => c / 100),
      priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(instance, async (s) => {
        const ids = s.miles.map((_, i) => `L${i}`);
        const records = scenario({
          locations: s.miles.map((m, i) => location(ids[i]!, m)),
          inventory: ids.map((id, i) => stock('V1', id, s.units[i]!)),
          rules: s.priority === undefined ? [] : [rule('prio', 'dom/location-priority', { priority: s.priority }, { scope: { locationIds: [ids.at(-1)!] } })],
          costFactors: [
            costFactor('parcel', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: s.parcel }),
            costFactor('unit', 'dom/per-unit', { modesOfDelivery: ['std'], costPerUnit: 0.01, costPerUnitPerDistance: s.perUnitMile }),
            costFactor('first', 'dom/other-location', { locationId: ids[0], cost: s.atFirst }),
          ],
        });
        const suggested = await suggest(records, { quantity: s.quantity });
        const plan = await runScenario({ ...records, orders: [order('O1', [['V1', s.quantity]])] });
        const line = plan.lines[0]!;
        if (suggested.locations.length === 0) {
          expect(line.assignments).toEqual([]);
          return;
        }
        const best = [...suggested.locations].sort((a, b) => (a.priorityTier ?? 11) - (b.priorityTier ?? 11) || a.cost - b.cost)[0]!;
        expect(line.assignments.map((a) => a.quantity)).toEqual([s.quantity]);
        const chosen = suggested.locations.find((l) => l.locationId === line.assignments[0]!.locationId);
        expect(chosen, 'the run ships from a suggested location').toBeDefined();
        expect([chosen!.priorityTier, chosen!.cost]).toEqual([best.priorityTier, expect.closeTo(best.cost, 9)]);
        expect(line.assignments[0]!.cost).toBeCloseTo(chosen!.cost, 9);
        for (const alternative of line.explanation.alternatives) {
          const same = suggested.locations.find((l) => l.locationId === alternative.locationId);
          if (same) expect(alternative.cost).toBeCloseTo(same.cost, 9);
        }
      }),
      { numRuns: 25, seed: 7 },
    );
  }, 120_000);
});

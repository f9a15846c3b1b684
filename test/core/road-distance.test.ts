import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, MemoryDataSource, type MemoryRecords } from '../../index.js';
import { acmeRoad } from '../../examples/osrm-road-distance/osrm-road.distance.js';
import { AS_OF, assignmentCosts, costFactor, location, order, scenario, stock } from 'opendom/testing';

/**
 * A road distance provider (the example partner plugin) against a stubbed
 * OSRM server: its distances are the run's distances, `parameters.roadDistance`
 * must agree with the provider, and tiered shipping may then be priced over
 * road distance.
 */

const roadFactor = costFactor('road-tiers', 'dom/shipping-tiered', {
  modesOfDelivery: ['std'],
  distanceType: 'road',
  tiers: [{ from: 0, to: 50, cost: 4 }, { from: 50, to: null, cost: 9 }],
  defaultCost: 0,
});
const records = (roadDistance: boolean): MemoryRecords =>
  scenario({
    parameters: { distanceUnit: 'mi', localStoreRegionRadius: 0, roadDistance },
    locations: [location('A', 30), location('B', 40)],
    inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
    costFactors: [roadFactor],
    orders: [order('O1', [['V1', 1]])],
  });

afterEach(() => vi.unstubAllGlobals());

describe('a road distance provider', () => {
  it('gives the run its distances, which road-priced tiers use', async () => {
    // By road A is 80.467 km (50 mi) away, B 48.28 km (30 mi): B is nearer by road.
    const fetch = vi.fn(async () => new Response(JSON.stringify({ code: 'Ok', distances: [[0, 80467.2, 48280.32]] })));
    vi.stubGlobal('fetch', fetch);
    const engine = await createEngine({ data: new MemoryDataSource(records(true)), plugins: [acmeRoad], distance: { id: 'acme/osrm-road', options: { url: 'http://osrm.test' } } });
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toMatch(/^http:\/\/osrm\.test\/table\/v1\/driving\/-75,40;-75,40\.\d+;-75,40\.\d+\?sources=0&annotations=distance$/);
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ B: { 'road-tiers': 4 } });
    expect(plan.lines[0]!.assignments[0]!.distance).toBe(30);
    expect(plan.lines[0]!.explanation.alternatives).toMatchObject([{ locationId: 'A', distance: 50, cost: 9 }]);
  });

  it('must agree with parameters.roadDistance', async () => {
    const aerialEngine = await createEngine({ data: new MemoryDataSource(records(true)) });
    await expect(aerialEngine.run({ profileId: 'p', asOf: AS_OF })).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        { code: 'E_DATASET', file: 'parameters', field: 'roadDistance', pluginId: 'dom/aerial', message: expect.stringContaining('measures aerial distance; create the engine with a road distance provider') },
      ],
    });
    const roadEngine = await createEngine({ data: new MemoryDataSource(records(false)), plugins: [acmeRoad], distance: { id: 'acme/osrm-road', options: { url: 'http://osrm.test' } } });
    const error = await roadEngine.run({ profileId: 'p', asOf: AS_OF }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      issues: [
        { field: 'roadDistance', pluginId: 'acme/osrm-road', message: expect.stringContaining('measures road distance; set roadDistance to true') },
        { recordId: 'road-tiers', field: 'options.distanceType', message: expect.stringContaining('the run measures aerial distance') },
      ],
    });
  });

  it('fails the run, changing nothing, when the routing service fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ code: 'NoRoute', message: 'Impossible route' }))));
    const engine = await createEngine({ data: new MemoryDataSource(records(true)), plugins: [acmeRoad], distance: { id: 'acme/osrm-road', options: { url: 'http://osrm.test' } } });
    await expect(engine.run({ profileId: 'p', asOf: AS_OF })).rejects.toThrow('OSRM answered NoRoute: Impossible route');
  });
});

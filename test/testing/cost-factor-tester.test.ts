import { describe, expect, it } from 'vitest';
import type { CostFactorPlugin } from '../../index.js';
import { CostFactorTester, type CostFactorCase, location, order, scenario, stock } from 'opendom/testing';
import { shippingSimpleCostFactor } from '../../plugins/cost-factors/shipping-simple/shipping-simple.cost-factor.js';

/** Collects the tests a CostFactorTester registers, so each can be run and its failure inspected. */
function collect(factor: CostFactorPlugin<never>, cases: CostFactorCase[]): Map<string, () => void | Promise<void>> {
  const tests = new Map<string, () => void | Promise<void>>();
  new CostFactorTester({ describe: (_name, body) => void body(), it: (name, body) => void tests.set(name, body) }).run(factor, cases);
  return tests;
}

/** A CO2 cost on the exact distance: 0.12 per mile per shipment of mode std; each test spoils one part of it. */
function co2(overrides: Partial<CostFactorPlugin<never>['meta']> = {}, create?: CostFactorPlugin<never>['create']): CostFactorPlugin<never> {
  return {
    meta: {
      id: 'acme/co2',
      version: '1.0.0',
      compatibility: '^1.0.0',
      description: 'CO2 of each shipment, per mile.',
      optionsSchema: { type: 'object', additionalProperties: false, required: ['perMile'], properties: { perMile: { type: 'number', minimum: 0 }, mode: { type: 'string', default: 'std' } } },
      ...overrides,
    },
    create: create ?? (({ options }) => ({ shipmentCost: (s) => (s.modeOfDelivery === (options as { mode: string }).mode ? (options as { perMile: number }).perMile * s.distance : 0) })),
  };
}

const sends = (cost: number): CostFactorCase => ({ name: 'per mile', options: { perMile: 0.12 }, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 25, cost }] } });

describe('CostFactorTester', () => {
  it('passes a correct cost factor: metadata, and costs with the defaults filled in', async () => {
    const tests = collect(co2(), [sends(3)]);
    expect([...tests.keys()]).toEqual(['has valid metadata', 'per mile']);
    for (const body of tests.values()) await body();
  });

  it('fails a cost that differs from the expected one, saying where', async () => {
    await expect(async () => collect(co2(), [sends(4)]).get('per mile')!()).rejects.toThrow('shipmentCost of O1 from A at 25: expected 4, got 3');
  });

  it('gives the exact distance and the region-grouped one as a run does', async () => {
    // A built-in factor charges the region-grouped distance: with a 20-mile radius, 25 miles cost 40.
    const records = scenario({ parameters: { distanceUnit: 'mi', localStoreRegionRadius: 20 }, locations: [location('A', 25)], inventory: [stock('V1', 'A', 1)], orders: [order('O1', [['V1', 1]])] });
    const byDistance = { options: { modesOfDelivery: ['std'], basis: 'distance', cost: 1 }, records };
    const tests = collect(shippingSimpleCostFactor as CostFactorPlugin<never>, [
      { name: 'grouped', ...byDistance, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 25, cost: 40 }] } },
    ]);
    for (const body of tests.values()) await body();
    const exact = collect(co2(), [{ ...sends(3), records }]);
    await exact.get('per mile')!();
  });

  it('fails metadata that accepts unknown options', () => {
    const open = collect(co2({ optionsSchema: { type: 'object', properties: {} } }), []);
    expect(() => open.get('has valid metadata')!()).toThrow(/additionalProperties: false/);
  });

  it('fails a cost factor that mutates its inputs', async () => {
    const mutating = co2({}, () => ({
      shipmentCost: (s) => {
        s.order.lines.pop();
        return 0;
      },
    }));
    await expect(async () => collect(mutating, [sends(0)]).get('per mile')!()).rejects.toThrow(/shipmentCost changed its arguments/);
  });

  it('checks expected refusals of a record: options against the schema, naming the field', async () => {
    const tests = collect(co2(), [
      { name: 'negative', options: { perMile: -1 }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.perMile' } },
      { name: 'not refused', options: { perMile: 1 }, error: { code: 'E_PLUGIN_OPTIONS' } },
    ]);
    await tests.get('negative')!();
    await expect(async () => tests.get('not refused')!()).rejects.toThrow(/expected it to be refused/);
  });
});

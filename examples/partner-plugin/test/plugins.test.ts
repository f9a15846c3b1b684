import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CostFactorTester, costFactor, location, order, rule, RuleTester, runScenario, scenario, stock } from 'opendom/testing';
import { co2PerKm, hazmatFromDcOnly, shipmentsFile } from '../src/index.js';

// Store S 10 mi from the customer, distribution centre D 100 mi; product P is hazardous, its variant V2 says it is not.
function records(rules = [rule('hazmat', 'acme/hazmat-from-dc-only', {})]) {
  const data = scenario({
    locations: [location('S', 10), location('D', 100, { type: 'distribution-center' })],
    inventory: [stock('V1', 'S', 5), stock('V1', 'D', 5), stock('V2', 'S', 5), stock('V2', 'D', 5)],
    rules,
    orders: [order('O1', [['V1', 1]]), order('O2', [['V2', 1]])],
  });
  data.products = [{ id: 'P', name: 'Solvent', categoryIds: ['cat'], attributes: { hazmat: true } }];
  data.variants = [{ id: 'V1', productId: 'P' }, { id: 'V2', productId: 'P', attributes: { hazmat: false } }];
  return data;
}

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(hazmatFromDcOnly, [
  {
    name: 'hazardous goods ship from the DC; the variant that says it is safe ships from the nearer store',
    records: records(),
    expect: {
      assignments: { 'O1-1': { D: 1 }, 'O2-1': { S: 1 } },
      removed: [{ lineId: 'O1-1', locationId: 'S', messageId: 'notDc', ruleId: 'hazmat' }],
      kept: [{ lineId: 'O1-1', locationId: 'D' }, { lineId: 'O2-1', locationId: 'S' }],
    },
  },
  {
    name: 'a rule scoped to other locations leaves the store in',
    records: records([rule('hazmat', 'acme/hazmat-from-dc-only', {}, { scope: { locationIds: ['D'] } })]),
    expect: { assignments: { 'O1-1': { S: 1 } }, kept: [{ lineId: 'O1-1', locationId: 'S' }] },
  },
  {
    name: 'options are refused',
    records: records([rule('hazmat', 'acme/hazmat-from-dc-only', { strict: true })]),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'hazmat', field: 'options.strict' },
  },
]);

// 100 mi = 160.9344 km × 120 g/km = 19.312128 kg × 0.5 = 9.656064.
new CostFactorTester({ describe, it }).run(co2PerKm, [
  {
    name: 'grams per km of the mode × km × price per kg; nothing for a mode it does not list',
    options: { gramsPerKm: { std: 120 }, costPerKg: 0.5 },
    expect: { shipments: [{ orderId: 'O1', locationId: 'D', distance: 100, cost: 9.656064 }, { orderId: 'O1', locationId: 'D', distance: 100, modeOfDelivery: 'express', cost: 0 }] },
  },
  {
    name: 'on the exact distance, not the region-grouped one (60 mi with a 50-mile radius costs 60 mi of CO2)',
    options: { gramsPerKm: { std: 120 }, costPerKg: 0.5 },
    records: scenario({ parameters: { distanceUnit: 'mi', localStoreRegionRadius: 50 }, locations: [location('A', 60)], inventory: [stock('V1', 'A', 1)], costFactors: [costFactor('other', 'dom/other-sales-order', { cost: 0 })], orders: [order('O1', [['V1', 1]])] }),
    expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 60, cost: 5.7936384 }] },
  },
  { name: 'a negative price is refused', options: { gramsPerKm: { std: 120 }, costPerKg: -1 }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.costPerKg' } },
]);

describe('acme/shipments-file', () => {
  it('appends one line per assignment of each applied order, leaving out held lines and orders not applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acme-shipments-'));
    try {
      const records = scenario({
        locations: [location('S', 10), location('D', 100)],
        inventory: [stock('V1', 'S', 5), stock('V2', 'D', 5)],
        orders: [order('O1', [['V1', 2], ['V2', 1]]), order('O2', [['V1', 1]])],
      });
      const plan = await runScenario(records);
      const path = join(dir, 'shipments.ndjson');
      const hooks = await shipmentsFile.create({ path });
      await hooks.afterApply!({ plan, runId: null, now: new Date(), report: { planId: plan.planId, orders: 2, outcomes: { applied: 1, conflict: 0, 'stock-changed': 1, 'capacity-changed': 0, 'invalid-input': 0, vetoed: 0 }, alreadySettled: 0, notApplied: [{ orderId: 'O2', outcome: 'stock-changed', detail: '' }] }, appliedOrderIds: ['O1'], heldLineIds: ['O1-2'] });
      const written = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(written).toEqual([{ planId: plan.planId, orderId: 'O1', lineId: 'O1-1', variantId: 'V1', locationId: 'S', quantity: 2 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

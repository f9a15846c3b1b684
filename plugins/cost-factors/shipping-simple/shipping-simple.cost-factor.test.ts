import { describe, expect, it } from 'vitest';
import { assignmentCosts, assignmentsOf, costFactor, CostFactorTester, location, minimisedCost, order, planLine, rounded, runScenario, scenario, stock } from 'opendom/testing';
import { shippingSimpleCostFactor } from './shipping-simple.cost-factor.js';

// A at 30 mi, B at 120 mi from the customer; both hold V1 and V2.
const base = {
  locations: [location('A', 30), location('B', 120)],
  inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V2', 'A', 5), stock('V2', 'B', 5)],
};
const perMile = (cost: number, extra = {}) => costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost }, extra);

describe('dom/shipping-simple', () => {
  it('charges cost × distance per shipment, and the plan shows it against the runner-up', async () => {
    const plan = await runScenario(scenario({ ...base, costFactors: [perMile(0.5)], orders: [order('O1', [['V1', 1]])] }));
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { ship: 15 } });
    expect(rounded(planLine(plan, 'O1-1').explanation.alternatives)).toMatchObject([
      { locationId: 'B', distance: 120, cost: 60, costBreakdown: [{ factorId: 'ship', amount: 60 }], whyNot: 'costs 45 more' },
    ]);
    expect(rounded(plan.totals.costByFactor)).toEqual({ ship: 15 });
    expect(minimisedCost(plan)).toBe(15);
  });

  it('charges a fixed cost once per shipment, shared by its lines in proportion to units', async () => {
    const fixed = costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: 8 });
    const plan = await runScenario(scenario({ ...base, costFactors: [fixed], orders: [order('O1', [['V1', 1], ['V2', 3]])] }));
    // One shipment (both lines from one location): 8 in all, 2 and 6 by units.
    const [line1, line2] = [planLine(plan, 'O1-1'), planLine(plan, 'O1-2')];
    expect(line1.assignments[0]!.locationId).toBe(line2.assignments[0]!.locationId);
    expect(rounded(line1.assignments[0]!.costBreakdown)).toEqual([{ factorId: 'ship', amount: 2 }]);
    expect(rounded(line2.assignments[0]!.costBreakdown)).toEqual([{ factorId: 'ship', amount: 6 }]);
    expect(rounded(plan.totals)).toMatchObject({ shipments: 1, cost: 8, costByFactor: { ship: 8 } });
    expect(minimisedCost(plan)).toBe(8);
  });

  it('prices only its modes of delivery; with an active factor distance is no longer a cost', async () => {
    const express = costFactor('ship-exp', 'dom/shipping-simple', { modesOfDelivery: ['exp'], cost: 8 });
    const plan = await runScenario(scenario({ ...base, costFactors: [express], orders: [order('O1', [['V1', 1]])] }));
    expect(rounded(planLine(plan, 'O1-1').assignments[0]!.costBreakdown)).toEqual([]);
    expect(rounded(plan.totals)).toMatchObject({ cost: 0, costByFactor: {} });
  });

  it('is ignored outside its dates, when inactive, and for orders of another company', async () => {
    const orders = [order('O1', [['V1', 1]])];
    for (const extra of [{ endDate: '2026-11-19' }, { startDate: '2026-11-21' }, { active: false }, { company: 'other' }]) {
      const plan = await runScenario(scenario({ ...base, costFactors: [perMile(0.5, extra)], orders }));
      // Without an active factor for the order, a shipment costs its distance.
      expect(rounded(plan.totals.costByFactor), JSON.stringify(extra)).toEqual({ distance: 30 });
    }
    // An end date of the run's day covers the whole day.
    const lastDay = await runScenario(scenario({ ...base, costFactors: [perMile(0.5, { endDate: '2026-11-20' })], orders }));
    expect(rounded(lastDay.totals.costByFactor)).toEqual({ ship: 15 });
  });

  it('adds up with other factors, each term tagged with its factor', async () => {
    const fixed = costFactor('pickup-fee', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: 5 });
    const plan = await runScenario(scenario({ ...base, costFactors: [fixed, perMile(0.1)], orders: [order('O1', [['V1', 2]])] }));
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { 'pickup-fee': 5, ship: 3 } });
    expect(rounded(planLine(plan, 'O1-1').explanation.alternatives[0])).toMatchObject({ locationId: 'B', cost: 17, whyNot: 'costs 9 more' });
    expect(rounded(plan.totals)).toMatchObject({ cost: 8, costByFactor: { 'pickup-fee': 5, ship: 3 } });
  });

  it('refuses invalid options, naming the factor and the field', async () => {
    const bad = [
      costFactor('no-cost', 'dom/shipping-simple', { modesOfDelivery: ['std'] }),
      costFactor('bad-basis', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'per-km', cost: 1 }),
      costFactor('no-modes', 'dom/shipping-simple', { modesOfDelivery: [], cost: 1 }),
      costFactor('negative', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: -1 }),
    ];
    await expect(runScenario(scenario({ ...base, costFactors: bad, orders: [order('O1', [['V1', 1]])] }))).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        { code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 1, recordId: 'no-cost', pluginId: 'dom/shipping-simple', field: 'options.cost' },
        { code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 2, recordId: 'bad-basis', field: 'options.basis' },
        { code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 3, recordId: 'no-modes', field: 'options.modesOfDelivery' },
        { code: 'E_PLUGIN_OPTIONS', file: 'costFactors', recordNumber: 4, recordId: 'negative', field: 'options.cost' },
      ],
    });
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1).
new CostFactorTester({ describe, it }).run(shippingSimpleCostFactor, [
  { name: 'per shipment: 7 whatever the distance', options: { modesOfDelivery: ['std'], basis: 'shipment', cost: 7 }, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 10, cost: 7 }, { orderId: 'O1', locationId: 'D', distance: 100, cost: 7 }] } },
  { name: 'per mile: 0.5 × 30 = 15; nothing for another mode', options: { modesOfDelivery: ['std'], basis: 'distance', cost: 0.5 }, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 30, cost: 15 }, { orderId: 'O1', locationId: 'A', distance: 30, modeOfDelivery: 'express', cost: 0 }] } },
  { name: 'a negative cost is refused', options: { modesOfDelivery: ['std'], cost: -1 }, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.cost' } },
]);

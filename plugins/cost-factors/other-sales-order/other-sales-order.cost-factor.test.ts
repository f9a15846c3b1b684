import { describe, expect, it } from 'vitest';
import { assignmentCosts, costFactor, CostFactorTester, location, minimisedCost, order, rounded, runScenario, scenario, stock } from 'opendom/testing';
import { otherSalesOrderCostFactor } from './other-sales-order.cost-factor.js';

const handling = (extra: Record<string, unknown> = {}) => costFactor('handling', 'dom/other-sales-order', { cost: 4 }, extra);
const lineFee = costFactor('line-fee', 'dom/other-sales-line', { cost: 1.5 });
const locations = [location('A', 30), location('B', 120)];

describe('dom/other-sales-order', () => {
  it('is paid once by a shipment of several lines, where a per-line cost is paid by each line', async () => {
    const plan = await runScenario(
      scenario({ locations, inventory: [stock('V1', 'A', 5), stock('V2', 'A', 5)], costFactors: [handling(), lineFee], orders: [order('O1', [['V1', 1], ['V2', 3]])] }),
    );
    // One shipment: handling 4 shared by units (1 and 3); the line fee once per line.
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { handling: 1, 'line-fee': 1.5 } });
    expect(assignmentCosts(plan, 'O1-2')).toEqual({ A: { handling: 3, 'line-fee': 1.5 } });
    expect(rounded(plan.totals)).toMatchObject({ shipments: 1, cost: 7, costByFactor: { handling: 4, 'line-fee': 3 } });
    expect(minimisedCost(plan)).toBe(7);
  });

  it('is paid by every shipment of a split order', async () => {
    // V1 is only at A, V2 only at B: the order ships from both and pays the handling twice.
    const plan = await runScenario(
      scenario({ locations, inventory: [stock('V1', 'A', 5), stock('V2', 'B', 5)], costFactors: [handling(), lineFee], orders: [order('O1', [['V1', 1], ['V2', 3]])] }),
    );
    expect(assignmentCosts(plan, 'O1-1')).toEqual({ A: { handling: 4, 'line-fee': 1.5 } });
    expect(assignmentCosts(plan, 'O1-2')).toEqual({ B: { handling: 4, 'line-fee': 1.5 } });
    expect(rounded(plan.totals)).toMatchObject({ shipments: 2, splitOrders: 1, costByFactor: { handling: 8, 'line-fee': 3 } });
    expect(minimisedCost(plan)).toBe(11);
  });

  it('makes the solver keep an order in one shipment when splitting would pay it twice', async () => {
    // A (near) has V1 only, B has both. Shipping costs 0.1 per mile: split = 3 + 12 + 2 × 4, whole from B = 12 + 4.
    const perMile = costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.1 });
    const plan = await runScenario(
      scenario({
        locations,
        inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V2', 'B', 5)],
        costFactors: [handling(), perMile],
        orders: [order('O1', [['V1', 1], ['V2', 1]])],
      }),
    );
    expect(rounded(plan.totals)).toMatchObject({ shipments: 1, costByFactor: { handling: 4, ship: 12 } });
  });

  it('is ignored when inactive or out of date, and refuses a missing or negative cost', async () => {
    const base = { locations, inventory: [stock('V1', 'A', 5)], orders: [order('O1', [['V1', 1]])] };
    for (const extra of [{ active: false }, { endDate: '2026-01-31' }]) {
      const plan = await runScenario(scenario({ ...base, costFactors: [handling(extra)] }));
      expect(rounded(plan.totals.costByFactor)).toEqual({ distance: 30 });
    }
    const bad = [costFactor('none', 'dom/other-sales-order', {}), costFactor('neg', 'dom/other-sales-order', { cost: -2 })];
    await expect(runScenario(scenario({ ...base, costFactors: bad }))).rejects.toMatchObject({
      code: 'E_CONFIG',
      issues: [
        { code: 'E_PLUGIN_OPTIONS', recordId: 'none', pluginId: 'dom/other-sales-order', field: 'options.cost', message: 'is required' },
        { code: 'E_PLUGIN_OPTIONS', recordId: 'neg', field: 'options.cost', message: 'must be >= 0' },
      ],
    });
  });
});

// Hand-built shipments on the tester's data (store A, distribution centre D; order O1, line O1-1).
new CostFactorTester({ describe, it }).run(otherSalesOrderCostFactor, [
  { name: 'the same cost for every shipment, wherever it ships from', options: { cost: 2.5 }, expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 10, cost: 2.5 }, { orderId: 'O1', locationId: 'D', distance: 100, cost: 2.5 }], assignments: [{ lineId: 'O1-1', locationId: 'A', distance: 10, cost: 0 }] } },
  { name: 'a cost is required', options: {}, error: { code: 'E_PLUGIN_OPTIONS', field: 'options.cost' } },
]);

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../index.js';
import { costFactor, location, order, rule, runScenario, scenario, stock } from 'opendom/testing';

/**
 * Money adds up: the plan's total cost is the sum of its cost by factor and
 * of its lines' costs, and the cost level the solver minimised, to within
 * 1e-6 relative — on random plans with shipment, line, location and unit
 * costs in fractions of a cent.
 */

function expectCostsAddUp(plan: Plan): void {
  const total = plan.totals.cost;
  const scale = Math.max(1, Math.abs(total));
  const byFactor = Object.values(plan.totals.costByFactor).reduce((sum, c) => sum + c, 0);
  expect(Math.abs(total - byFactor) / scale, 'total vs cost by factor').toBeLessThanOrEqual(1e-12);
  const byLine = plan.lines.flatMap((l) => l.assignments).reduce((sum, a) => sum + a.cost, 0);
  expect(Math.abs(total - byLine) / scale, 'total vs the lines').toBeLessThanOrEqual(1e-6);
  const minimised = plan.batches.flatMap((b) => b.iterations).reduce((sum, i) => sum + (i.levels?.cost ?? Number.NaN), 0);
  expect(Math.abs(total - minimised) / scale, 'total vs the cost level of the objective').toBeLessThanOrEqual(1e-6);
  for (const a of plan.lines.flatMap((l) => l.assignments)) {
    expect(Math.abs(a.cost - a.costBreakdown.reduce((sum, t) => sum + t.amount, 0))).toBeLessThanOrEqual(1e-9 * Math.max(1, a.cost));
  }
  expect(plan.solver.cost.value).toBe(total);
}

describe('exact money', () => {
  it('one 1,000-mile shipment shared by 3 lines costs 1,000 in total, in its lines and in the objective', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 1000)],
      inventory: ['V1', 'V2', 'V3'].map((v) => stock(v, 'A', 5)),
      orders: [order('O1', [['V1', 1], ['V2', 1], ['V3', 1]])],
    }));
    expect(plan.totals.cost).toBeCloseTo(1000, 9);
    expect(plan.lines.map((l) => l.assignments[0]!.cost)).toEqual([expect.closeTo(1000 / 3, 9), expect.closeTo(1000 / 3, 9), expect.closeTo(1000 / 3, 9)]);
    expectCostsAddUp(plan);
  });

  it('503 shipments at 8.759 cost 4,405.777, not the sum of rounded shares', async () => {
    const plan = await runScenario(scenario({
      locations: [location('A', 10)],
      inventory: [stock('V1', 'A', 2000), stock('V2', 'A', 2000)],
      costFactors: [costFactor('parcel', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: 8.759 })],
      orders: Array.from({ length: 503 }, (_, i) => order(`O${i}`, [['V1', 1], ['V2', 2]])),
    }));
    expect(plan.totals.shipments).toBe(503);
    expect(plan.totals.cost).toBeCloseTo(503 * 8.759, 9);
    expectCostsAddUp(plan);
  });

  it('adds up on random plans (property)', async () => {
    const money = fc.integer({ min: 0, max: 99_999 }).map((cents) => cents / 1000);
    const scenarioArb = fc.record({
      miles: fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 2, maxLength: 4 }),
      stock: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 12, maxLength: 12 }),
      orders: fc.array(fc.array(fc.tuple(fc.constantFrom('V1', 'V2', 'V3'), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
      perShipment: money,
      perMile: money,
      perOrder: money,
      perLine: money,
      atFirst: money,
      perUnit: money,
      perUnitMile: fc.integer({ min: 0, max: 999 }).map((m) => m / 1_000_000),
      partialLines: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const ids = s.miles.map((_, i) => `L${i}`);
        const plan = await runScenario(scenario({
          locations: s.miles.map((m, i) => location(ids[i]!, m)),
          inventory: ids.flatMap((id, i) => ['V1', 'V2', 'V3'].map((v, j) => stock(v, id, s.stock[(i * 3 + j) % 12]!))),
          rules: s.partialLines ? [rule('partial', 'dom/partial-orders', { fulfillPartialLines: true })] : [],
          costFactors: [
            costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: s.perShipment }),
            costFactor('mile', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: s.perMile }),
            costFactor('order', 'dom/other-sales-order', { cost: s.perOrder }),
            costFactor('line', 'dom/other-sales-line', { cost: s.perLine }),
            costFactor('first', 'dom/other-location', { locationId: ids[0], cost: s.atFirst }),
            costFactor('unit', 'dom/per-unit', { modesOfDelivery: ['std'], costPerUnit: s.perUnit + 0.001, costPerUnitPerDistance: s.perUnitMile }),
          ],
          orders: s.orders.map((lines, i) => order(`O${i}`, lines)),
        }));
        expectCostsAddUp(plan);
      }),
      { numRuns: 40, seed: 12 },
    );
  }, 120_000);
});

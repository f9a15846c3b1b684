import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, type CostFactorPlugin, type MemoryRecords, type OpenDomPlugin } from '../../index.js';
import { AS_OF, assignmentCosts, assignmentsOf, costFactor, type CostFactorRecord, location, order, planLine, runScenario, scenario, stock } from 'opendom/testing';

/**
 * docs/spec.md §5: with localStoreRegionRadius R, costs and cost comparisons use
 * R × ceil(d / R), so every location within R of the customer is equally
 * near. The filter stage gives that distance to every cost hook.
 */

// B is nearest (10 mi) but pays a location cost of 1; A is at 40 mi; C at 60 mi.
const pricing = [
  costFactor('ship', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 1 }),
  costFactor('b-fee', 'dom/other-location', { locationId: 'B', cost: 1 }),
];
const records = (radius: number, costFactors: CostFactorRecord[] = pricing) =>
  scenario({
    parameters: { distanceUnit: 'mi', localStoreRegionRadius: radius },
    locations: [location('A', 40), location('B', 10), location('C', 60)],
    inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V1', 'C', 5)],
    costFactors,
    orders: [order('O1', [['V1', 1]])],
  });

describe('local store region radius', () => {
  it('makes every location within the radius equally near in costs', async () => {
    // R = 0: B costs 10 + 1, A 40. R = 50: A and B both cost 50 by distance, B pays 1 more; C costs 100.
    expect(assignmentsOf(await runScenario(records(0)), 'O1-1')).toEqual({ B: 1 });
    const grouped = await runScenario(records(50));
    expect(assignmentCosts(grouped, 'O1-1')).toEqual({ A: { ship: 50 } });
    // The plan keeps the exact distance; the comparison with the runners-up uses the grouped one.
    expect(planLine(grouped, 'O1-1').assignments[0]!.distance).toBe(40);
    expect(planLine(grouped, 'O1-1').explanation.alternatives.map((a) => [a.locationId, a.distance, a.cost, a.whyNot])).toEqual([
      ['B', 10, 51, 'costs 1 more'],
      ['C', 60, 100, 'costs 50 more'],
    ]);
  });

  it('is the default cost when no factor is active', async () => {
    const plan = await runScenario(records(25, []));
    expect(plan.totals.costByFactor).toEqual({ distance: 25 });
  });

  it('reaches every cost hook: shipment, assignment and unit costs all see R × ceil(d / R), and the exact distance beside it', async () => {
    const seen: Array<[string, string, number, number]> = [];
    const probe: CostFactorPlugin = {
      meta: { id: 'test/probe', version: '1.0.0', compatibility: '^1.0.0', description: 'records the distances it is given', optionsSchema: { type: 'object' } },
      create: () => ({
        shipmentCost: (s) => (seen.push(['shipment', s.location.id, s.costDistance, s.distance]), 0),
        assignmentCost: (c) => (seen.push(['assignment', c.location.id, c.costDistance, c.distance]), 0),
        unitCost: (c) => (seen.push(['unit', c.location.id, c.costDistance, c.distance]), 0),
      }),
    };
    const probePackage: OpenDomPlugin = { name: 'probe', register: (api) => api.addCostFactor(probe) };
    const data: MemoryRecords = records(25, [costFactor('probe', 'test/probe', {})]);
    const engine = await createEngine({ data: new MemoryDataSource(data), plugins: [probePackage] });
    await engine.run({ profileId: 'p', asOf: AS_OF });
    const expected = { A: 50, B: 25, C: 75 } as Record<string, number>;
    for (const hook of ['shipment', 'assignment', 'unit']) {
      const distances = Object.fromEntries(seen.filter(([h]) => h === hook).map(([, id, d]) => [id, d]));
      expect(distances, hook).toEqual(expected);
      // Beside it, every hook also gets the exact distance (a CO2 or per-mile cost must not be overstated by the radius).
      const exact = Object.fromEntries(seen.filter(([h]) => h === hook).map(([, id, , d]) => [id, Math.round(d * 1e6) / 1e6]));
      expect(exact, hook).toEqual({ A: 40, B: 10, C: 60 });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { assignmentsOf, location, order, Random, rounded, runScenario, scenario, stock } from 'opendom/testing';

interface Instance {
  locations: Array<{ id: string; miles: number }>;
  stock: Array<{ variant: string; location: string; quantity: number }>;
  orders: Array<{ id: string; lines: Array<{ id: string; variant: string; quantity: number }> }>;
}

function makeInstance(seed: number): Instance {
  const rng = new Random(seed);
  const rnd = () => rng.next();
  const int = (lo: number, hi: number) => rng.int(lo, hi);
  const locations = ['A', 'B', 'C'].map((id) => ({ id, miles: int(1, 300) }));
  const variants = ['V1', 'V2', 'V3'];
  const stockList = locations.flatMap((l) => variants.map((v) => ({ variant: v, location: l.id, quantity: rnd() < 0.6 ? int(1, 3) : 0 })));
  const orders = Array.from({ length: int(2, 3) }, (_, o) => ({
    id: `O${o + 1}`,
    lines: Array.from({ length: int(1, 2) }, (_, l) => ({ id: `O${o + 1}-${l + 1}`, variant: variants[int(0, 2)]!, quantity: int(1, 3) })),
  }));
  return { locations, stock: stockList, orders };
}

/**
 * Brute force over every way to ship each line whole from one location or
 * not at all: the best (most units, then least cost) plan. Cost: every
 * (order, location) shipment costs its distance.
 */
function bruteForce(instance: Instance): { units: number; cost: number } {
  const lines = instance.orders.flatMap((o) => o.lines.map((l) => ({ ...l, order: o.id })));
  const distance = new Map(instance.locations.map((l) => [l.id, l.miles]));
  const choices = [null, ...instance.locations.map((l) => l.id)];
  let best = { units: -1, cost: Infinity };
  const pick: Array<string | null> = [];
  const visit = (i: number) => {
    if (i === lines.length) {
      const used = new Map<string, number>();
      const shipments = new Set<string>();
      let units = 0;
      lines.forEach((line, k) => {
        const at = pick[k];
        if (!at) return;
        used.set(`${line.variant}@${at}`, (used.get(`${line.variant}@${at}`) ?? 0) + line.quantity);
        shipments.add(`${line.order}@${at}`);
        units += line.quantity;
      });
      for (const s of instance.stock) if ((used.get(`${s.variant}@${s.location}`) ?? 0) > s.quantity) return;
      const cost = [...shipments].reduce((sum, s) => sum + distance.get(s.split('@')[1]!)!, 0);
      if (units > best.units || (units === best.units && cost < best.cost)) best = { units, cost };
      return;
    }
    for (const choice of choices) {
      pick[i] = choice;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

describe('lexicographic objective: fulfilment first, then cost', () => {
  it('matches brute force on 25 random tiny instances', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const instance = makeInstance(seed);
      const expected = bruteForce(instance);
      const plan = await runScenario(
        scenario({
          locations: instance.locations.map((l) => location(l.id, l.miles)),
          inventory: instance.stock.filter((s) => s.quantity > 0).map((s) => stock(s.variant, s.location, s.quantity)),
          orders: instance.orders.map((o) => order(o.id, o.lines.map((l) => [l.variant, l.quantity] as [string, number]))),
        }),
      );
      expect(plan.solver.status, `seed ${seed}`).toBe('optimal');
      expect(plan.totals.unitsFulfilled, `seed ${seed}`).toBe(expected.units);
      expect(plan.totals.cost, `seed ${seed}`).toBeCloseTo(expected.cost, 6);
    }
  });

  it('fulfils more units even when that costs more', async () => {
    // One unit of V1 at A (10 mi) and 2 units at C (500 mi). O1 wants 2 units: only C can serve it whole.
    const plan = await runScenario(
      scenario({ locations: [location('A', 10), location('C', 500)], inventory: [stock('V1', 'A', 1), stock('V1', 'C', 2)], orders: [order('O1', [['V1', 2]])] }),
    );
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ C: 2 });
    expect(plan.lines[0]!.explanation.removed[0]!.messageId).toBe('insufficientStock');
  });

  it('ships an order from as few locations as the cost makes worthwhile', async () => {
    // V1 at A (20 mi) and B (60 mi); V2 only at B. Split: 20 + 60 = 80; together from B: 60.
    const together = await runScenario(
      scenario({
        locations: [location('A', 20), location('B', 60)],
        inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5), stock('V2', 'B', 5)],
        orders: [order('O1', [['V1', 1], ['V2', 1]])],
      }),
    );
    expect(assignmentsOf(together, 'O1-1')).toEqual({ B: 1 });
    expect(assignmentsOf(together, 'O1-2')).toEqual({ B: 1 });
    expect(rounded(together.totals)).toMatchObject({ shipments: 1, splitOrders: 0, cost: 60 });
    const why = together.lines.find((l) => l.lineId === 'O1-1')!.explanation;
    expect(rounded(why.alternatives[0])).toMatchObject({ locationId: 'A', cost: 20 });
    expect(why.alternatives[0]!.whyNot).toContain('same shipment');
    // V1 only at A and V2 only at C: the order must split, A for V1 (20), C for V2 (300).
    const split = await runScenario(
      scenario({
        locations: [location('A', 20), location('C', 300)],
        inventory: [stock('V1', 'A', 5), stock('V2', 'C', 5)],
        orders: [order('O1', [['V1', 1], ['V2', 1]])],
      }),
    );
    expect(rounded(split.totals)).toMatchObject({ shipments: 2, splitOrders: 1, shipmentsPerOrder: 2, cost: 320 });
  });

  it('between lines of equal units, the more valuable line is fulfilled', async () => {
    const plan = await runScenario(
      scenario({
        locations: [location('A', 10)],
        inventory: [stock('V1', 'A', 1)],
        orders: [order('CHEAP', [['V1', 1, 5]]), order('DEAR', [['V1', 1, 50]])],
      }),
    );
    expect(assignmentsOf(plan, 'DEAR-1')).toEqual({ A: 1 });
    expect(assignmentsOf(plan, 'CHEAP-1')).toEqual({});
    expect(plan.lines.find((l) => l.lineId === 'CHEAP-1')!.explanation.alternatives[0]!.whyNot).toBe('its 1 usable units went to other lines (1 taken)');
  });

  it('groups distances by the local store region radius', async () => {
    // Radius 50: A at 10 mi and B at 45 mi both cost 50; C at 51 mi costs 100.
    const records = scenario({
      locations: [location('A', 10), location('B', 45), location('C', 51)],
      inventory: [stock('V1', 'B', 5), stock('V1', 'C', 5)],
      orders: [order('O1', [['V1', 1]])],
    });
    records.parameters = { distanceUnit: 'mi', localStoreRegionRadius: 50 };
    const plan = await runScenario(records);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 });
    expect(rounded(plan.lines[0]!.assignments[0])).toMatchObject({ cost: 50, costBreakdown: [{ factorId: 'distance', amount: 50 }] });
    expect(plan.lines[0]!.assignments[0]!.distance).toBeCloseTo(45, 6);
  });

  it('measures in kilometres when the dataset says so', async () => {
    const records = scenario({ locations: [location('A', 100)], inventory: [stock('V1', 'A', 1)], orders: [order('O1', [['V1', 1]])] });
    records.parameters = { distanceUnit: 'km' };
    const plan = await runScenario(records);
    expect(plan.lines[0]!.assignments[0]!.distance).toBeCloseTo(160.934, 2);
  });
});

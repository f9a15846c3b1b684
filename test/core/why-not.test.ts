import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, type FulfillmentProblem, type MemoryRecords, type Plan, type WhyNot } from '../../index.js';
import { AS_OF, location, order, rule, scenario, stock } from '../../testing/scenario.js';
import { Random } from '../../testing/random.js';

/** Runs profile `p` and asks why a line did not go to a location, on the same data; `problems` gets each iteration-1 problem the run solved. */
async function runAndAsk(records: MemoryRecords, lineId: string, locationId: string, problems: FulfillmentProblem[] = []): Promise<{ plan: Plan; answer: WhyNot }> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF, onSolved: (solved, where) => void (where.iteration === 1 && problems.push(solved.problem)) });
    return { plan, answer: await engine.whyNot(plan, lineId, locationId) };
  } finally {
    await engine.close();
  }
}

describe('why not this location', () => {
  it('names the rule that removed the location before the solve, and whether it is soft', async () => {
    const records = scenario({
      locations: [location('A', 10), location('OFF', 5)],
      inventory: [stock('V1', 'A', 5), stock('V1', 'OFF', 5)],
      orders: [order('O1', [['V1', 1]])],
      rules: [rule('off', 'dom/offline-location', {}, { scope: { locationIds: ['OFF'] }, hardConstraint: true })],
    });
    const { answer } = await runAndAsk(records, 'O1-1', 'OFF');
    expect(answer).toMatchObject({ kind: 'removed', ruleId: 'off', pluginId: 'dom/offline-location', messageId: 'offline', reason: 'OFF is offline (rule off)', soft: false });
    expect((await runAndAsk(records, 'O1-1', 'A')).answer.kind).toBe('chosen');
    expect((await runAndAsk(records, 'O1-1', 'NOWHERE')).answer.kind).toBe('not-a-location');
  });

  it('says which earlier lines took the stock, and who used up an order limit', async () => {
    // One order per batch: O1 (batch 0) takes A's only unit and A's only order slot before O2 (batch 1) is planned.
    const base = { locations: [location('A', 10), location('B', 50)], orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]])], profile: { maxLinesPerOptimization: 1 } };
    const stockOnly = scenario({ ...base, inventory: [stock('V1', 'A', 1), stock('V1', 'B', 5)] });
    const { plan, answer } = await runAndAsk(stockOnly, 'O2-1', 'A');
    expect(plan.lines.map((l) => [l.lineId, l.batch, l.assignments[0]?.locationId])).toEqual([['O1-1', 0, 'A'], ['O2-1', 1, 'B']]);
    expect(answer).toMatchObject({ kind: 'no-stock', takenBy: [{ orderId: 'O1', lineId: 'O1-1', quantity: 1 }] });

    const capped = scenario({ ...base, inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)], rules: [rule('cap', 'dom/max-orders', { maxOrders: 1 }, { hardConstraint: true, scope: { locationIds: ['A'] } })] });
    const limited = await runAndAsk(capped, 'O2-1', 'A');
    expect(limited.answer).toMatchObject({ kind: 'capacity', ruleId: 'cap', usedBy: ['O1'] });
  });

  it('re-solves with the line forced to a dearer candidate: the hand-computed cost difference and the line that moves', async () => {
    // One batch; A (10 mi) has one unit, B (50 mi) plenty: O1 and O2 ask one unit each. The plan gives A's unit to one of them.
    const records = scenario({
      locations: [location('A', 10), location('B', 50)],
      inventory: [stock('V1', 'A', 1), stock('V1', 'B', 5)],
      orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]]), order('O3', [['V2', 1]])],
    });
    const problems: FulfillmentProblem[] = [];
    const { plan } = await runAndAsk(records, 'O1-1', 'B', problems);
    const atB = plan.lines.find((l) => l.assignments[0]?.locationId === 'B' && l.variantId === 'V1')!;
    const atA = plan.lines.find((l) => l.assignments[0]?.locationId === 'A')!;
    // Forcing the line shipped from B to A sends the other to B: the same two shipments, so the same cost.
    const { answer: swap } = await runAndAsk(records, atB.lineId, 'A');
    expect(swap).toMatchObject({ kind: 'dearer', costDifference: 0, unitsLost: 0, moves: [{ lineId: atA.lineId, from: ['A×1'], to: ['B×1'] }] });
    // O3's V2 is in stock nowhere: it is not in the line's part of the batch and never moves.
    expect(swap.kind === 'dearer' && swap.moves.some((m) => m.lineId === 'O3-1')).toBe(false);
  });

  it('on 100 random small instances, answers the cost difference and units lost of a brute-force re-solve with the line forced', async () => {
    const random = new Random(2026);
    let dearer = 0;
    for (let instance = 0; dearer < 100; instance++) {
      expect(instance, 'fewer than 100 dearer answers in 1,000 random instances').toBeLessThan(1000);
      const locations = ['A', 'B', 'C'].slice(0, random.int(2, 3)).map((id) => location(id, random.int(5, 120)));
      const inventory = locations.flatMap((l) => ['V1', 'V2'].map((v) => stock(v, l.id, random.int(0, 3))));
      const orders = Array.from({ length: random.int(2, 4) }, (_, o) => order(`O${o + 1}`, Array.from({ length: random.int(1, 2) }, () => [random.pick(['V1', 'V2']), random.int(1, 2)] as [string, number])));
      const records = scenario({ locations, inventory, orders });
      const lines = orders.flatMap((o) => o.lines.map((l) => l.id));
      const lineId = random.pick(lines);
      const locationId = random.pick(locations).id;
      const problems: FulfillmentProblem[] = [];
      const { answer } = await runAndAsk(records, lineId, locationId, problems);
      if (answer.kind !== 'dearer') continue;
      dearer++;
      const problem = problems[0]!;
      const line = problem.lines.find((l) => l.line.id === lineId)!;
      const base = bruteForce(problem);
      const forced = bruteForce(problem, { line: line.index, location: locationId });
      expect(answer.unitsLost, `instance ${instance}`).toBe(base.units - forced.units);
      expect(answer.costDifference, `instance ${instance}`).toBeCloseTo(forced.cost - base.cost, 6);
    }
  });
});

/**
 * The lexicographic optimum (most units, then least cost) of a small
 * problem by enumeration: each line ships whole from one of its candidates
 * or not at all (the default order structure), within each stock entry;
 * a shipment's cost is paid once per order and location used. `forced`
 * leaves that line only the location named (or nothing).
 */
function bruteForce(problem: FulfillmentProblem, forced?: { line: number; location: string }): { units: number; cost: number } {
  const choices = problem.lines.map((l) => [-1, ...l.arcs.filter((a) => !forced || forced.line !== l.index || problem.locations[problem.arcs.at(a).location]!.location.id === forced.location)]);
  let best = { units: -1, cost: Infinity };
  const pick = new Array<number>(problem.lines.length);
  const visit = (i: number): void => {
    if (i === problem.lines.length) {
      const used = new Map<number, number>();
      const shipments = new Set<number>();
      let units = 0;
      let cost = 0;
      for (const [l, a] of pick.entries()) {
        if (a === -1) continue;
        const arc = problem.arcs.at(a);
        const quantity = problem.lines[l]!.line.quantity;
        used.set(arc.stock, (used.get(arc.stock) ?? 0) + quantity);
        units += quantity;
        cost += arc.assignmentCosts.reduce((s, t) => s + t.amount, 0) + arc.unitCosts.reduce((s, t) => s + t.amount, 0) * quantity;
        shipments.add(arc.shipment);
      }
      if ([...used].some(([s, q]) => q > problem.stock[s]!.usable)) return;
      for (const s of shipments) cost += problem.shipments.at(s).costs.reduce((sum, t) => sum + t.amount, 0);
      if (units > best.units || (units === best.units && cost < best.cost - 1e-9)) best = { units, cost };
      return;
    }
    for (const a of choices[i]!) {
      pick[i] = a;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

import { describe, expect, it } from 'vitest';
import { OrderSearch, scoreLess, type OrderSearchOptions, type PlanScores } from '../../core/model/order-search.js';
import type { FulfillmentProblem } from '../../core/model/problem.js';
import { lexicographicScores } from '../../core/solve/plan-scores.js';
import { fixtureProblem, randomFixture } from 'opendom/testing';

/** Every way to give each line one of its arcs or nothing: the best score, by enumeration. */
function bruteForce(problem: FulfillmentProblem, scores: PlanScores, order: number, options: OrderSearchOptions): Float64Array {
  const lines = problem.orders[order]!.lines;
  const dims = scores.dims;
  let best = new Float64Array(dims);
  const choose = (i: number, arcs: number[]): void => {
    if (i === lines.length) {
      if (options.allOrNothing && arcs.length < lines.length && arcs.length > 0) return;
      const shipments = new Set(arcs.map((a) => problem.arcs.at(a).shipment));
      if (options.maxShipments !== undefined && options.maxShipments !== null && shipments.size > options.maxShipments) return;
      const taken = new Map<number, number>();
      for (const a of arcs) taken.set(problem.arcs.at(a).stock, (taken.get(problem.arcs.at(a).stock) ?? 0) + problem.lines[problem.arcs.at(a).line]!.line.quantity);
      for (const [stock, units] of taken) if (units > (options.availability?.stockLeft[stock] ?? Infinity)) return;
      for (const s of shipments) if ((options.availability?.capacityLeft[problem.shipments.at(s).location] ?? Infinity) < 1) return;
      const score = new Float64Array(dims);
      for (const a of arcs) for (let k = 0; k < dims; k++) score[k]! += scores.arc[a * dims + k]!;
      for (const s of shipments) for (let k = 0; k < dims; k++) score[k]! += scores.shipment[s * dims + k]!;
      if (scoreLess(score, best, dims)) best = score;
      return;
    }
    const line = problem.lines[lines[i]!]!;
    choose(i + 1, arcs);
    for (const a of line.arcs) if (problem.stock[problem.arcs.at(a).stock]!.usable >= line.line.quantity) choose(i + 1, [...arcs, a]);
  };
  choose(0, []);
  return best;
}

describe('order search', () => {
  it('finds the best set of locations of each order, as enumeration does (random problems, with structure and stock left)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const problem = fixtureProblem(randomFixture(seed, 10, 4 + (seed % 5)));
      const scores = lexicographicScores(problem);
      const search = new OrderSearch(problem, scores);
      const availability = { stockLeft: Float64Array.from(problem.stock, (s) => s.usable - (s.index % 2)), capacityLeft: Float64Array.from(problem.locations, (l) => (l.index === 1 ? 0 : Infinity)) };
      for (const order of problem.orders) {
        for (const options of [{}, { maxShipments: 1 }, { allOrNothing: true }, { availability }] as OrderSearchOptions[]) {
          const found = search.best(order.index, options);
          expect(found.exact).toBe(true);
          expect(Array.from(found.score)).toEqual(Array.from(bruteForce(problem, scores, order.index, options)));
        }
      }
    }
  });

  it('takes only the arcs it is allowed and returns nothing when all-or-nothing cannot be met', () => {
    const problem = fixtureProblem({
      name: 'search',
      locations: { A: {}, B: {} },
      stock: { 'V1@A': 1, 'V1@B': 1, 'V2@B': 1 },
      orders: [{ id: 'O1', lines: [['V1', 1], ['V2', 1]], ship: { A: 1, B: 5 } }],
    });
    const search = new OrderSearch(problem, lexicographicScores(problem));
    const locationsOf = (arcs: number[]) => arcs.map((a) => problem.locations[problem.arcs.at(a).location]!.location.id);
    // Both from B (5) beats V1 from A and V2 from B (1 + 5).
    expect(locationsOf(search.best(0).arcs)).toEqual(['B', 'B']);
    const notB = Uint8Array.from(problem.arcs.objects(), (a) => (problem.locations[a.location]!.location.id === 'B' ? 0 : 1));
    expect(locationsOf(search.best(0, { allowed: notB }).arcs)).toEqual(['A']);
    expect(search.best(0, { allowed: notB, allOrNothing: true }).arcs).toEqual([]);
  });
});

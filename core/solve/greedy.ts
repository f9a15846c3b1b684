import { OrderSearch, scoreLess, type Availability, type OrderPlan } from '../model/order-search.js';
import type { FulfillmentProblem, ProblemOrder } from '../model/problem.js';
import { lexicographicScores } from './plan-scores.js';

/**
 * The greedy planner: each order, hardest to fill first, takes its best set
 * of locations given what earlier orders left (found exactly per order by
 * `OrderSearch`, scored by `lexicographicScores`); then moves of two orders
 * that compete for the same stock or capacity — release both, re-plan them
 * in either sequence — are applied while they improve the pair's combined
 * score. Deterministic: the same problem always gives the same plan.
 */

export interface GreedyOptions {
  /**
   * `order`: honour each order's structure (most locations, all-or-nothing);
   * `default`: plan every order with the default structure — the partial
   * orders rule ignored, as a simplified solver does (SPEC.md §4.3).
   * Lines are always whole.
   */
  structure: 'order' | 'default';
  /** `hardest-first` (default): fewest options first; `arrival`: the orders' sequence in the batch. */
  sequence?: 'hardest-first' | 'arrival';
  /** Rounds of improving moves after the construction (default 3; 0: none). */
  improvementRounds?: number;
}

export interface GreedyResult {
  /** Units on each arc of the problem. */
  arcQuantities: number[];
  /** Improving moves applied. */
  moves: number;
}

const DEFAULT_IMPROVEMENT_ROUNDS = 3;
/** Partners tried per order and round: the orders holding the stock it would rather have. */
const PARTNERS_PER_ORDER = 6;

export function greedyPlan(problem: FulfillmentProblem, options: GreedyOptions): GreedyResult {
  const planner = new GreedyPlanner(problem, options);
  const sequence = options.sequence === 'arrival' ? problem.orders.map((o) => o.index) : hardestFirst(problem);
  for (const order of sequence) planner.place(order);
  let moves = 0;
  for (let round = 0; round < (options.improvementRounds ?? DEFAULT_IMPROVEMENT_ROUNDS); round++) {
    const applied = planner.improve(sequence);
    moves += applied;
    if (applied === 0) break;
  }
  return { arcQuantities: planner.arcQuantities(), moves };
}

/** Orders whose most constrained line has the fewest candidates first; then more lines, then arrival. */
function hardestFirst(problem: FulfillmentProblem): number[] {
  const options = problem.orders.map((order) =>
    order.lines.reduce((fewest, l) => {
      const line = problem.lines[l]!;
      const usable = line.arcs.filter((a) => problem.stock[problem.arcs[a]!.stock]!.usable >= line.line.quantity).length;
      return Math.min(fewest, usable);
    }, Infinity),
  );
  return problem.orders
    .map((o) => o.index)
    .sort((a, b) => options[a]! - options[b]! || problem.orders[b]!.lines.length - problem.orders[a]!.lines.length || a - b);
}

class GreedyPlanner {
  private readonly search: OrderSearch;
  private readonly dims: number;
  private readonly availability: Availability;
  private readonly plans: OrderPlan[];
  /** Orders holding units of each stock entry. */
  private readonly holders: Set<number>[];
  /** Each order's best plan with nothing taken by others (computed when first needed). */
  private readonly wishes: Array<OrderPlan | undefined>;

  constructor(
    private readonly problem: FulfillmentProblem,
    private readonly options: GreedyOptions,
  ) {
    const scores = lexicographicScores(problem);
    this.dims = scores.dims;
    this.search = new OrderSearch(problem, scores);
    this.availability = {
      stockLeft: Float64Array.from(problem.stock, (s) => s.usable),
      capacityLeft: Float64Array.from(problem.locations, (l) => l.orderCapacity ?? Infinity),
    };
    const nothing: OrderPlan = { arcs: [], score: new Float64Array(this.dims), exact: true };
    this.plans = problem.orders.map(() => nothing);
    this.holders = problem.stock.map(() => new Set());
    this.wishes = problem.orders.map(() => undefined);
  }

  place(order: number): void {
    this.take(order, this.search.best(order, { ...this.structure(this.problem.orders[order]!), availability: this.availability }));
  }

  /** One round of pair moves; the number applied. */
  improve(sequence: number[]): number {
    let applied = 0;
    for (const order of sequence) {
      const wish = this.wish(order);
      if (!scoreLess(wish.score, this.plans[order]!.score, this.dims)) continue;
      for (const partner of this.partners(order, wish)) {
        if (this.tryPair(order, partner)) {
          applied++;
          break;
        }
      }
    }
    return applied;
  }

  arcQuantities(): number[] {
    const quantities = new Array<number>(this.problem.arcs.length).fill(0);
    for (const plan of this.plans) for (const arc of plan.arcs) quantities[arc] = this.quantity(arc);
    return quantities;
  }

  // ---------------------------------------------------------------- moves ----

  /** Release both orders, re-plan them in either sequence; keep the better result if it beats the current one. */
  private tryPair(a: number, b: number): boolean {
    const before = [this.plans[a]!, this.plans[b]!] as const;
    const current = add(before[0].score, before[1].score);
    this.release(a);
    this.release(b);
    let best: { first: number; plans: [OrderPlan, OrderPlan]; score: Float64Array } | undefined;
    for (const [first, second] of [[a, b], [b, a]] as const) {
      const planFirst = this.bestFor(first);
      this.take(first, planFirst);
      const planSecond = this.bestFor(second);
      this.release(first);
      const score = add(planFirst.score, planSecond.score);
      if (scoreLess(score, best?.score ?? current, this.dims)) best = { first, plans: [planFirst, planSecond], score };
    }
    if (!best) {
      this.take(a, before[0]);
      this.take(b, before[1]);
      return false;
    }
    this.take(best.first, best.plans[0]);
    this.take(best.first === a ? b : a, best.plans[1]);
    return true;
  }

  /** Orders holding stock that the order's wish needs and cannot get now, most units first. */
  private partners(order: number, wish: OrderPlan): number[] {
    const blockers = new Map<number, number>();
    for (const arc of wish.arcs) {
      const { stock } = this.problem.arcs[arc]!;
      const quantity = this.quantity(arc);
      const own = this.plans[order]!.arcs.filter((a) => this.problem.arcs[a]!.stock === stock).reduce((sum, a) => sum + this.quantity(a), 0);
      if (this.availability.stockLeft[stock]! + own >= quantity) continue;
      for (const holder of this.holders[stock]!) {
        if (holder === order) continue;
        const held = this.plans[holder]!.arcs.filter((a) => this.problem.arcs[a]!.stock === stock).reduce((sum, a) => sum + this.quantity(a), 0);
        blockers.set(holder, (blockers.get(holder) ?? 0) + held);
      }
    }
    return [...blockers]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, PARTNERS_PER_ORDER)
      .map(([holder]) => holder);
  }

  private wish(order: number): OrderPlan {
    let wish = this.wishes[order];
    if (!wish) this.wishes[order] = wish = this.search.best(order, this.structure(this.problem.orders[order]!));
    return wish;
  }

  // ------------------------------------------------------------- plumbing ----

  private bestFor(order: number): OrderPlan {
    return this.search.best(order, { ...this.structure(this.problem.orders[order]!), availability: this.availability });
  }

  private structure(order: ProblemOrder): { maxShipments: number | null; allOrNothing: boolean } {
    if (this.options.structure === 'default') return { maxShipments: null, allOrNothing: false };
    const { maxLocations, allOrNothing } = order.structure;
    return { maxShipments: maxLocations === null ? null : Math.max(0, maxLocations - order.usedLocations), allOrNothing };
  }

  private quantity(arc: number): number {
    return this.problem.lines[this.problem.arcs[arc]!.line]!.line.quantity;
  }

  private take(order: number, plan: OrderPlan): void {
    this.plans[order] = plan;
    this.account(plan, -1, order);
  }

  private release(order: number): void {
    this.account(this.plans[order]!, 1, order);
  }

  /** Gives back (+1) or takes (−1) the plan's stock and its new locations' capacity. */
  private account(plan: OrderPlan, sign: 1 | -1, order: number): void {
    const { problem, availability } = this;
    const locations = new Set<number>();
    for (const arc of plan.arcs) {
      const a = problem.arcs[arc]!;
      availability.stockLeft[a.stock]! += sign * this.quantity(arc);
      if (sign === -1) this.holders[a.stock]!.add(order);
      else this.holders[a.stock]!.delete(order);
      if (!problem.shipments[a.shipment]!.existing) locations.add(a.location);
    }
    for (const location of locations) availability.capacityLeft[location]! += sign;
  }
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, k) => value + b[k]!);
}

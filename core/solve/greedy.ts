import { scoreLess, type Availability, type OrderSearch, type OrderPlan, type PlanScores } from '../model/order-search.js';
import type { FulfillmentProblem, ProblemOrder } from '../model/problem.js';
import { lexicographicSearch } from './plan-scores.js';
import { typedArrayOf } from '../model/typed-arrays.js';

/**
 * The greedy planner: each order, hardest to fill first, takes its best set
 * of locations given what earlier orders left (found exactly per order by
 * `OrderSearch`, scored by `lexicographicScores`). Then, in rounds:
 *
 * - a line left short is filled by moving a line of another order off the
 *   stock it needs to other stock that line can use (an augmenting move:
 *   more units, at the cheapest such exchange);
 * - an order that cannot get its own best plan is re-planned on its own, then
 *   with each order in its way (released together, re-planned in either
 *   sequence), then with several of them at once; a move is kept when the
 *   orders it touches score better together.
 *
 * Deterministic: the same problem always gives the same plan.
 */

export interface GreedyOptions {
  /**
   * `order`: honour each order's structure (most locations, all-or-nothing);
   * `default`: plan every order with the default structure — the partial
   * orders rule ignored, as a simplified solver does (docs/spec.md §4.3).
   * Lines are always whole.
   */
  structure: 'order' | 'default';
  /** `hardest-first` (default): fewest options first; `arrival`: the orders' sequence in the batch. */
  sequence?: 'hardest-first' | 'arrival';
  /** Rounds of improving moves after the construction (default 3; 0: none): the move budget. */
  improvementRounds?: number;
  /** `performance.now()` after which no new round of moves starts: the time budget (default none). */
  deadline?: number;
  /** The orders to plan (default: all); the others ship nothing in the result. */
  orders?: readonly number[];
  /** Units per arc that other orders already take (e.g. those settled without a MIP): less stock and capacity is left. */
  taken?: ArrayLike<number>;
}

export interface GreedyResult {
  /** Units on each arc of the problem. */
  arcQuantities: number[];
  /** Improving moves applied. */
  moves: number;
  /** Whether the time budget stopped the rounds of moves before the move budget or a round without a move did. */
  outOfTime: boolean;
  /** Whether every order got the plan it would get with nothing taken by the others: then no plan scores better. */
  optimal: boolean;
}

const DEFAULT_IMPROVEMENT_ROUNDS = 3;
/** The holders of a stock entry no order holds yet: shared, never added to. */
const NO_HOLDERS: ReadonlySet<number> = new Set();
/** Partners tried per order and round: orders holding stock it would rather have. */
const PARTNERS_PER_ORDER = 8;
/** Partners released with an order in a group move when no pair move helps. */
const GROUP_PARTNERS = 4;
/** Most lines an augmenting path moves, and lines holding one stock entry it looks at. */
const AUGMENTING_DEPTH = 6;
const HOLDERS_PER_STEP = 24;

export function greedyPlan(problem: FulfillmentProblem, options: GreedyOptions): GreedyResult {
  const planner = new GreedyPlanner(problem, options);
  const orders = options.orders ?? problem.orders.map((o) => o.index);
  const sequence = options.sequence === 'arrival' ? [...orders] : hardestFirst(problem, orders);
  for (const order of sequence) planner.place(order);
  let moves = 0;
  let outOfTime = false;
  for (let round = 0; round < (options.improvementRounds ?? DEFAULT_IMPROVEMENT_ROUNDS); round++) {
    if (options.deadline !== undefined && performance.now() >= options.deadline) {
      outOfTime = true;
      break;
    }
    const applied = planner.fillShortLines(sequence) + planner.improve(sequence);
    moves += applied;
    if (applied === 0) break;
  }
  return { arcQuantities: planner.arcQuantities(), moves, outOfTime, optimal: planner.everyOrderHasItsWish(orders) };
}

/** Orders whose most constrained line has the fewest candidates first; then more lines, then arrival. */
function hardestFirst(problem: FulfillmentProblem, orders: readonly number[]): number[] {
  const options = new Map(
    orders.map((order) => [
      order,
      problem.orders[order]!.lines.reduce((fewest, l) => {
        const line = problem.lines[l]!;
        const usable = line.arcs.filter((a) => problem.stock[problem.arcs.stock[a]!]!.usable >= line.line.quantity).length;
        return Math.min(fewest, usable);
      }, Infinity),
    ]),
  );
  return [...orders].sort((a, b) => options.get(a)! - options.get(b)! || problem.orders[b]!.lines.length - problem.orders[a]!.lines.length || a - b);
}

class GreedyPlanner {
  private readonly search: OrderSearch;
  private readonly scores: PlanScores;
  private readonly dims: number;
  private readonly availability: Availability;
  private readonly plans: OrderPlan[];
  /** Orders holding units of each stock entry (made when first held: most entries of a large problem never are). */
  private readonly holders: Array<Set<number> | undefined>;
  /** Each order's best plan with nothing taken by others (computed when first needed). */
  private readonly wishes: Array<OrderPlan | undefined>;

  constructor(
    private readonly problem: FulfillmentProblem,
    private readonly options: GreedyOptions,
  ) {
    ({ scores: this.scores, search: this.search } = lexicographicSearch(problem));
    this.dims = this.scores.dims;
    this.availability = {
      stockLeft: typedArrayOf(Float64Array, problem.stock.length, (s) => problem.stock[s]!.usable),
      capacityLeft: typedArrayOf(Float64Array, problem.locations.length, (l) => problem.locations[l]!.orderCapacity ?? Infinity),
    };
    if (options.taken) this.takeOthers(options.taken);
    const nothing: OrderPlan = { arcs: [], score: new Float64Array(this.dims), exact: true };
    this.plans = problem.orders.map(() => nothing);
    this.holders = new Array<Set<number> | undefined>(problem.stock.length);
    this.wishes = problem.orders.map(() => undefined);
  }

  place(order: number): void {
    this.take(order, this.search.best(order, { ...this.structure(this.problem.orders[order]!), availability: this.availability }));
  }

  /** One round of augmenting moves for lines left short; the number applied. */
  fillShortLines(sequence: number[]): number {
    let applied = 0;
    for (const order of sequence) {
      const o = this.problem.orders[order]!;
      // Filling one line of an all-or-nothing order that is not shipping cannot make it whole.
      if (this.options.structure === 'order' && o.structure.allOrNothing) continue;
      const shipped = new Set(this.plans[order]!.arcs.map((a) => this.problem.arcs.line[a]!));
      for (const line of o.lines) if (!shipped.has(line) && this.fillLine(order, line)) applied++;
    }
    return applied;
  }

  /** One round of pair moves; the number applied. */
  improve(sequence: number[]): number {
    let applied = 0;
    for (const order of sequence) {
      // On its own first: stock others gave back since it was placed may suit it better.
      const before = this.plans[order]!;
      this.release(order);
      const again = this.bestFor(order);
      if (scoreLess(again.score, before.score, this.dims)) {
        this.take(order, again);
        applied++;
      } else {
        this.take(order, before);
      }
      const wish = this.wish(order);
      if (!scoreLess(wish.score, this.plans[order]!.score, this.dims)) continue;
      const partners = this.partners(order, wish);
      if (partners.some((partner) => this.tryGroup([order, partner], [[order, partner], [partner, order]]))) {
        applied++;
        continue;
      }
      const group = partners.slice(0, GROUP_PARTNERS);
      if (group.length > 1 && this.tryGroup([order, ...group], [[order, ...group], [...group, order], [order, ...group.reverse()]])) applied++;
    }
    return applied;
  }

  everyOrderHasItsWish(orders: readonly number[]): boolean {
    return orders.every((o) => {
      const wish = this.wish(o);
      return wish.exact && !scoreLess(wish.score, this.plans[o]!.score, this.dims);
    });
  }

  arcQuantities(): number[] {
    const quantities = new Array<number>(this.problem.arcs.length).fill(0);
    for (const plan of this.plans) for (const arc of plan.arcs) quantities[arc] = this.quantity(arc);
    return quantities;
  }

  // ---------------------------------------------------------------- moves ----

  /**
   * Gives the line one of its arcs: directly when its stock is left, else along the shortest
   * augmenting path — a line of another order moves off the stock it needs to other stock of
   * its own candidates, which may in turn displace another line, up to AUGMENTING_DEPTH moves.
   */
  private fillLine(order: number, line: number): boolean {
    const { problem, availability } = this;
    const quantity = problem.lines[line]!.line.quantity;
    interface Step {
      stock: number;
      /** Units the path needs at this stock entry. */
      need: number;
      /** The arc that takes them: the short line's, or a moved line's new arc. */
      arc: number;
      /** The arc the moved line leaves (none for the first step). */
      leaves: number;
      previous: Step | null;
      depth: number;
    }
    const queue: Step[] = [];
    const seen = new Set<number>();
    for (const arc of problem.lines[line]!.arcs) {
      const stock = problem.arcs.stock[arc]!;
      if (problem.stock[stock]!.usable >= quantity && !seen.has(stock)) {
        seen.add(stock);
        queue.push({ stock, need: quantity, arc, leaves: -1, previous: null, depth: 0 });
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const step = queue[head]!;
      if (availability.stockLeft[step.stock]! >= step.need) {
        if (this.applyPath(order, step)) return true;
        continue;
      }
      if (step.depth === AUGMENTING_DEPTH) continue;
      const moving = new Set<number>();
      for (let s: Step | null = step; s; s = s.previous) moving.add(s.leaves);
      let tried = 0;
      for (const holder of this.holdersOf(step.stock)) {
        if (holder === order || tried >= HOLDERS_PER_STEP) continue;
        for (const held of this.plans[holder]!.arcs) {
          const movedQuantity = this.quantity(held);
          if (problem.arcs.stock[held] !== step.stock || moving.has(held) || availability.stockLeft[step.stock]! + movedQuantity < step.need) continue;
          tried++;
          for (const alternative of problem.lines[problem.arcs.line[held]!]!.arcs) {
            const to = problem.arcs.stock[alternative]!;
            if (seen.has(to) || problem.stock[to]!.usable < movedQuantity) continue;
            seen.add(to);
            queue.push({ stock: to, need: movedQuantity, arc: alternative, leaves: held, previous: step, depth: step.depth + 1 });
          }
        }
      }
    }
    return problem.lines[line]!.arcs.some((arc) => this.makeRoom(order, arc));
  }

  /**
   * Frees the stock of `arc` for its line by moving several smaller lines that hold it, each to
   * other stock it can use that is left over — what a single augmenting path cannot do when the
   * short line asks for more units than any one holder has.
   */
  private makeRoom(order: number, arc: number): boolean {
    const { problem, availability } = this;
    const stock = problem.arcs.stock[arc]!;
    const quantity = this.quantity(arc);
    if (problem.stock[stock]!.usable < quantity) return false;
    const changed = new Map<number, number[]>([[order, [...this.plans[order]!.arcs, arc]]]);
    const claimed = new Map<number, number>();
    let free = availability.stockLeft[stock]!;
    for (const holder of [...this.holdersOf(stock)].sort((a, b) => a - b)) {
      if (holder === order || free >= quantity) continue;
      for (const held of this.plans[holder]!.arcs) {
        if (problem.arcs.stock[held]! !== stock || free >= quantity) continue;
        const movedQuantity = this.quantity(held);
        const alternative = problem.lines[problem.arcs.line[held]!]!.arcs.find((a) => {
          const to = problem.arcs.stock[a]!;
          return to !== stock && availability.stockLeft[to]! - (claimed.get(to) ?? 0) >= movedQuantity;
        });
        if (alternative === undefined) continue;
        const to = problem.arcs.stock[alternative]!;
        claimed.set(to, (claimed.get(to) ?? 0) + movedQuantity);
        changed.set(holder, (changed.get(holder) ?? this.plans[holder]!.arcs).map((a) => (a === held ? alternative : a)));
        free += movedQuantity;
      }
    }
    if (free < quantity || [...changed].some(([o, arcs]) => !this.allowed(o, arcs))) return false;
    for (const o of changed.keys()) this.release(o);
    for (const [o, arcs] of changed) this.take(o, { arcs, score: this.scoreOf(arcs), exact: false });
    return true;
  }

  /** Applies an augmenting path ending at `last` when every order it touches may ship that way. */
  private applyPath(order: number, last: { arc: number; leaves: number; previous: typeof last | null }): boolean {
    const changed = new Map<number, number[]>();
    const arcsOf = (o: number) => changed.get(o) ?? this.plans[o]!.arcs;
    for (let step: typeof last | null = last; step; step = step.previous) {
      if (step.leaves < 0) {
        changed.set(order, [...arcsOf(order), step.arc]);
      } else {
        const holder = this.holderOf(step.leaves);
        changed.set(holder, arcsOf(holder).map((a) => (a === step!.leaves ? step!.arc : a)));
      }
    }
    if ([...changed].some(([o, arcs]) => !this.allowed(o, arcs))) return false;
    for (const o of changed.keys()) this.release(o);
    for (const [o, arcs] of changed) this.take(o, { arcs, score: this.scoreOf(arcs), exact: false });
    return true;
  }

  private holderOf(arc: number): number {
    return this.problem.lines[this.problem.arcs.line[arc]!]!.order;
  }

  /**
   * Releases the orders and re-plans them one by one in each of the sequences; keeps the best
   * result if it beats the current one (two orders: either sequence; more: a small ruin and
   * recreate around one order and the orders in its way).
   */
  private tryGroup(orders: number[], sequences: number[][]): boolean {
    const before = orders.map((o) => this.plans[o]!);
    const current = total(before, this.dims);
    for (const o of orders) this.release(o);
    let best: { sequence: number[]; plans: OrderPlan[]; score: Float64Array } | undefined;
    for (const sequence of sequences) {
      const plans = sequence.map((o) => {
        const plan = this.bestFor(o);
        this.take(o, plan);
        return plan;
      });
      for (const o of sequence) this.release(o);
      const score = total(plans, this.dims);
      if (scoreLess(score, best?.score ?? current, this.dims)) best = { sequence, plans, score };
    }
    if (!best) {
      orders.forEach((o, i) => this.take(o, before[i]!));
      return false;
    }
    best.sequence.forEach((o, i) => this.take(o, best!.plans[i]!));
    return true;
  }

  /**
   * Orders holding stock the order cannot get now: first those in the way of its wish (most
   * units first), then those holding any other stock its lines could use.
   */
  private partners(order: number, wish: OrderPlan): number[] {
    const { problem } = this;
    const blockers = new Map<number, number>();
    const blocked = (arc: number) => {
      const stock = problem.arcs.stock[arc]!;
      const own = this.plans[order]!.arcs.filter((a) => problem.arcs.stock[a]! === stock).reduce((sum, a) => sum + this.quantity(a), 0);
      return this.availability.stockLeft[stock]! + own < this.quantity(arc) ? stock : -1;
    };
    const addHolders = (stock: number, weight: number) => {
      for (const holder of this.holdersOf(stock)) if (holder !== order && !blockers.has(holder)) blockers.set(holder, weight);
    };
    for (const arc of wish.arcs) {
      const stock = blocked(arc);
      if (stock >= 0) addHolders(stock, 1);
    }
    for (const line of problem.orders[order]!.lines) {
      for (const arc of problem.lines[line]!.arcs) {
        const stock = blocked(arc);
        if (stock >= 0) addHolders(stock, 0);
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

  /** Whether the order may ship on these arcs: its most locations, and capacity where it would newly ship. */
  private allowed(order: number, arcs: number[]): boolean {
    const { problem } = this;
    const { maxShipments } = this.structure(problem.orders[order]!);
    const current = new Set(this.plans[order]!.arcs.map((a) => problem.arcs.location[a]!));
    const shipments = new Set<number>();
    for (const arc of arcs) {
      const shipment = problem.arcs.shipment[arc]!;
      const location = problem.arcs.location[arc]!;
      if (problem.shipments.existing[shipment] || shipments.has(shipment)) continue;
      shipments.add(shipment);
      if (!current.has(location) && this.availability.capacityLeft[location]! < 1) return false;
    }
    return maxShipments === null || shipments.size <= maxShipments;
  }

  /** Score of shipping on these arcs: theirs plus each shipment's once. */
  private scoreOf(arcs: number[]): Float64Array {
    const { scores } = this;
    const score = new Float64Array(this.dims);
    const shipments = new Set<number>();
    for (const arc of arcs) {
      for (let k = 0; k < this.dims; k++) score[k]! += scores.arc[arc * this.dims + k]!;
      shipments.add(this.problem.arcs.shipment[arc]!);
    }
    for (const s of shipments) for (let k = 0; k < this.dims; k++) score[k]! += scores.shipment[s * this.dims + k]!;
    return score;
  }

  private bestFor(order: number): OrderPlan {
    return this.search.best(order, { ...this.structure(this.problem.orders[order]!), availability: this.availability });
  }

  private structure(order: ProblemOrder): { maxShipments: number | null; allOrNothing: boolean } {
    if (this.options.structure === 'default') return { maxShipments: null, allOrNothing: false };
    const { maxLocations, allOrNothing } = order.structure;
    return { maxShipments: maxLocations === null ? null : Math.max(0, maxLocations - order.usedLocations), allOrNothing };
  }

  private quantity(arc: number): number {
    return this.problem.lines[this.problem.arcs.line[arc]!]!.line.quantity;
  }

  private take(order: number, plan: OrderPlan): void {
    this.plans[order] = plan;
    this.account(plan, -1, order);
  }

  private release(order: number): void {
    this.account(this.plans[order]!, 1, order);
  }

  /** Takes what other orders hold: their units of each stock entry, and one order of capacity per (order, new location). */
  private takeOthers(taken: ArrayLike<number>): void {
    const { problem, availability } = this;
    const opened = new Set<number>();
    for (let arc = 0; arc < taken.length; arc++) {
      if (!(taken[arc]! > 0)) continue;
      const location = problem.arcs.location[arc]!;
      availability.stockLeft[problem.arcs.stock[arc]!]! -= taken[arc]!;
      const key = problem.lines[problem.arcs.line[arc]!]!.order * problem.locations.length + location;
      if (problem.shipments.existing[problem.arcs.shipment[arc]!] || opened.has(key)) continue;
      opened.add(key);
      availability.capacityLeft[location]! -= 1;
    }
  }

  private holdersOf(stock: number): ReadonlySet<number> {
    return this.holders[stock] ?? NO_HOLDERS;
  }

  /** Gives back (+1) or takes (−1) the plan's stock and its new locations' capacity. */
  private account(plan: OrderPlan, sign: 1 | -1, order: number): void {
    const { problem, availability } = this;
    const locations = new Set<number>();
    for (const arc of plan.arcs) {
      const stock = problem.arcs.stock[arc]!;
      availability.stockLeft[stock]! += sign * this.quantity(arc);
      if (sign === -1) (this.holders[stock] ??= new Set()).add(order);
      else this.holders[stock]?.delete(order);
      if (!problem.shipments.existing[problem.arcs.shipment[arc]!]) locations.add(problem.arcs.location[arc]!);
    }
    for (const location of locations) availability.capacityLeft[location]! += sign;
  }
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, k) => value + b[k]!);
}

/** Σ of the plans' scores. */
function total(plans: OrderPlan[], dims: number): Float64Array {
  return plans.reduce((sum: Float64Array, plan) => add(sum, plan.score), new Float64Array(dims));
}

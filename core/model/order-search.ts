import type { FulfillmentProblem } from './problem.js';

/**
 * The best plan for one order on its own: which location ships each line (a
 * whole line from one arc), found exactly by branch and bound over the lines
 * — so a set of locations is chosen together, with each shipment paid once,
 * never line by line.
 *
 * Plans are compared by scores: vectors of `dims` numbers compared
 * lexicographically (smaller is better). A plan's score is the sum of the
 * scores of its arcs and of its shipments (each counted once); shipping
 * nothing scores 0. The caller decides what the numbers mean: the greedy
 * planner uses (−units, −value, priority, cost), the decomposition one
 * number, the linear model's objective. Shipment scores must not be below 0 (the bound
 * treats an unopened shipment as free).
 */

export interface PlanScores {
  dims: number;
  /** How many leading numbers are the same for every arc of a line and 0 for every shipment (comparing a line's arcs skips them); default 0. */
  sameWithinLine?: number;
  /** Score of shipping each arc's line whole from it: `dims` numbers per arc. */
  arc: Float64Array;
  /** Score of each shipment when it ships anything: `dims` numbers per shipment. */
  shipment: Float64Array;
}

/** What is left to take: units per stock entry, orders per location (Infinity: no limit). */
export interface Availability {
  stockLeft: Float64Array;
  capacityLeft: Float64Array;
}

export interface OrderSearchOptions {
  /** Arcs the search may use (1) or not (0); all when absent. */
  allowed?: Uint8Array;
  /** Stock and capacity left; unlimited when absent. */
  availability?: Availability;
  /** Most new shipments of the order (its `maxLocations` less those an earlier iteration uses, when structure is honoured). */
  maxShipments?: number | null;
  /** When true the order ships every line or nothing. */
  allOrNothing?: boolean;
}

export interface OrderPlan {
  /** The arcs used, one per fulfilled line, each for its line's whole quantity. */
  arcs: number[];
  score: Float64Array;
  /** False when the node limit stopped the search before it proved the plan best. */
  exact: boolean;
}

/** Arcs of a line put in order when it is first searched (`arcsOf` finds these two in one pass); the rest only when a search reads past them. */
const SORTED_PREFIX = 2;

/** Search nodes after which the best plan found so far is returned, marked inexact. */
const NODE_LIMIT = 50_000;

/** `a` < `b` lexicographically, with a relative tolerance so float noise does not decide. */
export function scoreLess(a: ArrayLike<number>, b: ArrayLike<number>, dims: number): boolean {
  for (let k = 0; k < dims; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const tolerance = 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
    if (x < y - tolerance) return true;
    if (x > y + tolerance) return false;
  }
  return false;
}

/** `scores[a..a+dims)` < `scores[b..b+dims)`, as `scoreLess`, without making views. */
function scoreLessAt(scores: Float64Array, a: number, b: number, dims: number): boolean {
  for (let k = 0; k < dims; k++) {
    const x = scores[a + k]!;
    const y = scores[b + k]!;
    const tolerance = 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
    if (x < y - tolerance) return true;
    if (x > y + tolerance) return false;
  }
  return false;
}

/** `scores[a..a+dims)` < 0 (shipping nothing), as `scoreLess`. */
function scoreBelowZero(scores: Float64Array, a: number, dims: number): boolean {
  for (let k = 0; k < dims; k++) {
    const x = scores[a + k]!;
    const tolerance = 1e-12 * Math.max(1, Math.abs(x));
    if (x < -tolerance) return true;
    if (x > tolerance) return false;
  }
  return false;
}

/** Swaps two entries of an array. */
function swap(array: Int32Array, i: number, j: number): void {
  const kept = array[i]!;
  array[i] = array[j]!;
  array[j] = kept;
}

/**
 * Reusable search state over one problem: each line's usable arcs sorted once
 * (cheapest standalone first), and per-shipment, per-location and per-stock
 * counters sized once, so searching many orders allocates little.
 */
export class OrderSearch {
  private readonly dims: number;
  /**
   * Arcs of each line that hold its whole quantity, cheapest standalone (arc + shipment)
   * first: line l's are `lineArcs[lineStart[l] ..]`, `lineArcCount[l]` of them (−1 until the
   * line is first searched). One array for every line: a search visits each line of a large
   * batch, and an array per line would cost more to make than to fill.
   */
  private readonly lineArcs: Int32Array;
  private readonly lineStart: Int32Array;
  private readonly lineArcCount: Int32Array;
  /** Per line: the least it can add to a plan (`floorOf`), `dims` numbers from `line × dims`, once `hasFloor[line]`. */
  private readonly lineFloors: Float64Array;
  private readonly hasFloor: Uint8Array;
  /** Per line: its arcs before this position are the cheapest, in order. */
  private readonly sortedUpTo: Int32Array;
  private readonly shipmentOpen: Int32Array;
  private readonly locationOpen: Int32Array;
  private readonly stockTaken: Float64Array;
  /** The current search (set by `best`). */
  private lines: number[] = [];
  private quantities: number[] = [];
  private floors = new Float64Array(0);
  private partial = new Float64Array(0);
  private chosen = new Int32Array(0);
  private bestScore = new Float64Array(0);
  private bestArcs: number[] = [];
  private readonly trial: Float64Array;
  private allowed: Uint8Array | undefined;
  private stockLeft: Float64Array | undefined;
  private capacityLeft: Float64Array | undefined;
  private maxShipments = Infinity;
  private allOrNothing = false;
  private nodes = 0;
  private openShipments = 0;

  constructor(
    private readonly problem: FulfillmentProblem,
    private readonly scores: PlanScores,
    /** The arcs any search may use (1); default every arc. */
    private readonly candidates?: Uint8Array,
  ) {
    this.dims = scores.dims;
    this.trial = new Float64Array(this.dims);
    this.shipmentOpen = new Int32Array(problem.shipments.length);
    this.locationOpen = new Int32Array(problem.locations.length);
    this.stockTaken = new Float64Array(problem.stock.length);
    const { lines } = problem;
    this.lineStart = new Int32Array(lines.length);
    let arcs = 0;
    for (let l = 0; l < lines.length; l++) {
      this.lineStart[l] = arcs;
      arcs += lines[l]!.arcs.length;
    }
    this.lineArcs = new Int32Array(arcs);
    this.lineArcCount = new Int32Array(lines.length).fill(-1);
    this.sortedUpTo = new Int32Array(lines.length);
    this.lineFloors = new Float64Array(lines.length * this.dims);
    this.hasFloor = new Uint8Array(lines.length);
  }

  /**
   * How many of the line's arcs hold its whole quantity; they are in
   * `lineArcs` from `lineStart[line]`, the cheapest standalone (arc +
   * shipment) first. Found when the line is first searched, so a
   * search over a few orders of a large batch touches only their lines; and
   * sorted only as far as a search reads: a search mostly stops after the
   * first arcs, and lines have up to a thousand.
   */
  private arcsOf(line: number): number {
    const built = this.lineArcCount[line]!;
    if (built >= 0) return built;
    const { problem, lineArcs: arcs } = this;
    const quantity = problem.lines[line]!.line.quantity;
    const from = this.lineStart[line]!;
    let n = 0;
    for (const arc of problem.lines[line]!.arcs) if ((!this.candidates || this.candidates[arc]) && problem.stock[problem.arcs.stock[arc]!]!.usable >= quantity) arcs[from + n++] = arc;
    // The cheapest two to the front, in order, found in one pass (the same order a selection sort
    // leaves): the rest is sorted when a search reaches it.
    let least = -1;
    let second = -1;
    for (let j = 0; j < n; j++) {
      if (second >= 0 && this.compareArcs(arcs[from + j]!, arcs[from + second]!) >= 0) continue;
      if (least < 0 || this.compareArcs(arcs[from + j]!, arcs[from + least]!) < 0) {
        second = least;
        least = j;
      } else {
        second = j;
      }
    }
    if (least >= 0) {
      swap(arcs, from, from + least);
      if (second === 0) second = least;
    }
    if (second >= 0) swap(arcs, from + 1, from + second);
    this.sortedUpTo[line] = Math.min(SORTED_PREFIX, n);
    this.lineArcCount[line] = n;
    return n;
  }

  /**
   * Where the least a line can add to a plan starts in `lineFloors`: its best arc's score (its
   * shipment taken as free), or shipping nothing (0). Over all the line's arcs, so a lower
   * bound under any `allowed` too; kept per line, as every search of the order asks it.
   */
  private floorOf(line: number): number {
    const { dims } = this;
    const at = line * dims;
    if (this.hasFloor[line]) return at;
    const arcScores = this.scores.arc;
    const count = this.arcsOf(line);
    const from = this.lineStart[line]!;
    let best = -1;
    for (let i = 0; i < count; i++) {
      const arc = this.lineArcs[from + i]!;
      if (best < 0 ? scoreBelowZero(arcScores, arc * dims, dims) : scoreLessAt(arcScores, arc * dims, best * dims, dims)) best = arc;
    }
    if (best >= 0) this.lineFloors.set(arcScores.subarray(best * dims, best * dims + dims), at);
    this.hasFloor[line] = 1;
    return at;
  }

  /** Sorts the line's arcs from position `from` on (the ones before are the cheapest, in order). */
  private sortFrom(line: number, from: number): void {
    const start = this.lineStart[line]!;
    const count = this.lineArcCount[line]!;
    this.lineArcs.subarray(start + from, start + count).sort((a, b) => this.compareArcs(a, b));
    this.sortedUpTo[line] = count;
  }

  /** Standalone score (arc + its shipment) of `a` against `b`, two arcs of one line, lexicographically; equal scores: the lower arc first. */
  private compareArcs(a: number, b: number): number {
    const { problem, scores, dims } = this;
    const shipmentA = problem.arcs.shipment[a]!;
    const shipmentB = problem.arcs.shipment[b]!;
    for (let k = scores.sameWithinLine ?? 0; k < dims; k++) {
      const diff = scores.arc[a * dims + k]! + scores.shipment[shipmentA * dims + k]! - (scores.arc[b * dims + k]! + scores.shipment[shipmentB * dims + k]!);
      if (diff !== 0) return diff;
    }
    return a - b;
  }

  /** The best plan of the order (possibly shipping nothing). */
  best(orderIndex: number, options: OrderSearchOptions = {}): OrderPlan {
    const { dims } = this;
    this.allowed = options.allowed;
    this.stockLeft = options.availability?.stockLeft;
    this.capacityLeft = options.availability?.capacityLeft;
    this.maxShipments = options.maxShipments ?? Infinity;
    this.allOrNothing = options.allOrNothing ?? false;
    this.nodes = 0;
    this.openShipments = 0;

    // Hardest line (fewest arcs) first; floors[d] = the best the lines d.. can add, shipments free.
    const lines = this.problem.orders[orderIndex]!.lines.map((line) => ({ line, count: this.countAllowed(line) }));
    lines.sort((a, b) => a.count - b.count);
    this.lines = lines.map((l) => l.line);
    this.quantities = this.lines.map((l) => this.problem.lines[l]!.line.quantity);
    const depth = this.lines.length;
    // Buffers kept from search to search, grown to the largest order: rows depth.. are stale.
    if (this.floors.length < (depth + 1) * dims) {
      this.floors = new Float64Array((depth + 1) * dims);
      this.partial = new Float64Array((depth + 1) * dims);
      this.chosen = new Int32Array(depth);
    }
    this.floors.fill(0, depth * dims, (depth + 1) * dims);
    this.partial.fill(0, 0, dims);
    this.chosen.fill(-1, 0, depth);
    for (let d = depth - 1; d >= 0; d--) {
      const floor = this.floorOf(this.lines[d]!);
      for (let k = 0; k < dims; k++) this.floors[d * dims + k] = this.floors[(d + 1) * dims + k]! + this.lineFloors[floor + k]!;
    }
    this.bestScore = new Float64Array(dims);
    this.bestArcs = [];
    if (!this.allOrNothing || lines.every((l) => l.count > 0)) this.visit(0);
    return { arcs: this.bestArcs, score: this.bestScore, exact: this.nodes <= NODE_LIMIT };
  }

  private countAllowed(line: number): number {
    const count = this.arcsOf(line);
    if (!this.allowed) return count;
    const from = this.lineStart[line]!;
    let allowed = 0;
    for (let i = 0; i < count; i++) allowed += this.allowed[this.lineArcs[from + i]!]!;
    return allowed;
  }

  private visit(d: number): void {
    if (++this.nodes > NODE_LIMIT) return;
    const { dims } = this;
    if (d === this.lines.length) {
      const score = this.partial.subarray(d * dims, d * dims + dims);
      if (scoreLess(score, this.bestScore, dims)) {
        this.bestScore = score.slice();
        this.bestArcs = [];
        for (let i = 0; i < d; i++) if (this.chosen[i]! >= 0) this.bestArcs.push(this.chosen[i]!);
      }
      return;
    }
    const line = this.lines[d]!;
    const count = this.arcsOf(line);
    const { lineArcs: arcs } = this;
    const from = this.lineStart[line]!;
    // Arcs whose shipment is already open first (they add no shipment), then the rest in
    // standalone order, where the first arc that cannot beat the best ends the loop.
    for (let i = 0; i < count; i++) {
      const arc = arcs[from + i]!;
      if (this.isOpen(arc) && this.usable(arc, d) && this.promising(d, arc)) this.step(d, arc);
    }
    for (let i = 0; i < count; i++) {
      if (i === this.sortedUpTo[line]) this.sortFrom(line, i);
      const arc = arcs[from + i]!;
      if (this.isOpen(arc) || (this.allowed && this.allowed[arc] !== 1)) continue;
      if (!this.promising(d, arc)) break;
      if (this.usable(arc, d)) this.step(d, arc);
    }
    if (!this.allOrNothing) {
      for (let k = 0; k < dims; k++) {
        this.partial[(d + 1) * dims + k] = this.partial[d * dims + k]!;
        this.trial[k] = this.partial[d * dims + k]! + this.floors[(d + 1) * dims + k]!;
      }
      if (scoreLess(this.trial, this.bestScore, dims)) this.visit(d + 1);
    }
  }

  private isOpen(arc: number): boolean {
    return this.shipmentOpen[this.problem.arcs.shipment[arc]!]! > 0;
  }

  /**
   * Whether the line at depth `d` may take the arc: allowed, stock left, and — for a new
   * shipment — room under the order's shipments and the location's capacity. A shipment an
   * earlier iteration already uses counts against neither.
   */
  private usable(arc: number, d: number): boolean {
    if (this.allowed && this.allowed[arc] !== 1) return false;
    const { arcs } = this.problem;
    const stock = arcs.stock[arc]!;
    const shipment = arcs.shipment[arc]!;
    if (this.stockLeft && this.stockLeft[stock]! - this.stockTaken[stock]! < this.quantities[d]!) return false;
    if (this.shipmentOpen[shipment]! > 0 || this.problem.shipments.existing[shipment]) return true;
    if (this.openShipments >= this.maxShipments) return false;
    const location = arcs.location[arc]!;
    return !this.capacityLeft || this.locationOpen[location]! > 0 || this.capacityLeft[location]! >= 1;
  }

  /** Whether partial[d] + the arc (+ its shipment if not open yet) + floors[d + 1] beats the best. */
  private promising(d: number, arc: number): boolean {
    const { dims, scores } = this;
    const shipment = this.problem.arcs.shipment[arc]!;
    const open = this.shipmentOpen[shipment]! > 0;
    for (let k = 0; k < dims; k++) {
      this.trial[k] = this.partial[d * dims + k]! + scores.arc[arc * dims + k]! + (open ? 0 : scores.shipment[shipment * dims + k]!) + this.floors[(d + 1) * dims + k]!;
    }
    return scoreLess(this.trial, this.bestScore, dims);
  }

  private step(d: number, arc: number): void {
    const { dims, scores } = this;
    const shipment = this.problem.arcs.shipment[arc]!;
    const open = this.shipmentOpen[shipment]! > 0;
    for (let k = 0; k < dims; k++) {
      this.partial[(d + 1) * dims + k] = this.partial[d * dims + k]! + scores.arc[arc * dims + k]! + (open ? 0 : scores.shipment[shipment * dims + k]!);
    }
    this.chosen[d] = arc;
    this.take(arc, this.quantities[d]!, 1);
    this.visit(d + 1);
    this.take(arc, this.quantities[d]!, -1);
    this.chosen[d] = -1;
  }

  private take(arc: number, quantity: number, sign: 1 | -1): void {
    const { arcs } = this.problem;
    const shipment = arcs.shipment[arc]!;
    this.stockTaken[arcs.stock[arc]!]! += sign * quantity;
    const before = this.shipmentOpen[shipment]!;
    this.shipmentOpen[shipment] = before + sign;
    if (this.problem.shipments.existing[shipment]) return;
    if (sign === 1 && before === 0) {
      this.openShipments++;
      this.locationOpen[arcs.location[arc]!]!++;
    } else if (sign === -1 && before === 1) {
      this.openShipments--;
      this.locationOpen[arcs.location[arc]!]!--;
    }
  }
}

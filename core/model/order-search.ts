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
 * solver uses (−units, −value, priority, cost), the presolve one number, the
 * linear model's objective. Shipment scores must not be below 0 (the bound
 * treats an unopened shipment as free).
 */

export interface PlanScores {
  dims: number;
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
  /** Search nodes after which the best plan found so far is returned, marked inexact. */
  nodeLimit?: number;
}

export interface OrderPlan {
  /** The arcs used, one per fulfilled line, each for its line's whole quantity. */
  arcs: number[];
  score: Float64Array;
  /** False when the node limit stopped the search before it proved the plan best. */
  exact: boolean;
}

const DEFAULT_NODE_LIMIT = 50_000;

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

/** Line of the order with its usable options, cheapest standalone first. */
interface SearchLine {
  quantity: number;
  arcs: number[];
  /** Lowest score any of its arcs adds (shipments free), or 0 if shipping nothing is lower. */
  floor: Float64Array;
}

/**
 * Reusable search state over one problem: per-shipment and per-location
 * counters sized once, so searching many orders allocates little.
 */
export class OrderSearch {
  private readonly shipmentOpen: Int32Array;
  private readonly locationOpen: Int32Array;
  private readonly stockTaken: Float64Array;

  constructor(
    private readonly problem: FulfillmentProblem,
    private readonly scores: PlanScores,
  ) {
    this.shipmentOpen = new Int32Array(problem.shipments.length);
    this.locationOpen = new Int32Array(problem.locations.length);
    this.stockTaken = new Float64Array(problem.stock.length);
  }

  /** The best plan of the order (possibly shipping nothing). */
  best(orderIndex: number, options: OrderSearchOptions = {}): OrderPlan {
    const { problem, scores } = this;
    const dims = scores.dims;
    const order = problem.orders[orderIndex]!;
    const lines = this.searchLines(order.lines, options);
    const maxShipments = options.maxShipments ?? Infinity;
    const allOrNothing = options.allOrNothing ?? false;
    const nodeLimit = options.nodeLimit ?? DEFAULT_NODE_LIMIT;
    const stockLeft = options.availability?.stockLeft;
    const capacityLeft = options.availability?.capacityLeft;

    // floors[d] = Σ floor of lines d.. : what the remaining lines can add at best.
    const floors = new Float64Array((lines.length + 1) * dims);
    for (let d = lines.length - 1; d >= 0; d--) {
      for (let k = 0; k < dims; k++) floors[d * dims + k] = floors[(d + 1) * dims + k]! + lines[d]!.floor[k]!;
    }
    const partial = new Float64Array((lines.length + 1) * dims);
    const chosen = new Int32Array(lines.length).fill(-1);
    const best = { score: new Float64Array(dims), arcs: [] as number[] }; // shipping nothing
    const trial = new Float64Array(dims);
    let nodes = 0;
    let exact = true;
    let openShipments = 0;

    // A shipment an earlier iteration already uses counts against neither the order's locations nor capacity.
    const usable = (arc: number, quantity: number): boolean => {
      const a = problem.arcs[arc]!;
      if (stockLeft && stockLeft[a.stock]! - this.stockTaken[a.stock]! < quantity) return false;
      if (this.shipmentOpen[a.shipment]! > 0 || problem.shipments[a.shipment]!.existing) return true;
      if (openShipments >= maxShipments) return false;
      return !capacityLeft || this.locationOpen[a.location]! > 0 || capacityLeft[a.location]! >= 1;
    };
    /** trial = partial[d] + arc (+ its shipment if not open yet) + floors[d + 1]; whether it beats the best. */
    const promising = (d: number, arc: number, withFloor: boolean): boolean => {
      const shipment = problem.arcs[arc]!.shipment;
      const open = this.shipmentOpen[shipment]! > 0;
      for (let k = 0; k < dims; k++) {
        trial[k] = partial[d * dims + k]! + scores.arc[arc * dims + k]! + (open ? 0 : scores.shipment[shipment * dims + k]!) + (withFloor ? floors[(d + 1) * dims + k]! : 0);
      }
      return scoreLess(trial, best.score, dims);
    };
    const take = (arc: number, quantity: number, sign: 1 | -1) => {
      const a = problem.arcs[arc]!;
      this.stockTaken[a.stock]! += sign * quantity;
      const before = this.shipmentOpen[a.shipment]!;
      this.shipmentOpen[a.shipment] = before + sign;
      if (problem.shipments[a.shipment]!.existing) return;
      if (sign === 1 && before === 0) {
        openShipments++;
        this.locationOpen[a.location]!++;
      } else if (sign === -1 && before === 1) {
        openShipments--;
        this.locationOpen[a.location]!--;
      }
    };

    const visit = (d: number): void => {
      if (++nodes > nodeLimit) {
        exact = false;
        return;
      }
      if (d === lines.length) {
        for (let k = 0; k < dims; k++) trial[k] = partial[d * dims + k]!;
        if (scoreLess(trial, best.score, dims)) {
          best.score = trial.slice();
          best.arcs = [];
          for (const arc of chosen) if (arc >= 0) best.arcs.push(arc);
        }
        return;
      }
      const line = lines[d]!;
      const step = (arc: number) => {
        const shipment = problem.arcs[arc]!.shipment;
        const open = this.shipmentOpen[shipment]! > 0;
        for (let k = 0; k < dims; k++) {
          partial[(d + 1) * dims + k] = partial[d * dims + k]! + scores.arc[arc * dims + k]! + (open ? 0 : scores.shipment[shipment * dims + k]!);
        }
        chosen[d] = arc;
        take(arc, line.quantity, 1);
        visit(d + 1);
        take(arc, line.quantity, -1);
        chosen[d] = -1;
      };
      // Arcs whose shipment is already open first (they add no shipment), then the rest in
      // standalone order, where the first arc that cannot beat the best ends the loop.
      for (const arc of line.arcs) {
        if (this.shipmentOpen[problem.arcs[arc]!.shipment]! > 0 && usable(arc, line.quantity) && promising(d, arc, true)) step(arc);
      }
      for (const arc of line.arcs) {
        if (this.shipmentOpen[problem.arcs[arc]!.shipment]! > 0) continue;
        if (!promising(d, arc, true)) break;
        if (usable(arc, line.quantity)) step(arc);
      }
      if (!allOrNothing) {
        for (let k = 0; k < dims; k++) partial[(d + 1) * dims + k] = partial[d * dims + k]!;
        for (let k = 0; k < dims; k++) trial[k] = partial[(d + 1) * dims + k]! + floors[(d + 1) * dims + k]!;
        if (scoreLess(trial, best.score, dims)) visit(d + 1);
      }
    };

    if (!allOrNothing || lines.every((l) => l.arcs.length > 0)) visit(0);
    return { arcs: best.arcs, score: best.score, exact };
  }

  /** The order's lines with the arcs the search may use, hardest line (fewest arcs) first. */
  private searchLines(lineIndexes: number[], options: OrderSearchOptions): SearchLine[] {
    const { problem, scores } = this;
    const dims = scores.dims;
    const standalone = (arc: number, k: number) => scores.arc[arc * dims + k]! + scores.shipment[problem.arcs[arc]!.shipment * dims + k]!;
    const compare = (a: number, b: number) => {
      for (let k = 0; k < dims; k++) {
        const diff = standalone(a, k) - standalone(b, k);
        if (diff !== 0) return diff;
      }
      return a - b;
    };
    return lineIndexes
      .map((l) => {
        const line = problem.lines[l]!;
        const arcs = line.arcs.filter((a) => (!options.allowed || options.allowed[a] === 1) && problem.stock[problem.arcs[a]!.stock]!.usable >= line.line.quantity);
        arcs.sort(compare);
        const floor = new Float64Array(dims); // shipping nothing
        for (const arc of arcs) {
          const score = scores.arc.subarray(arc * dims, arc * dims + dims);
          if (scoreLess(score, floor, dims)) floor.set(score);
        }
        return { quantity: line.line.quantity, arcs, floor };
      })
      .sort((a, b) => a.arcs.length - b.arcs.length);
  }
}

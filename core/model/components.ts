import { arcColumnMask, raiseToRow } from './column-values.js';
import type { LinearModel } from './linear-model.js';
import { OrderSearch, scoreLess, type PlanScores } from './order-search.js';
import type { FulfillmentProblem } from './problem.js';
import { typedArrayOf } from './typed-arrays.js';

/**
 * Splits a batch's linear model into what a MIP solver must decide and what
 * it need not, exactly (the optimum is unchanged):
 *
 * - A row is *contested* when it couples orders (inventory, order capacity,
 *   a rule's custom row) and could be violated: an inventory row whose
 *   candidates together cannot exceed the stock is not.
 * - An order is *settled* without the MIP when its best plan on its own
 *   (found exactly by `OrderSearch` with the model's own objective
 *   coefficients) uses no column of a contested row: no other order can
 *   make it do better, and it takes nothing another order needs.
 * - An arc is *pruned* when even the cheapest plan that uses it costs the
 *   order more than a plan that touches no contested row: an optimal
 *   solution never uses it.
 *
 * Both repeat while they change anything (fewer columns make more rows
 * uncontested). The remaining orders fall into independent components —
 * orders linked by contested rows — each a small model of its own with the
 * batch model's columns, rows and objective coefficients, so objectives and
 * bounds of the parts add up to the batch's.
 */

export interface ModelComponent {
  /** The part of the batch model: its columns and rows; arcs of other components have no column. */
  model: LinearModel;
  /** Orders of the problem in this component. */
  orders: number[];
}

export interface Decomposition {
  /** Units per arc of the settled orders (0 elsewhere). */
  settled: Float64Array;
  /** Objective of the settled orders' columns (without the model's offset). */
  settledObjective: number;
  settledOrders: number;
  prunedArcs: number;
  components: ModelComponent[];
}

/** Columns up to which independent components are solved together by default. */
const BUNDLE_COLUMNS = 1500;
/** Rounds of settling and pruning at most; later rounds change little. */
const MAX_ROUNDS = 8;
const NO_ORDER = -1;
/** A row of several orders, or a column of none (the model is then taken whole). */
const SHARED = -2;

export interface DecomposeOptions {
  /** Independent components are packed into parts of up to this many columns (default 1500; 0: each on its own). */
  bundleColumns?: number;
}

export function decompose(problem: FulfillmentProblem, model: LinearModel, options: DecomposeOptions = {}): Decomposition {
  const whole = (): Decomposition => ({
    settled: new Float64Array(problem.arcs.length),
    settledObjective: 0,
    settledOrders: 0,
    prunedArcs: 0,
    components: model.numCols === 0 ? [] : [{ model, orders: problem.orders.map((o) => o.index) }],
  });
  // Without shipment columns (a hand-made model) or with a column of no single order, the model is taken whole.
  if (!model.shipmentColumns || model.numCols === 0) return whole();
  const state = new DecompositionState(problem, model);
  if (state.hasSharedColumns()) return whole();
  for (let round = 0; round < MAX_ROUNDS && state.settleAndPrune(); round++);
  // A row left without columns that excludes what the settled orders put in it makes the batch infeasible: let the solver say so.
  return state.emptyRowsHold() ? state.result(options.bundleColumns ?? BUNDLE_COLUMNS) : whole();
}

class DecompositionState {
  private readonly rows: LinearModel['rows'];
  /** Order of each column (SHARED: none). */
  private readonly colOrder: Int32Array;
  /** Order of each row when it touches one order only, else SHARED (NO_ORDER: no column). */
  private readonly rowOrder: Int32Array;
  /** Rows that couple orders and only ever ask Σ (non-negative) × columns ≤ bound: giving units back never hurts them. */
  private readonly packing: Uint8Array;
  /** Rows of each order (CSR). */
  private readonly orderRowStarts: Int32Array;
  private readonly orderRowList: Int32Array;
  private readonly eligible: Uint8Array;
  private readonly live: Uint8Array;
  /** Σ coefficient × value of the settled columns in each row. */
  private readonly rowFixed: Float64Array;
  private readonly arcColumn: Uint8Array;
  private readonly search: OrderSearch;
  private readonly scores: PlanScores;
  private readonly settledOrder: Uint8Array;
  private readonly settledArcs: Float64Array;
  private readonly scratch: Float64Array;
  /** Per order, a fingerprint of its live and uncontested arcs when last examined. */
  private readonly arcsSeen: Float64Array;
  private settledObjective = 0;
  private prunedArcs = 0;

  constructor(
    private readonly problem: FulfillmentProblem,
    private readonly model: LinearModel,
  ) {
    this.rows = model.rows;
    this.arcColumn = arcColumnMask(model);
    this.colOrder = this.columnOrders();
    const numRows = this.rows.lower.length;
    this.rowOrder = new Int32Array(numRows);
    this.packing = new Uint8Array(numRows);
    for (let row = 0; row < numRows; row++) {
      let owner = NO_ORDER;
      let packs = this.rows.lower[row]! <= 0;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const order = this.colOrder[this.rows.indices[k]!]!;
        owner = owner === NO_ORDER || owner === order ? order : SHARED;
        if (this.rows.values[k]! < 0) packs = false;
      }
      this.rowOrder[row] = owner;
      this.packing[row] = packs ? 1 : 0;
    }
    [this.orderRowStarts, this.orderRowList] = this.rowsByOrder();
    this.live = typedArrayOf(Uint8Array, model.numCols, (col) => (model.colUpper[col]! > 0 ? 1 : 0));
    this.rowFixed = new Float64Array(numRows);
    this.scores = this.modelScores();
    // Arcs without a column are no candidates: an order settled alone brings only its plan's.
    this.search = new OrderSearch(problem, this.scores, typedArrayOf(Uint8Array, model.arcColumns.length, (arc) => (model.arcColumns[arc]! >= 0 ? 1 : 0)));
    this.eligible = this.eligibleOrders();
    this.settledOrder = new Uint8Array(problem.orders.length);
    this.settledArcs = new Float64Array(problem.arcs.length);
    this.scratch = new Float64Array(model.numCols);
    this.arcsSeen = new Float64Array(problem.orders.length).fill(-1);
  }

  /** One round over the unsettled orders; whether anything changed. */
  settleAndPrune(): boolean {
    const { problem, model } = this;
    const contested = this.contestedColumns();
    const liveArc = new Uint8Array(problem.arcs.length);
    const safeArc = new Uint8Array(problem.arcs.length);
    for (let a = 0; a < problem.arcs.length; a++) {
      const col = model.arcColumns[a]!;
      if (col < 0 || !this.live[col]) continue;
      liveArc[a] = 1;
      const shipmentCol = model.shipmentColumns![problem.arcs.shipment[a]!]!;
      if (!contested[col] && (shipmentCol < 0 || !contested[shipmentCol])) safeArc[a] = 1;
    }
    let changed = false;
    for (const order of problem.orders) {
      if (!this.eligible[order.index] || this.settledOrder[order.index]) continue;
      // Arcs only ever leave the live and contested sets, so equal counts mean an unchanged order.
      let arcsSeen = 0;
      for (const line of order.lines) for (const arc of problem.lines[line]!.arcs) arcsSeen += liveArc[arc]! * problem.arcs.length + safeArc[arc]!;
      if (arcsSeen === this.arcsSeen[order.index] || this.auxiliaryContested(order.index, contested)) continue;
      this.arcsSeen[order.index] = arcsSeen;
      const structure = {
        maxShipments: order.structure.maxLocations === null ? null : Math.max(0, order.structure.maxLocations - order.usedLocations),
        allOrNothing: order.structure.allOrNothing,
      };
      const safe = this.search.best(order.index, { ...structure, allowed: safeArc });
      const safeValues = this.orderValues(order.index, safe.arcs);
      if (!safeValues) continue;
      const best = this.search.best(order.index, { ...structure, allowed: liveArc });
      if (best.exact && !scoreLess(best.score, safe.score, 1)) {
        this.settle(order.index, safe.arcs, safeValues);
        changed = true;
      } else if (this.prune(order.index, liveArc, safe.score[0]!)) {
        changed = true;
      }
    }
    return changed;
  }

  result(bundleColumns: number): Decomposition {
    const settledOrders = this.settledOrder.reduce((sum, s) => sum + s, 0);
    const groups = this.bundled(this.componentOrders(), bundleColumns);
    const untouched = settledOrders === 0 && this.prunedArcs === 0 && groups.length <= 1;
    return {
      settled: this.settledArcs,
      settledObjective: this.settledObjective,
      settledOrders,
      prunedArcs: this.prunedArcs,
      components: untouched ? [{ model: this.model, orders: this.problem.orders.map((o) => o.index) }] : groups.map((orders) => ({ orders, model: this.subModel(orders) })),
    };
  }

  hasSharedColumns(): boolean {
    return this.colOrder.includes(SHARED);
  }

  /** Whether every row without live columns accepts what the settled columns put in it. */
  emptyRowsHold(): boolean {
    for (let row = 0; row < this.rows.lower.length; row++) {
      let live = false;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]! && !live; k++) live = this.live[this.rows.indices[k]!] === 1;
      if (!live && (this.rowFixed[row]! < this.rows.lower[row]! - 1e-9 || this.rowFixed[row]! > this.rows.upper[row]! + 1e-9)) return false;
    }
    return true;
  }

  // ------------------------------------------------------------ setup ----

  /** Arcs and shipments name their order; any other column takes the order of the rows it shares with one order only. */
  private columnOrders(): Int32Array {
    const { problem, model } = this;
    const colOrder = new Int32Array(model.numCols).fill(NO_ORDER);
    for (let a = 0; a < problem.arcs.length; a++) {
      const col = model.arcColumns[a]!;
      if (col >= 0) colOrder[col] = problem.lines[problem.arcs.line[a]!]!.order;
    }
    for (let s = 0; s < problem.shipments.length; s++) {
      const col = model.shipmentColumns![s]!;
      if (col >= 0) colOrder[col] = problem.shipments.order[s]!;
    }
    const { starts, indices } = model.rows;
    for (let row = 0; row < model.rows.lower.length; row++) {
      let owner = NO_ORDER;
      for (let k = starts[row]!; k < starts[row + 1]!; k++) {
        const order = colOrder[indices[k]!]!;
        if (order >= 0) owner = owner === NO_ORDER || owner === order ? order : SHARED;
      }
      if (owner < 0) continue;
      for (let k = starts[row]!; k < starts[row + 1]!; k++) if (colOrder[indices[k]!] === NO_ORDER) colOrder[indices[k]!] = owner;
    }
    for (let col = 0; col < model.numCols; col++) if (colOrder[col] === NO_ORDER) colOrder[col] = SHARED;
    return colOrder;
  }

  private rowsByOrder(): [Int32Array, Int32Array] {
    const counts = new Int32Array(this.problem.orders.length + 1);
    const seen = (row: number, visit: (order: number) => void) => {
      let last = NO_ORDER;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const order = this.colOrder[this.rows.indices[k]!]!;
        if (order >= 0 && order !== last) {
          visit(order);
          last = order;
        }
      }
    };
    const numRows = this.rows.lower.length;
    // A row may list an order twice apart; counting it twice only wastes a slot.
    for (let row = 0; row < numRows; row++) seen(row, (order) => counts[order + 1]!++);
    for (let o = 0; o < this.problem.orders.length; o++) counts[o + 1]! += counts[o]!;
    const list = new Int32Array(counts[this.problem.orders.length]!);
    const next = counts.slice(0, -1);
    for (let row = 0; row < numRows; row++) seen(row, (order) => (list[next[order]!++] = row));
    return [counts, list];
  }

  /** Objective coefficient of using an arc (its column) and of opening a shipment (its own column, 0 when merged with its arc's). */
  private modelScores(): PlanScores {
    const { problem, model } = this;
    const arc = new Float64Array(problem.arcs.length);
    const shipment = new Float64Array(problem.shipments.length);
    for (let a = 0; a < problem.arcs.length; a++) {
      const col = model.arcColumns[a]!;
      if (col >= 0) arc[a] = model.colCost[col]!;
    }
    for (let s = 0; s < problem.shipments.length; s++) {
      const col = model.shipmentColumns![s]!;
      if (col >= 0 && !this.arcColumn[col]) shipment[s] = model.colCost[col]!;
    }
    return { dims: 1, arc, shipment };
  }

  /**
   * Orders the search can decide exactly: whole lines (0/1 arc columns), shipments that
   * cost ≥ 0, no other column with a cost, and only packing rows shared with other orders.
   */
  private eligibleOrders(): Uint8Array {
    const { problem, model } = this;
    const eligible = new Uint8Array(problem.orders.length).fill(1);
    for (let a = 0; a < problem.arcs.length; a++) {
      const col = model.arcColumns[a]!;
      const line = problem.lines[problem.arcs.line[a]!]!;
      if (col >= 0 && (model.colUpper[col] !== 1 || model.arcUnits[a] !== line.line.quantity)) eligible[line.order] = 0;
    }
    for (let s = 0; s < problem.shipments.length; s++) if (this.scores.shipment[s]! < 0) eligible[problem.shipments.order[s]!] = 0;
    for (let col = 0; col < model.numCols; col++) {
      const order = this.colOrder[col]!;
      if (order >= 0 && !this.arcColumn[col] && !this.isShipmentColumn(col) && model.colCost[col] !== 0) eligible[order] = 0;
    }
    for (let row = 0; row < this.rows.lower.length; row++) {
      if (this.rowOrder[row] !== SHARED || this.packing[row]) continue;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const order = this.colOrder[this.rows.indices[k]!]!;
        if (order >= 0) eligible[order] = 0;
      }
    }
    return eligible;
  }

  private shipmentColumnSet?: Uint8Array;
  private isShipmentColumn(col: number): boolean {
    if (!this.shipmentColumnSet) {
      const columns = this.model.shipmentColumns!;
      this.shipmentColumnSet = new Uint8Array(this.model.numCols);
      for (let s = 0; s < columns.length; s++) if (columns[s]! >= 0) this.shipmentColumnSet[columns[s]!] = 1;
    }
    return this.shipmentColumnSet[col] === 1;
  }

  // ------------------------------------------------------------ rounds ----

  /** Whether a shared row can still bind: always unless it packs and its live columns cannot exceed it. */
  private contestedRow(row: number): boolean {
    if (this.rowOrder[row] !== SHARED) return false;
    if (!this.packing[row]) return true;
    let most = this.rowFixed[row]!;
    for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
      const col = this.rows.indices[k]!;
      if (this.live[col]) most += this.rows.values[k]! * this.model.colUpper[col]!;
    }
    return most > this.rows.upper[row]! + 1e-9;
  }

  private contestedColumns(): Uint8Array {
    const contested = new Uint8Array(this.model.numCols);
    for (let row = 0; row < this.rows.lower.length; row++) {
      if (!this.contestedRow(row)) continue;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) contested[this.rows.indices[k]!] = 1;
    }
    return contested;
  }

  /** Whether a column of the order other than its arcs and shipments (e.g. all-or-nothing) sits in a contested row. */
  private auxiliaryContested(order: number, contested: Uint8Array): boolean {
    for (let i = this.orderRowStarts[order]!; i < this.orderRowStarts[order + 1]!; i++) {
      const row = this.orderRowList[i]!;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const col = this.rows.indices[k]!;
        if (this.colOrder[col] === order && contested[col] && !this.arcColumn[col] && !this.isShipmentColumn(col)) return true;
      }
    }
    return false;
  }

  /**
   * The order's column values when it ships on the given arcs, or null when a row of the
   * order alone (its lines, shipments, structure, its own inventory) would be violated.
   */
  private orderValues(order: number, arcs: number[]): Map<number, number> | null {
    const { model } = this;
    const values = this.scratch; // only the order's columns are written, and reset before returning
    for (const arc of arcs) values[model.arcColumns[arc]!] = 1;
    const first = this.orderRowStarts[order]!;
    const end = this.orderRowStarts[order + 1]!;
    for (let i = first; i < end; i++) {
      const row = this.orderRowList[i]!;
      if (this.rowOrder[row] === order) raiseToRow(model, values, this.arcColumn, row);
    }
    const result = new Map<number, number>();
    for (const arc of arcs) result.set(model.arcColumns[arc]!, 1);
    let holds = true;
    for (let i = first; i < end; i++) {
      const row = this.orderRowList[i]!;
      if (this.rowOrder[row] !== order) continue;
      let activity = 0;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const col = this.rows.indices[k]!;
        activity += this.rows.values[k]! * values[col]!;
        if (values[col] !== 0) result.set(col, values[col]!);
      }
      if (activity < this.rows.lower[row]! - 1e-9 || activity > this.rows.upper[row]! + 1e-9) holds = false;
    }
    for (const col of result.keys()) values[col] = 0;
    return holds ? result : null;
  }

  private settle(order: number, arcs: number[], values: Map<number, number>): void {
    const { problem, model } = this;
    this.settledOrder[order] = 1;
    for (const arc of arcs) this.settledArcs[arc] = problem.lines[problem.arcs.line[arc]!]!.line.quantity;
    values.forEach((value, col) => (this.settledObjective += model.colCost[col]! * value));
    for (let i = this.orderRowStarts[order]!; i < this.orderRowStarts[order + 1]!; i++) {
      const row = this.orderRowList[i]!;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const col = this.rows.indices[k]!;
        if (this.colOrder[col] !== order) continue;
        if (this.live[col] && values.has(col)) this.rowFixed[row]! += this.rows.values[k]! * values.get(col)!;
      }
    }
    for (let i = this.orderRowStarts[order]!; i < this.orderRowStarts[order + 1]!; i++) {
      const row = this.orderRowList[i]!;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) if (this.colOrder[this.rows.indices[k]!] === order) this.live[this.rows.indices[k]!] = 0;
    }
    for (const line of problem.orders[order]!.lines) {
      for (const arc of problem.lines[line]!.arcs) {
        for (const col of [model.arcColumns[arc]!, model.shipmentColumns![problem.arcs.shipment[arc]!]!]) if (col >= 0) this.live[col] = 0;
      }
    }
  }

  /**
   * Drops the order's arcs whose cheapest use costs more than `ceiling` (the value of a plan
   * on uncontested rows): the arc's column and shipment, plus the best each other line could add.
   */
  private prune(order: number, liveArc: Uint8Array, ceiling: number): boolean {
    const { problem, model, scores } = this;
    const lines = problem.orders[order]!.lines;
    const floors = lines.map((l) => problem.lines[l]!.arcs.reduce((low, a) => (liveArc[a] ? Math.min(low, scores.arc[a]!) : low), 0));
    const floorSum = floors.reduce((sum, f) => sum + f, 0);
    const limit = ceiling + 1e-9 * Math.max(1, Math.abs(ceiling));
    let pruned = false;
    lines.forEach((l, i) => {
      for (const arc of problem.lines[l]!.arcs) {
        if (!liveArc[arc]) continue;
        const cheapest = scores.arc[arc]! + scores.shipment[problem.arcs.shipment[arc]!]! + floorSum - floors[i]!;
        if (cheapest <= limit) continue;
        this.live[model.arcColumns[arc]!] = 0;
        liveArc[arc] = 0;
        this.prunedArcs++;
        pruned = true;
      }
    });
    if (pruned) {
      for (const line of lines) {
        for (const arc of problem.lines[line]!.arcs) {
          const shipment = problem.arcs.shipment[arc]!;
          const col = model.shipmentColumns![shipment]!;
          if (col >= 0 && !this.arcColumn[col] && !problem.shipments.arcsOf(shipment).some((a) => liveArc[a] === 1)) this.live[col] = 0;
        }
      }
    }
    return pruned;
  }

  // -------------------------------------------------------- components ----

  /** Unsettled orders grouped by the contested rows that link them. */
  private componentOrders(): number[][] {
    const { problem } = this;
    const parent = typedArrayOf(Int32Array, problem.orders.length, (i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
      return x;
    };
    for (let row = 0; row < this.rows.lower.length; row++) {
      if (!this.contestedRow(row)) continue;
      let first = -1;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const col = this.rows.indices[k]!;
        if (!this.live[col]) continue;
        const order = this.colOrder[col]!;
        if (first < 0) first = order;
        else parent[find(order)] = find(first);
      }
    }
    const groups = new Map<number, number[]>();
    for (const order of problem.orders) {
      if (this.settledOrder[order.index] || !this.hasLiveColumn(order.index)) continue;
      const root = find(order.index);
      let group = groups.get(root);
      if (!group) groups.set(root, (group = []));
      group.push(order.index);
    }
    return [...groups.values()];
  }

  /**
   * Small components packed together, smallest first, into parts of up to `bundleColumns`
   * columns: a solver call has a fixed cost that dwarfs solving a handful of orders.
   */
  private bundled(groups: number[][], bundleColumns: number): number[][] {
    const size = (orders: number[]) => orders.reduce((sum, o) => sum + this.liveColumns(o), 0);
    const sized = groups.map((orders) => ({ orders, columns: size(orders) })).sort((a, b) => a.columns - b.columns || a.orders[0]! - b.orders[0]!);
    const parts: number[][] = [];
    let current: number[] = [];
    let columns = 0;
    for (const group of sized) {
      if (current.length > 0 && columns + group.columns > bundleColumns) {
        parts.push(current);
        current = [];
        columns = 0;
      }
      current = current.concat(group.orders);
      columns += group.columns;
    }
    if (current.length > 0) parts.push(current);
    return parts;
  }

  /** Live arc columns of the order: the measure of a component's size. */
  private liveColumns(order: number): number {
    let count = 0;
    for (const line of this.problem.orders[order]!.lines) for (const arc of this.problem.lines[line]!.arcs) if (this.model.arcColumns[arc]! >= 0 && this.live[this.model.arcColumns[arc]!]) count++;
    return count;
  }

  private hasLiveColumn(order: number): boolean {
    for (const line of this.problem.orders[order]!.lines) {
      for (const arc of this.problem.lines[line]!.arcs) {
        const col = this.model.arcColumns[arc]!;
        if (col >= 0 && this.live[col]) return true;
      }
    }
    return false;
  }

  /**
   * The part of a level's constant that belongs to the orders' lines with a live arc: what
   * shipping none of them scores (for fulfilment, each line's units at its arcs' per-unit
   * coefficient). It keeps a component's objective — and so a relative gap — on the batch's scale.
   */
  private offsetShare(coefficients: Float64Array, orders: number[]): number {
    const { problem, model } = this;
    let share = 0;
    for (const order of orders) {
      for (const line of problem.orders[order]!.lines) {
        const arc = problem.lines[line]!.arcs.find((a) => model.arcColumns[a]! >= 0 && this.live[model.arcColumns[a]!]);
        if (arc !== undefined) share -= (coefficients[model.arcColumns[arc]!]! / model.arcUnits[arc]!) * problem.lines[line]!.line.quantity;
      }
    }
    return share;
  }

  /** The model restricted to the live columns of some orders and the rows that still bind them. */
  private subModel(orders: number[]): LinearModel {
    const { model, problem } = this;
    const inComponent = new Uint8Array(problem.orders.length);
    for (const o of orders) inComponent[o] = 1;
    const newCol = new Int32Array(model.numCols).fill(-1);
    const cols: number[] = [];
    for (let col = 0; col < model.numCols; col++) {
      if (this.live[col] && inComponent[this.colOrder[col]!]) {
        newCol[col] = cols.length;
        cols.push(col);
      }
    }
    const rowIds: number[] = [];
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    for (let row = 0; row < this.rows.lower.length; row++) {
      const owner = this.rowOrder[row]!;
      if (owner === SHARED ? !this.contestedRow(row) : owner < 0 || !inComponent[owner]) continue;
      const before = indices.length;
      for (let k = this.rows.starts[row]!; k < this.rows.starts[row + 1]!; k++) {
        const col = newCol[this.rows.indices[k]!]!;
        if (col < 0) continue;
        indices.push(col);
        values.push(this.rows.values[k]!);
      }
      if (indices.length === before) continue;
      rowIds.push(row);
      rowLower.push(this.rows.lower[row]! - this.rowFixed[row]!);
      rowUpper.push(this.rows.upper[row]! - this.rowFixed[row]!);
      starts.push(indices.length);
    }
    const pick = <T extends Float64Array | Uint8Array>(source: T): T => {
      const target = new (source.constructor as { new (n: number): T })(cols.length);
      cols.forEach((col, i) => (target[i] = source[col]!));
      return target;
    };
    const arcColumns = new Int32Array(problem.arcs.length).fill(-1);
    for (let arc = 0; arc < arcColumns.length; arc++) {
      const col = model.arcColumns[arc]!;
      if (col >= 0) arcColumns[arc] = newCol[col]!;
    }
    const levels = model.levels.map((level) => ({ ...level, offset: level.offset === 0 ? 0 : this.offsetShare(level.coefficients, orders), coefficients: pick(level.coefficients) }));
    return {
      numCols: cols.length,
      colNames: model.colNames.length === 0 ? [] : cols.map((col) => model.colNames[col]!),
      colLower: pick(model.colLower),
      colUpper: pick(model.colUpper),
      colInteger: pick(model.colInteger),
      rows: {
        names: this.rows.names.length === 0 ? [] : rowIds.map((row) => this.rows.names[row]!),
        lower: Float64Array.from(rowLower),
        upper: Float64Array.from(rowUpper),
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
      levels,
      colCost: pick(model.colCost),
      objectiveOffset: levels.reduce((sum, level) => sum + level.weight * level.offset, 0),
      arcColumns,
      arcUnits: model.arcUnits,
      shipmentColumns: model.shipmentColumns!.map((col) => (col >= 0 ? newCol[col]! : -1)),
    };
  }
}

import type { FulfillmentProblem } from './problem.js';
import type { LinearModel, ObjectiveLevel } from './linear-model.js';

/**
 * Builds the linear model of a fulfillment problem.
 *
 * Columns: one per arc (binary "the whole line ships from here", or integer
 * units when the order allows partial lines), one binary per shipment with
 * two or more arcs (a shipment with one binary arc is that arc's column), one
 * binary per units arc with a per-assignment cost that no other column can
 * carry, and one binary per all-or-nothing order. Rows: each line at most once, arcs
 * linked one by one to their shipment, all-or-nothing orders, inventory only
 * where the candidates could exceed the stock, order capacity per location,
 * the most locations per order, and the rules' custom rows.
 *
 * The objective is lexicographic (docs/spec.md §3.5): unfulfilled units (each
 * weighted 1 + a share of the line's unit price below one unit in total),
 * then priority, then cost. The weights make the single combined objective
 * respect that order: a level's weight exceeds the largest possible value of
 * all the levels below it.
 */
export interface BuildOptions {
  /** Name the columns and rows (for an LP file). */
  names?: boolean;
  /** The arcs that get a column (1); default every arc (e.g. `arcsOfSettledAlone`). */
  arcs?: Uint8Array;
}

export function buildLinearModel(problem: FulfillmentProblem, options: BuildOptions = {}): LinearModel {
  const b = new ModelBuilder(options.names ?? false);
  const { arcs, lines, orders, shipments } = problem;

  // Lines of all-or-nothing orders with a line that has no candidate cannot ship: create nothing for them.
  const deadOrder = orders.map((o) => o.structure.allOrNothing && o.lines.some((l) => lines[l]!.arcs.length === 0));
  const arcColumns = new Int32Array(arcs.length).fill(-1);
  const arcUnits = new Float64Array(arcs.length);
  for (let a = 0; a < arcs.length; a++) {
    const line = lines[arcs.line[a]!]!;
    const order = orders[line.order]!;
    if (deadOrder[order.index] || (options.arcs && !options.arcs[a])) continue;
    const quantity = line.line.quantity;
    const usable = problem.stock[arcs.stock[a]!]!.usable;
    if (order.structure.partialLines) {
      arcColumns[a] = b.column(0, Math.min(quantity, usable), true, 'x', line.index, arcs.location[a]!);
      arcUnits[a] = 1;
    } else {
      arcColumns[a] = b.column(0, 1, true, 'y', line.index, arcs.location[a]!);
      arcUnits[a] = quantity;
    }
  }
  const live = (arcIndex: number) => arcColumns[arcIndex]! >= 0;

  // Shipment indicator: its own binary, or the column of its single binary arc.
  const liveArcCount = new Int32Array(shipments.length);
  const firstLiveArc = new Int32Array(shipments.length);
  for (let a = 0; a < arcs.length; a++) {
    if (!live(a)) continue;
    const s = arcs.shipment[a]!;
    if (liveArcCount[s]!++ === 0) firstLiveArc[s] = a;
  }
  const shipmentColumn = new Int32Array(shipments.length).fill(-1);
  for (let s = 0; s < shipments.length; s++) {
    if (liveArcCount[s] === 0) continue;
    const only = firstLiveArc[s]!;
    if (liveArcCount[s] === 1 && arcUnits[only] === lines[arcs.line[only]!]!.line.quantity && b.upper[arcColumns[only]!] === 1) {
      shipmentColumn[s] = arcColumns[only]!;
      continue;
    }
    const z = b.column(0, 1, true, 'z', shipments.order[s]!, shipments.location[s]!, s);
    shipmentColumn[s] = z;
    for (const a of shipments.arcsOf(s)) if (live(a)) b.row(-Infinity, 0, [arcColumns[a]!, z], [1, -b.upper[arcColumns[a]!]!], 'link', a);
  }

  // Column that says "the line takes something here", which pays the arc's per-assignment cost:
  // the arc's own column when it is 0/1; for a units column, the shipment's binary when the arc
  // is its only arc, else a binary of its own (paying per unit would overcharge a split line).
  const assignmentColumn = Int32Array.from(arcColumns);
  for (let a = 0; a < arcs.length; a++) {
    const col = arcColumns[a]!;
    if (col < 0 || b.upper[col] === 1 || arcs.assignmentCost[a] === 0) continue;
    const shipment = arcs.shipment[a]!;
    if (liveArcCount[shipment] === 1) {
      assignmentColumn[a] = shipmentColumn[shipment]!;
      continue;
    }
    const w = b.column(0, 1, true, 'w', arcs.line[a]!, arcs.location[a]!);
    assignmentColumn[a] = w;
    b.row(-Infinity, 0, [col, w], [1, -b.upper[col]!], 'assign', a);
  }

  // Each line ships at most its quantity; all-or-nothing orders ship every line in full or none.
  for (const order of orders) {
    if (deadOrder[order.index]) continue;
    const all = order.structure.allOrNothing && order.lines.length > 0 ? b.column(0, 1, true, 'f', order.index) : -1;
    for (const l of order.lines) {
      const lineArcs = lines[l]!.arcs.filter(live);
      const quantity = lines[l]!.line.quantity;
      const cols = lineArcs.map((a) => arcColumns[a]!);
      const units = lineArcs.map((a) => arcUnits[a]!);
      if (all >= 0) {
        b.row(0, 0, [...cols, all], [...units, -quantity], 'all', l);
      } else if (cols.length > 1 || (cols.length === 1 && b.upper[cols[0]!]! * units[0]! > quantity)) {
        b.row(-Infinity, quantity, cols, units, 'line', l);
      }
    }
  }

  // Inventory, only where the candidates together could take more than the stock.
  const stockArcs = problem.stock.map(() => [] as number[]);
  for (let a = 0; a < arcs.length; a++) if (live(a)) stockArcs[arcs.stock[a]!]!.push(a);
  for (const stock of problem.stock) {
    const arcList = stockArcs[stock.index]!;
    const most = arcList.reduce((sum, a) => sum + b.upper[arcColumns[a]!]! * arcUnits[a]!, 0);
    if (most > stock.usable) {
      b.row(-Infinity, stock.usable, arcList.map((a) => arcColumns[a]!), arcList.map((a) => arcUnits[a]!), 'stock', stock.index);
    }
  }

  // Order capacity per location: shipments from the location count the orders it takes.
  const shipmentsAt = problem.locations.map(() => [] as number[]);
  // A shipment an earlier iteration made already counts in the location's capacity.
  for (let s = 0; s < shipments.length; s++) if (shipmentColumn[s]! >= 0 && !shipments.existing[s]) shipmentsAt[shipments.location[s]!]!.push(s);
  for (const location of problem.locations) {
    const list = shipmentsAt[location.index]!;
    if (location.orderCapacity !== null && list.length > location.orderCapacity) {
      b.row(-Infinity, location.orderCapacity, list.map((s) => shipmentColumn[s]!), list.map(() => 1), 'capacity', location.index);
    }
  }

  // Most locations per order.
  const shipmentsOf = orders.map(() => [] as number[]);
  // Locations an earlier iteration already ships the order from are used up front.
  for (let s = 0; s < shipments.length; s++) if (shipmentColumn[s]! >= 0 && !shipments.existing[s]) shipmentsOf[shipments.order[s]!]!.push(s);
  for (const order of orders) {
    const list = shipmentsOf[order.index]!;
    if (order.structure.maxLocations === null) continue;
    const max = Math.max(0, order.structure.maxLocations - order.usedLocations);
    if (new Set(list.map((s) => shipments.location[s])).size > max) {
      b.row(-Infinity, max, list.map((s) => shipmentColumn[s]!), list.map(() => 1), 'maxloc', order.index);
    }
  }

  for (const row of problem.customRows) {
    const cols: number[] = [];
    const values: number[] = [];
    for (const term of row.terms) {
      const col = 'arc' in term ? arcColumns[term.arc]! : shipmentColumn[term.shipment]!;
      if (col >= 0) {
        cols.push(col);
        values.push(term.coefficient);
      }
    }
    b.row(row.lower, row.upper, cols, values, 'custom', row.name);
  }

  return { ...b.finish(objectiveLevels(problem, b, arcColumns, arcUnits, shipmentColumn, assignmentColumn), arcColumns, arcUnits), shipmentColumns: shipmentColumn };
}

/** Tier of locations without a priority: after priority 10 (docs/spec.md §4.2). */
const UNPRIORITISED_TIER = 11;

/**
 * Priority penalty of one shipment (decided, docs/spec.md §4.2): a constant per
 * shipment, 11 × the most shipments the order can use, so that k shipments
 * always cost more than k − 1 whatever their tiers, plus the tier. So an order
 * goes whole to one location of the best tier that can take all of it;
 * only when no single location can, it splits, over as few locations as
 * possible, then over the best tiers.
 */
function shipmentPriorityPenalty(tier: number | null, mostShipments: number): number {
  return UNPRIORITISED_TIER * mostShipments + (tier ?? UNPRIORITISED_TIER);
}

function objectiveLevels(
  problem: FulfillmentProblem,
  b: ModelBuilder,
  arcColumns: Int32Array,
  arcUnits: Float64Array,
  shipmentColumn: Int32Array,
  assignmentColumn: Int32Array,
): ObjectiveLevel[] {
  const n = b.upper.length;
  const fulfilment = new Float64Array(n);
  const priority = new Float64Array(n);
  const cost = new Float64Array(n);
  const totalUnits = problem.lines.reduce((sum, l) => sum + l.line.quantity, 0);
  const maxPrice = problem.lines.reduce((max, l) => Math.max(max, l.line.unitPrice), 0);
  // Value weight per unit: 1 plus a price share that over all units stays below half a unit.
  const unitWeight = (price: number) => 1 + (maxPrice > 0 ? price / (2 * maxPrice * (totalUnits + 1)) : 0);
  let fulfilmentOffset = 0;
  for (const line of problem.lines) fulfilmentOffset += line.line.quantity * unitWeight(line.line.unitPrice);

  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const col = arcColumns[a]!;
    if (col < 0) continue;
    const line = problem.lines[arcs.line[a]!]!.line;
    fulfilment[col]! -= arcUnits[a]! * unitWeight(line.unitPrice);
    cost[col]! += arcs.unitCost[a]! * arcUnits[a]!;
    cost[assignmentColumn[a]!]! += arcs.assignmentCost[a]!;
  }
  // Most shipments an order can use: one per candidate shipment, and no more than its lines when lines stay whole.
  const shipmentsOfOrder = problem.orders.map((o) => (o.structure.partialLines ? Infinity : o.lines.length));
  const candidateShipments = new Array<number>(problem.orders.length).fill(0);
  const { shipments } = problem;
  for (let s = 0; s < shipments.length; s++) if (shipmentColumn[s]! >= 0) candidateShipments[shipments.order[s]!]!++;
  candidateShipments.forEach((n, o) => (shipmentsOfOrder[o] = Math.min(shipmentsOfOrder[o]!, n)));
  for (let s = 0; s < shipments.length; s++) {
    const col = shipmentColumn[s]!;
    if (col < 0) continue;
    cost[col]! += shipments.cost[s]!;
    if (problem.hasPriorities) {
      priority[col]! += shipmentPriorityPenalty(arcs.priorityTier(shipments.arcsOf(s)[0]!), shipmentsOfOrder[shipments.order[s]!]!);
    }
  }

  // Largest value the cost and priority levels can reach: a whole line uses one arc (and pays
  // at most that arc's shipment), a partial line may use all of its arcs.
  const costBound = levelBound(problem, arcColumns, shipmentColumn, assignmentColumn, b.upper, cost);
  const priorityBound = levelBound(problem, arcColumns, shipmentColumn, assignmentColumn, b.upper, priority);
  const costWeight = 1;
  const priorityWeight = costBound + 1;
  // Different unit totals differ by at least half a weighted unit, hence the factor 2.
  const fulfilmentWeight = 2 * (priorityWeight * priorityBound + costBound + 1);
  return [
    { name: 'fulfilment', weight: fulfilmentWeight, offset: fulfilmentOffset, coefficients: fulfilment },
    { name: 'priority', weight: priorityWeight, offset: 0, coefficients: priority },
    { name: 'cost', weight: costWeight, offset: 0, coefficients: cost },
  ];
}

/** An upper bound of a non-negative level over every feasible solution. */
function levelBound(
  problem: FulfillmentProblem,
  arcColumns: Int32Array,
  shipmentColumn: Int32Array,
  assignmentColumn: Int32Array,
  upper: number[],
  coefficients: Float64Array,
): number {
  let bound = 0;
  for (const line of problem.lines) {
    const partial = problem.orders[line.order]!.structure.partialLines;
    let lineBound = 0;
    for (const a of line.arcs) {
      const col = arcColumns[a]!;
      if (col < 0) continue;
      const shipmentCol = shipmentColumn[problem.arcs.shipment[a]!]!;
      const assignmentCol = assignmentColumn[a]!;
      const arcPart = coefficients[col]! * upper[col]! + (shipmentCol !== col ? coefficients[shipmentCol]! : 0) +
        (assignmentCol !== col && assignmentCol !== shipmentCol ? coefficients[assignmentCol]! : 0);
      lineBound = partial ? lineBound + arcPart : Math.max(lineBound, arcPart);
    }
    bound += lineBound;
  }
  return bound;
}

/** A name's parts, joined with `_` (`y_12_3`); made only when names are asked for. */
type NamePart = string | number;

function nameOf(...parts: Array<NamePart | undefined>): string {
  return parts.filter((part) => part !== undefined).join('_');
}

/** Accumulates columns and rows, then packs them into a LinearModel. */
class ModelBuilder {
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly integer: number[] = [];
  private readonly colNames: string[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];

  /** `named`: give columns and rows names (for an LP file); a solver needs none, and on large batches they cost much memory. */
  constructor(private readonly named: boolean) {}

  column(lower: number, upper: number, integer: boolean, prefix: string, a: NamePart, b?: NamePart, c?: NamePart): number {
    if (this.named) this.colNames.push(nameOf(prefix, a, b, c));
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.lower.length - 1;
  }

  row(lower: number, upper: number, cols: number[], values: number[], prefix: string, a: NamePart): void {
    if (this.named) this.rowNames.push(nameOf(prefix, a));
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (let i = 0; i < cols.length; i++) {
      if (values[i] === 0) continue;
      this.indices.push(cols[i]!);
      this.values.push(values[i]!);
    }
    this.starts.push(this.indices.length);
  }

  finish(levels: ObjectiveLevel[], arcColumns: Int32Array, arcUnits: Float64Array): LinearModel {
    const numCols = this.lower.length;
    const colCost = new Float64Array(numCols);
    let objectiveOffset = 0;
    for (const level of levels) {
      objectiveOffset += level.weight * level.offset;
      for (let col = 0; col < numCols; col++) colCost[col]! += level.weight * level.coefficients[col]!;
    }
    return {
      numCols,
      colNames: this.colNames,
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      colInteger: Uint8Array.from(this.integer),
      rows: {
        names: this.rowNames,
        lower: Float64Array.from(this.rowLower),
        upper: Float64Array.from(this.rowUpper),
        starts: Int32Array.from(this.starts),
        indices: Int32Array.from(this.indices),
        values: Float64Array.from(this.values),
      },
      levels,
      colCost,
      objectiveOffset,
      arcColumns,
      arcUnits,
    };
  }
}

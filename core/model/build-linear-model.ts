import type { FulfillmentProblem, Shipment } from './problem.js';
import { sumCosts } from './problem.js';
import type { LinearModel, ObjectiveLevel } from './linear-model.js';

/**
 * Builds the linear model of a fulfillment problem.
 *
 * Columns: one per arc (binary "the whole line ships from here", or integer
 * units when the order allows partial lines), one binary per shipment with
 * two or more arcs (a shipment with one binary arc is that arc's column), and
 * one binary per all-or-nothing order. Rows: each line at most once, arcs
 * linked one by one to their shipment, all-or-nothing orders, inventory only
 * where the candidates could exceed the stock, order capacity per location,
 * the most locations per order, and the rules' custom rows.
 *
 * The objective is lexicographic (SPEC.md §3.5): unfulfilled units (each
 * weighted 1 + a share of the line's unit price below one unit in total),
 * then priority, then cost. The weights make the single combined objective
 * respect that order: a level's weight exceeds the largest possible value of
 * all the levels below it.
 */
export function buildLinearModel(problem: FulfillmentProblem): LinearModel {
  const b = new ModelBuilder();
  const { arcs, lines, orders, shipments } = problem;

  // Lines of all-or-nothing orders with a line that has no candidate cannot ship: create nothing for them.
  const deadOrder = orders.map((o) => o.structure.allOrNothing && o.lines.some((l) => lines[l]!.arcs.length === 0));
  const arcColumns = new Int32Array(arcs.length).fill(-1);
  const arcUnits = new Float64Array(arcs.length);
  for (const arc of arcs) {
    const line = lines[arc.line]!;
    const order = orders[line.order]!;
    if (deadOrder[order.index]) continue;
    const quantity = line.line.quantity;
    const usable = problem.stock[arc.stock]!.usable;
    if (order.structure.partialLines) {
      arcColumns[arc.index] = b.column(`x_${arc.line}_${arc.location}`, 0, Math.min(quantity, usable), true);
      arcUnits[arc.index] = 1;
    } else {
      arcColumns[arc.index] = b.column(`y_${arc.line}_${arc.location}`, 0, 1, true);
      arcUnits[arc.index] = quantity;
    }
  }
  const live = (arcIndex: number) => arcColumns[arcIndex]! >= 0;

  // Shipment indicator: its own binary, or the column of its single binary arc.
  const shipmentColumn = new Int32Array(shipments.length).fill(-1);
  for (const shipment of shipments) {
    const liveArcs = shipment.arcs.filter(live);
    if (liveArcs.length === 0) continue;
    const only = liveArcs[0]!;
    if (liveArcs.length === 1 && arcUnits[only] === lines[arcs[only]!.line]!.line.quantity && b.upper[arcColumns[only]!] === 1) {
      shipmentColumn[shipment.index] = arcColumns[only]!;
      continue;
    }
    const z = b.column(`z_${shipment.order}_${shipment.location}_${shipment.index}`, 0, 1, true);
    shipmentColumn[shipment.index] = z;
    for (const a of liveArcs) b.row(`link_${a}`, -Infinity, 0, [arcColumns[a]!, z], [1, -b.upper[arcColumns[a]!]!]);
  }

  // Each line ships at most its quantity; all-or-nothing orders ship every line in full or none.
  for (const order of orders) {
    if (deadOrder[order.index]) continue;
    const all = order.structure.allOrNothing && order.lines.length > 0 ? b.column(`f_${order.index}`, 0, 1, true) : -1;
    for (const l of order.lines) {
      const lineArcs = lines[l]!.arcs.filter(live);
      const quantity = lines[l]!.line.quantity;
      const cols = lineArcs.map((a) => arcColumns[a]!);
      const units = lineArcs.map((a) => arcUnits[a]!);
      if (all >= 0) {
        b.row(`all_${l}`, 0, 0, [...cols, all], [...units, -quantity]);
      } else if (cols.length > 1 || (cols.length === 1 && b.upper[cols[0]!]! * units[0]! > quantity)) {
        b.row(`line_${l}`, -Infinity, quantity, cols, units);
      }
    }
  }

  // Inventory, only where the candidates together could take more than the stock.
  const stockArcs = problem.stock.map(() => [] as number[]);
  for (const arc of arcs) if (live(arc.index)) stockArcs[arc.stock]!.push(arc.index);
  for (const stock of problem.stock) {
    const arcList = stockArcs[stock.index]!;
    const most = arcList.reduce((sum, a) => sum + b.upper[arcColumns[a]!]! * arcUnits[a]!, 0);
    if (most > stock.usable) {
      b.row(`stock_${stock.index}`, -Infinity, stock.usable, arcList.map((a) => arcColumns[a]!), arcList.map((a) => arcUnits[a]!));
    }
  }

  // Order capacity per location: shipments from the location count the orders it takes.
  const shipmentsAt = problem.locations.map(() => [] as Shipment[]);
  for (const s of shipments) if (shipmentColumn[s.index]! >= 0) shipmentsAt[s.location]!.push(s);
  for (const location of problem.locations) {
    const list = shipmentsAt[location.index]!;
    if (location.orderCapacity !== null && list.length > location.orderCapacity) {
      b.row(`capacity_${location.index}`, -Infinity, location.orderCapacity, list.map((s) => shipmentColumn[s.index]!), list.map(() => 1));
    }
  }

  // Most locations per order.
  const shipmentsOf = orders.map(() => [] as Shipment[]);
  for (const s of shipments) if (shipmentColumn[s.index]! >= 0) shipmentsOf[s.order]!.push(s);
  for (const order of orders) {
    const list = shipmentsOf[order.index]!;
    const max = order.structure.maxLocations;
    if (max !== null && new Set(list.map((s) => s.location)).size > max) {
      b.row(`maxloc_${order.index}`, -Infinity, max, list.map((s) => shipmentColumn[s.index]!), list.map(() => 1));
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
    b.row(`custom_${row.name}`, row.lower, row.upper, cols, values);
  }

  return b.finish(objectiveLevels(problem, b, arcColumns, arcUnits, shipmentColumn), arcColumns, arcUnits);
}

/** Penalty of shipping from a priority tier: 0 for tier 1; locations without a tier rank after tier 10. */
function tierPenalty(tier: number | null): number {
  return (tier ?? 11) - 1;
}

function objectiveLevels(
  problem: FulfillmentProblem,
  b: ModelBuilder,
  arcColumns: Int32Array,
  arcUnits: Float64Array,
  shipmentColumn: Int32Array,
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

  for (const arc of problem.arcs) {
    const col = arcColumns[arc.index]!;
    if (col < 0) continue;
    const line = problem.lines[arc.line]!.line;
    fulfilment[col]! -= arcUnits[arc.index]! * unitWeight(line.unitPrice);
    cost[col]! += sumCosts(arc.assignmentCosts) + sumCosts(arc.unitCosts) * arcUnits[arc.index]!;
  }
  for (const shipment of problem.shipments) {
    const col = shipmentColumn[shipment.index]!;
    if (col < 0) continue;
    cost[col]! += sumCosts(shipment.costs);
    if (problem.hasPriorities) priority[col]! += tierPenalty(problem.arcs[shipment.arcs[0]!]!.priorityTier);
  }

  // Largest value the cost and priority levels can reach: a whole line uses one arc (and pays
  // at most that arc's shipment), a partial line may use all of its arcs.
  const costBound = levelBound(problem, arcColumns, shipmentColumn, b.upper, cost);
  const priorityBound = levelBound(problem, arcColumns, shipmentColumn, b.upper, priority);
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
function levelBound(problem: FulfillmentProblem, arcColumns: Int32Array, shipmentColumn: Int32Array, upper: number[], coefficients: Float64Array): number {
  let bound = 0;
  for (const line of problem.lines) {
    const partial = problem.orders[line.order]!.structure.partialLines;
    let lineBound = 0;
    for (const a of line.arcs) {
      const col = arcColumns[a]!;
      if (col < 0) continue;
      const shipmentCol = shipmentColumn[problem.arcs[a]!.shipment]!;
      const arcPart = coefficients[col]! * upper[col]! + (shipmentCol !== col ? coefficients[shipmentCol]! : 0);
      lineBound = partial ? lineBound + arcPart : Math.max(lineBound, arcPart);
    }
    bound += lineBound;
  }
  return bound;
}

/** Accumulates columns and rows, then packs them into a LinearModel. */
class ModelBuilder {
  readonly names: string[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly integer: number[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];

  column(name: string, lower: number, upper: number, integer: boolean): number {
    this.names.push(name);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.names.length - 1;
  }

  row(name: string, lower: number, upper: number, cols: number[], values: number[]): void {
    this.rowNames.push(name);
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
    const numCols = this.names.length;
    const colCost = new Float64Array(numCols);
    let objectiveOffset = 0;
    for (const level of levels) {
      objectiveOffset += level.weight * level.offset;
      for (let col = 0; col < numCols; col++) colCost[col]! += level.weight * level.coefficients[col]!;
    }
    return {
      numCols,
      colNames: this.names,
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

import type { CostTerm } from './problem.js';
import { INITIAL_ROWS, TermList } from './term-list.js';
import { grown } from './typed-arrays.js';

/** What an `ArcTable` holds of one arc, as an object: made only on request (explanations, small copies). */
export interface Arc {
  index: number;
  line: number;
  location: number;
  shipment: number;
  stock: number;
  /** Exact distance from the location to the delivery address. */
  distance: number;
  /** Region-grouped distance used in costs and comparisons. */
  costDistance: number;
  /** Cost paid once if the line takes anything from this location, tagged by factor. */
  assignmentCosts: CostTerm[];
  /** Cost paid per unit shipped on this arc, tagged by factor. */
  unitCosts: CostTerm[];
  /** 1 is the best priority; null when no priority applies. */
  priorityTier: number | null;
}

/** `priorityTier` stored for "no priority applies" (tiers are 1 and up). */
const NO_TIER = 0;

/**
 * The candidate (line, location) arcs of a fulfillment problem, column-wise
 * in typed arrays: one entry per arc in each field, indexed by the arc's
 * position. Solvers and the model read the fields directly; cost terms are
 * kept tagged by factor for explanations and summed per arc for everything
 * else. Arcs are only appended (the filter builds the table once).
 */
export class ArcTable {
  length = 0;
  line = new Int32Array(INITIAL_ROWS);
  location = new Int32Array(INITIAL_ROWS);
  shipment = new Int32Array(INITIAL_ROWS);
  stock = new Int32Array(INITIAL_ROWS);
  distance = new Float64Array(INITIAL_ROWS);
  costDistance = new Float64Array(INITIAL_ROWS);
  /** Sum of the arc's per-assignment terms. */
  assignmentCost = new Float64Array(INITIAL_ROWS);
  /** Sum of the arc's per-unit terms. */
  unitCost = new Float64Array(INITIAL_ROWS);
  private tier = new Int32Array(INITIAL_ROWS);
  /** Each arc's assignment terms, then its unit terms. */
  private readonly termList = new TermList();
  private assignmentTermCount = new Uint8Array(INITIAL_ROWS);

  /** Appends an arc and returns its index. */
  add(
    line: number,
    location: number,
    shipment: number,
    stock: number,
    distance: number,
    costDistance: number,
    priorityTier: number | null,
    assignmentCosts: readonly CostTerm[],
    unitCosts: readonly CostTerm[],
  ): number {
    const a = this.length;
    if (a === this.line.length) this.grow();
    this.line[a] = line;
    this.location[a] = location;
    this.shipment[a] = shipment;
    this.stock[a] = stock;
    this.distance[a] = distance;
    this.costDistance[a] = costDistance;
    this.tier[a] = priorityTier ?? NO_TIER;
    this.assignmentCost[a] = this.termList.append(a, assignmentCosts);
    this.unitCost[a] = this.termList.append(a, unitCosts);
    this.assignmentTermCount[a] = assignmentCosts.length;
    this.length = a + 1;
    return a;
  }

  /** The arc's priority tier: 1 is the best; null when no priority applies. */
  priorityTier(a: number): number | null {
    const tier = this.tier[a]!;
    return tier === NO_TIER ? null : tier;
  }

  assignmentCosts(a: number): CostTerm[] {
    return this.termList.terms(this.termList.start(a), this.unitTermsFrom(a));
  }

  unitCosts(a: number): CostTerm[] {
    return this.termList.terms(this.unitTermsFrom(a), this.termList.start(a + 1));
  }

  /** How many cost terms the arc has, assignment and unit. */
  termCount(a: number): number {
    return this.termList.countOf(a);
  }

  /** The cost factors of the arc's terms, assignment then unit. */
  termFactors(a: number): string[] {
    return this.termList.factorsOf(a);
  }

  /** `total` plus the arc's assignment terms and its unit terms × `quantity`, added term by term. */
  addCostsTo(total: number, a: number, quantity: number): number {
    const split = this.unitTermsFrom(a);
    return this.termList.addTo(this.termList.addTo(total, this.termList.start(a), split), split, this.termList.start(a + 1), quantity);
  }

  /** The arc as an object. */
  at(a: number): Arc {
    return {
      index: a,
      line: this.line[a]!,
      location: this.location[a]!,
      shipment: this.shipment[a]!,
      stock: this.stock[a]!,
      distance: this.distance[a]!,
      costDistance: this.costDistance[a]!,
      assignmentCosts: this.assignmentCosts(a),
      unitCosts: this.unitCosts(a),
      priorityTier: this.priorityTier(a),
    };
  }

  /** Every arc as an object: for explaining small problems (one line, one part of a batch). */
  objects(): Arc[] {
    return Array.from({ length: this.length }, (_, a) => this.at(a));
  }

  /** Appends a copy of another table's arc (its terms included) with another shipment index; returns its index. */
  addCopy(from: ArcTable, a: number, shipment: number): number {
    return this.add(from.line[a]!, from.location[a]!, shipment, from.stock[a]!, from.distance[a]!, from.costDistance[a]!, from.priorityTier(a), from.assignmentCosts(a), from.unitCosts(a));
  }

  private unitTermsFrom(a: number): number {
    return this.termList.start(a) + this.assignmentTermCount[a]!;
  }

  private grow(): void {
    const capacity = this.line.length * 2;
    this.line = grown(this.line, capacity);
    this.location = grown(this.location, capacity);
    this.shipment = grown(this.shipment, capacity);
    this.stock = grown(this.stock, capacity);
    this.distance = grown(this.distance, capacity);
    this.costDistance = grown(this.costDistance, capacity);
    this.assignmentCost = grown(this.assignmentCost, capacity);
    this.unitCost = grown(this.unitCost, capacity);
    this.tier = grown(this.tier, capacity);
    this.assignmentTermCount = grown(this.assignmentTermCount, capacity);
  }
}

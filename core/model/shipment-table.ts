import type { Id } from '../domain/types.js';
import type { ArcTable } from './arc-table.js';
import type { CostTerm } from './problem.js';
import { INITIAL_ROWS, TermList } from './term-list.js';
import { grown } from './typed-arrays.js';

/** What a `ShipmentTable` holds of one shipment, as an object: made only on request (explanations). */
export interface Shipment {
  index: number;
  order: number;
  location: number;
  modeOfDelivery: Id;
  /** Distance used in costs and comparisons (region-grouped, docs/spec.md §5). */
  costDistance: number;
  /** Cost paid once if anything ships, tagged by factor (nothing when the shipment already exists). */
  costs: CostTerm[];
  /** Whether an earlier iteration of this run already ships the order from this location (paid, counted). */
  existing: boolean;
  arcs: number[];
}

/**
 * The shipments of a fulfillment problem — the part of one order shipped
 * from one location with one mode of delivery — column-wise in typed arrays,
 * like the arcs (`ArcTable`). A shipment's arcs are the arcs whose
 * `shipment` is its index, listed in arc order.
 */
export class ShipmentTable {
  length = 0;
  order = new Int32Array(INITIAL_ROWS);
  location = new Int32Array(INITIAL_ROWS);
  costDistance = new Float64Array(INITIAL_ROWS);
  /** Sum of the shipment's cost terms. */
  cost = new Float64Array(INITIAL_ROWS);
  /** 1 when an earlier iteration of this run already ships the order from this location (paid, counted). */
  existing = new Uint8Array(INITIAL_ROWS);
  readonly modeOfDelivery: Id[] = [];
  private readonly termList = new TermList();
  /** The arcs of each shipment, made when first asked for the table's arcs as they are then. */
  private arcIndex: { arcs: number; shipments: number; starts: Int32Array; list: Int32Array } | null = null;

  constructor(private readonly arcs: ArcTable) {}

  /** Appends a shipment and returns its index. */
  add(order: number, location: number, modeOfDelivery: Id, costDistance: number, costs: readonly CostTerm[], existing: boolean): number {
    const s = this.length;
    if (s === this.order.length) this.grow();
    this.order[s] = order;
    this.location[s] = location;
    this.costDistance[s] = costDistance;
    this.existing[s] = existing ? 1 : 0;
    this.modeOfDelivery.push(modeOfDelivery);
    this.cost[s] = this.termList.append(s, costs);
    this.length = s + 1;
    return s;
  }

  costs(s: number): CostTerm[] {
    return this.termList.terms(this.termList.start(s), this.termList.start(s + 1));
  }

  termCount(s: number): number {
    return this.termList.countOf(s);
  }

  /** The cost factors of the shipment's terms. */
  termFactors(s: number): string[] {
    return this.termList.factorsOf(s);
  }

  /** `total` plus the shipment's terms, added term by term. */
  addCostsTo(total: number, s: number): number {
    return this.termList.addTo(total, this.termList.start(s), this.termList.start(s + 1));
  }

  /** The shipment's arcs, in arc order (a view: do not change it). */
  arcsOf(s: number): Int32Array {
    const index = this.indexed();
    return index.list.subarray(index.starts[s]!, index.starts[s + 1]!);
  }

  /** The shipment as an object. */
  at(s: number): Shipment {
    return {
      index: s,
      order: this.order[s]!,
      location: this.location[s]!,
      modeOfDelivery: this.modeOfDelivery[s]!,
      costDistance: this.costDistance[s]!,
      costs: this.costs(s),
      existing: this.existing[s] === 1,
      arcs: Array.from(this.arcsOf(s)),
    };
  }

  /** Every shipment as an object: for explaining small problems. */
  objects(): Shipment[] {
    return Array.from({ length: this.length }, (_, s) => this.at(s));
  }

  /** Appends a copy of another table's shipment (its terms included); returns its index. */
  addCopy(from: ShipmentTable, s: number): number {
    return this.add(from.order[s]!, from.location[s]!, from.modeOfDelivery[s]!, from.costDistance[s]!, from.costs(s), from.existing[s] === 1);
  }

  /** Arcs listed by shipment (a counting sort of the arcs' shipments), rebuilt when arcs or shipments were added since. */
  private indexed(): NonNullable<ShipmentTable['arcIndex']> {
    const { arcs } = this;
    if (this.arcIndex && this.arcIndex.arcs === arcs.length && this.arcIndex.shipments === this.length) return this.arcIndex;
    const starts = new Int32Array(this.length + 1);
    for (let a = 0; a < arcs.length; a++) starts[arcs.shipment[a]! + 1]!++;
    for (let s = 0; s < this.length; s++) starts[s + 1]! += starts[s]!;
    const next = starts.slice(0, this.length);
    const list = new Int32Array(arcs.length);
    for (let a = 0; a < arcs.length; a++) list[next[arcs.shipment[a]!]!++] = a;
    this.arcIndex = { arcs: arcs.length, shipments: this.length, starts, list };
    return this.arcIndex;
  }

  private grow(): void {
    const capacity = this.order.length * 2;
    this.order = grown(this.order, capacity);
    this.location = grown(this.location, capacity);
    this.costDistance = grown(this.costDistance, capacity);
    this.cost = grown(this.cost, capacity);
    this.existing = grown(this.existing, capacity);
  }
}

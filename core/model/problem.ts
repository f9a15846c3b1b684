import type { Coordinates, Id, Location, SalesLine, SalesOrder } from '../domain/types.js';
import type { ArcTable } from './arc-table.js';
import type { ShipmentTable } from './shipment-table.js';

export { ArcTable, type Arc } from './arc-table.js';
export { ShipmentTable, type Shipment } from './shipment-table.js';

/**
 * The fulfillment problem: the first model layer (docs/architecture.md). Rules and cost
 * factors write into it; every solver reads it. Indexes refer to positions in
 * the problem's arrays.
 */

/** One cost contribution, tagged with the cost factor (or `distance`) that produced it. */
export interface CostTerm {
  factorId: string;
  amount: number;
}

/** What a rule says when it removes a candidate or holds a line back. */
export interface RuleVerdict {
  ruleId: Id;
  pluginId: string;
  messageId: string;
  /** The rendered message, e.g. "distance 412.0 mi exceeds the limit of 300 mi". */
  message: string;
  data: Record<string, string | number>;
}

/** How an order may be fulfilled (docs/spec.md §4.3; defaults decided there). */
export interface OrderStructure {
  /** Most locations the order may ship from; null = any number. */
  maxLocations: number | null;
  /** When true the whole order is fulfilled or none of it. */
  allOrNothing: boolean;
  /** When true one line may be split across locations or fulfilled in part. */
  partialLines: boolean;
}

export const DEFAULT_ORDER_STRUCTURE: OrderStructure = { maxLocations: null, allOrNothing: false, partialLines: false };

export interface ProblemOrder {
  index: number;
  order: SalesOrder;
  destination: Coordinates;
  /** Lines of this order in the problem. */
  lines: number[];
  /** Every line of the order in this run, including those an earlier iteration placed. */
  runLines: SalesLine[];
  /** Locations an earlier iteration of this run already ships the order from. */
  usedLocations: number;
  structure: OrderStructure;
  /** Rule verdicts that shaped the structure (for the explanation). */
  structureReasons: RuleVerdict[];
}

export interface ProblemLine {
  index: number;
  order: number;
  line: SalesLine;
  /** Candidate arcs of this line. */
  arcs: number[];
  /** Locations of the profile that hold no stock record of the variant. */
  locationsWithoutStock: number;
  /** Every removed candidate of the line, counted by rule and message (`removals` lists the nearest). */
  removedByRule: RemovalCount[];
}

export interface ProblemLocation {
  index: number;
  location: Location;
  /** How many more orders the location may take in this run; null = unlimited. */
  orderCapacity: number | null;
  /** The most orders the location may hold open at all (a rule's `limit`), re-checked when the plan is applied; null = none. */
  orderLimit: number | null;
  capacityReasons: RuleVerdict[];
}

/** DOM-available quantity of one variant at one location after the rules' adjustments. */
export interface StockEntry {
  index: number;
  variantId: Id;
  location: number;
  /** Available = on hand − the source's reserved − OpenDOM's allocations, before rules. */
  available: number;
  /** What this run may use (after rules, earlier iterations/batches, and what later batches keep). */
  usable: number;
  /** Units later batches keep (the pool guide, docs/spec.md §3.2), taken from what would otherwise be usable. */
  keptForLater: number;
  adjustments: readonly RuleVerdict[];
}

/** A (line, location) pair that is not a candidate, and why. */
export interface Removal {
  line: number;
  locationId: Id;
  reason: RuleVerdict | { ruleId: null; pluginId: null; messageId: string; message: string; data: Record<string, string | number> };
}

/** How many candidates of a line one rule (or the engine, `ruleId` null) removed with one message. */
export interface RemovalCount {
  ruleId: Id | null;
  pluginId: string | null;
  messageId: string;
  count: number;
}

/** A linear row a rule adds that the problem layer cannot say (production solvers only). */
export interface CustomRow {
  name: string;
  ruleId: Id;
  terms: Array<{ arc: number; coefficient: number } | { shipment: number; coefficient: number }>;
  lower: number;
  upper: number;
}

/** A line the rules held back before candidates were built. */
export interface HeldLine {
  order: SalesOrder;
  line: SalesLine;
  verdict: RuleVerdict;
  /** Exception the line becomes (a permanent one, or null for a plain exception). */
  exceptionType: 'maximum-rejections' | 'maximum-attempts' | null;
}

export interface FulfillmentProblem {
  iteration: 1 | 2;
  distanceUnit: 'mi' | 'km';
  orders: ProblemOrder[];
  lines: ProblemLine[];
  locations: ProblemLocation[];
  stock: StockEntry[];
  /** The parts of orders shipped from one location with one mode of delivery; the arcs' `shipment`. */
  shipments: ShipmentTable;
  /** The candidate (line, location) pairs that survived the filters. */
  arcs: ArcTable;
  /** The removed candidates listed with their reason: at most `removalsListed` per line, the nearest (every one is counted in its line's `removedByRule`). */
  removals: Removal[];
  removalsListed: number;
  customRows: CustomRow[];
  held: HeldLine[];
  /** Whether any arc carries a priority tier (the priority objective level is then present). */
  hasPriorities: boolean;
}

/** Total cost of a list of terms. */
export function sumCosts(terms: readonly CostTerm[]): number {
  let total = 0;
  for (const term of terms) total += term.amount;
  return total;
}

import type { CostTerm, RemovalCount } from '../model/problem.js';
import type { ExceptionType, Id } from '../domain/types.js';
import type { SolveStatus } from '../plugin-api/contracts.js';
import type { StageTimings } from '../pipeline/stage.js';
import type { LevelBounds } from './levels.js';

/** The result of a run (docs/spec.md §3.6); its JSON Schema is `core/schemas/plan.schema.ts`. */
export interface Plan {
  planId: string;
  profileId: Id;
  createdAt: string;
  asOf: string;
  distanceUnit: 'mi' | 'km';
  solver: SolverSummary;
  timings: StageTimings & { total: number };
  batches: BatchSummary[];
  totals: PlanTotals;
  lines: PlanLine[];
  /** Lines that were not brokered at all: invalid input, or held back by a rule. */
  exceptions: PlanException[];
  /** Every order the run selected, with the versions it read: applying the plan checks them (docs/spec.md §3.7). */
  selection: SelectedOrderVersions[];
  /** The order limit of each location a rule capped (maximum orders): applying the plan checks each again. */
  orderLimits: OrderLimit[];
  log: LogEntry[];
}

/** The most orders a location may hold open (assigned, not shipped), from every profile. */
export interface OrderLimit {
  locationId: Id;
  limit: number;
}

/** An order as the run read it: its version and the version of each line it selected. */
export interface SelectedOrderVersions {
  orderId: Id;
  version: number;
  lines: Array<{ lineId: Id; version: number }>;
}

export interface SolverSummary {
  id: string;
  kind: 'production' | 'simplified';
  /** Worst status over every batch and iteration. */
  status: SolveStatus;
  /** Units fulfilled of the units asked, and the most any plan could fulfil, as the solver's bounds prove (null: not proven). */
  units: { fulfilled: number; total: number; bound: number | null };
  /** The priority penalty, and the least a plan that fulfils as much could have; null without the linear model's levels (simplified solver). */
  priority: { value: number; bound: number | null } | null;
  /** The cost, the least a plan as good on the levels above could cost, and the gap between them relative to the cost. */
  cost: { value: number; bound: number | null; gap: number | null };
  /** Sum over batches and iterations of the combined objective (all levels weighted into one; for checking an exported LP). */
  objective: number | null;
  bound: number | null;
  /** Relative gap of the combined objective. */
  gap: number | null;
  /** Batch iterations whose solver answer could not be used (docs/spec.md: never apply a plan the checker refuses). */
  fallbacks: Array<SolverFallback & { batch: number; iteration: 1 | 2 }>;
}

/** A solve whose answer failed (error, no solution, or refused by the plan checker) and what was applied instead. */
export interface SolverFallback {
  reason: string;
  /** `greedy`: the greedy plan (it passed the checker); `nothing`: no line of the iteration was assigned. */
  used: 'greedy' | 'nothing';
}

/** How a batch's linear model was split before the MIP solver saw it. */
export interface ModelDecomposition {
  /** Orders whose best plan touches no contested row, decided without the MIP. */
  settledOrders: number;
  /** Arcs no optimal plan can use, left out. */
  prunedArcs: number;
  /** Independent parts the solver was given. */
  components: number;
  /** Size of what the solver was given, summed over the parts. */
  columns: number;
  rows: number;
  nonZeros: number;
  /** Columns of the largest part. */
  largestColumns: number;
}

export interface ModelSize {
  columns: number;
  rows: number;
  nonZeros: number;
}

export interface IterationSummary {
  iteration: 1 | 2;
  lines: number;
  arcs: number;
  model: ModelSize | null;
  status: SolveStatus;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  /** Value of each objective level (fulfilment, priority, cost) at the solution, exact. */
  levels: Record<string, number> | null;
  /** Units of the iteration's lines, and how many it fulfilled. */
  units: { total: number; fulfilled: number };
  /** What the solver's bound proves of each level (`core/plan/levels.ts`); null without a bound. */
  bounds: LevelBounds | null;
  fallback: SolverFallback | null;
  decomposition: ModelDecomposition | null;
}

export interface BatchSummary {
  index: number;
  orders: number;
  lines: number;
  iterations: IterationSummary[];
}

export interface PlanTotals {
  orders: number;
  lines: number;
  linesFulfilled: number;
  linesPartial: number;
  units: number;
  unitsFulfilled: number;
  /** Units fulfilled ÷ units asked. */
  fillRate: number;
  shipments: number;
  shipmentsPerOrder: number;
  splitOrders: number;
  cost: number;
  costByFactor: Record<string, number>;
}

export interface PlanAssignment {
  locationId: Id;
  quantity: number;
  distance: number;
  /** Cost of this assignment; a shipment's cost is shared by its lines in proportion to units. */
  cost: number;
  costBreakdown: CostTerm[];
  priorityTier: number | null;
}

export interface CandidateRemoval {
  locationId: Id;
  ruleId: Id | null;
  pluginId: string | null;
  messageId: string;
  reason: string;
}

export interface LineExplanation {
  /** Locations that were candidates after the filters. */
  candidates: number;
  /** Locations of the profile without usable stock of the variant. */
  locationsWithoutStock: number;
  /** Removed candidates with their reason: the nearest, at most the run's `removalsListed` (every one is counted in `removedByRule`). */
  removed: CandidateRemoval[];
  /** Every removed candidate, counted by rule (or the engine, `ruleId` null) and message. */
  removedByRule: RemovalCount[];
  /** Why the chosen location(s) won, or why nothing was assigned. */
  decision: string;
  /** Each chosen location with the line's standalone cost there, comparable with the alternatives'. */
  chosen: CandidateCost[];
  /** The best other candidates with their standalone cost and why they lost. */
  alternatives: Array<CandidateCost & { whyNot: string }>;
}

/**
 * What a line would cost at one location if it shipped its whole quantity
 * there alone: the shipment's cost in full, its assignment cost, and its
 * unit costs times the quantity, broken down by factor.
 */
export interface CandidateCost {
  locationId: Id;
  distance: number;
  cost: number;
  costBreakdown: CostTerm[];
  priorityTier: number | null;
}

export interface PlanLine {
  orderId: Id;
  lineId: Id;
  variantId: Id;
  quantity: number;
  fulfillmentType: 'full' | 'partial' | 'none';
  split: boolean;
  locationCount: number;
  /**
   * The lines a split or partly fulfilled line becomes when applied (docs/spec.md §3.7):
   * one per assignment, and for a partial line the unfulfilled remainder
   * (`locationId` null). Amount and tax are prorated by quantity. Empty when
   * the line is not split.
   */
  splitInto: SplitLine[];
  /** Iteration that assigned the line (null when unassigned). */
  iteration: 1 | 2 | null;
  batch: number;
  assignments: PlanAssignment[];
  /** The exception an unfulfilled line gets when the plan is applied. */
  exceptionType: ExceptionType | null;
  explanation: LineExplanation;
}

export interface SplitLine {
  /**
   * The line this part becomes: the first part keeps the original line's id,
   * each further part is a new line `<lineId>.<n>`, n = 1, 2, … skipping ids
   * the order already has.
   */
  lineId: Id;
  locationId: Id | null;
  quantity: number;
  /** quantity × unit price, rounded to cents. */
  amount: number;
  /** The line's tax prorated by quantity; the parts add up to the line's tax exactly. */
  tax: number;
}

export interface PlanException {
  orderId: Id | null;
  lineId: Id | null;
  exceptionType: ExceptionType;
  reason: string;
  /** Units of a line a rule held back from the run (they count as not fulfilled); absent for input set aside as invalid. */
  quantity?: number;
}

export interface LogEntry {
  level: 'info' | 'warn';
  message: string;
}

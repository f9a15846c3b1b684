import { randomUUID } from 'node:crypto';
import { injectable } from 'tsyringe';
import { formatIssue } from '../errors/errors.js';
import type { SolveOutcome, SolveStatus, SolverMeta } from '../plugin-api/contracts.js';
import type { LinearModel } from '../model/linear-model.js';
import { levelValue } from '../model/linear-model.js';
import type { CostTerm, FulfillmentProblem } from '../model/problem.js';
import { assignmentsOf, explainLine, round, SolvedProblem } from '../plan/explain.js';
import { levelBounds, levelValues } from '../plan/levels.js';
import type { SalesLine } from '../domain/types.js';
import type { BatchSummary, IterationSummary, LogEntry, ModelDecomposition, Plan, PlanAssignment, PlanException, PlanLine, PlanTotals, SolverFallback, SolverSummary, SplitLine } from '../plan/plan.js';
import type { LoadedRun } from './load.stage.js';
import type { SelectedOrder } from './select-lines.js';
import { splitLineIds } from '../lifecycle/split-line-ids.js';
import type { Stage, StageTimings } from './stage.js';

/** One solved iteration of one batch. */
export interface IterationResult {
  problem: FulfillmentProblem;
  model: LinearModel | null;
  outcome: SolveOutcome;
  fallback?: SolverFallback | null;
  decomposition?: ModelDecomposition | null;
}

export interface BatchResult {
  index: number;
  iterations: IterationResult[];
  /** The batch's log entries, added to the run's log in batch order whatever solved first. */
  log: LogEntry[];
}

/** One batch turned into plan lines as soon as it is committed, so that its problems and models can be freed. */
export interface ExplainedBatch {
  summary: BatchSummary;
  lines: PlanLine[];
  exceptions: PlanException[];
  /** The order limit of each capped location the batch's problems met. */
  orderLimits: Map<string, number>;
  /** The cost of the batch's plan by factor, exact: every used shipment's costs in full, every assignment's and unit's. */
  costByFactor: Map<string, number>;
  log: LogEntry[];
}

export interface ExplainBatchInput {
  run: LoadedRun;
  batch: BatchResult;
  /** Every line id of the dataset (new ids of split lines must not reuse one), computed once when first needed. */
  takenLineIds: () => ReadonlySet<string>;
}

export interface PostProcessInput {
  run: LoadedRun;
  batches: ExplainedBatch[];
  solver: SolverMeta;
  asOf: Date;
  timings: StageTimings;
  log: LogEntry[];
}

/** Statuses from best to worst: a plan reports the worst one met. */
const STATUS_ORDER: SolveStatus[] = ['optimal', 'feasible', 'no-solution', 'infeasible', 'error'];

/** Turns one solved batch into its plan lines with explanations, its exceptions and its summary (part of post-processing). */
@injectable()
export class ExplainBatchStage implements Stage<ExplainBatchInput, ExplainedBatch> {
  readonly name = 'post-process' as const;

  async run({ run, batch, takenLineIds }: ExplainBatchInput): Promise<ExplainedBatch> {
    const unit = run.dataset.parameters.distanceUnit;
    const lines: PlanLine[] = [];
    const exceptions: PlanException[] = [];
    // The iteration that decided each line: the one that assigned it, else the last it took part in.
    const decided = new Map<string, { solved: SolvedProblem; lineIndex: number; iteration: 1 | 2 }>();
    const orderLimits = new Map<string, number>();
    const costByFactor = new Map<string, number>();
    for (const { problem, outcome } of batch.iterations) {
      addCosts(costByFactor, problem, outcome.arcQuantities);
      for (const l of problem.locations) if (l.orderLimit !== null) orderLimits.set(l.location.id, Math.min(l.orderLimit, orderLimits.get(l.location.id) ?? Infinity));
      const solved = new SolvedProblem(problem, outcome.arcQuantities);
      for (const held of problem.held) {
        exceptions.push({ orderId: held.order.id, lineId: held.line.id, exceptionType: held.exceptionType ?? 'no-quantity-available', reason: held.verdict.message, quantity: held.line.quantity });
      }
      for (const line of problem.lines) {
        const previous = decided.get(line.line.id);
        if (previous && previous.solved.problem.lines[previous.lineIndex]!.arcs.some((a) => previous.solved.arcQuantities[a]! > 0)) continue;
        decided.set(line.line.id, { solved, lineIndex: line.index, iteration: problem.iteration });
      }
    }
    for (const { solved, lineIndex, iteration } of decided.values()) {
      const line = solved.problem.lines[lineIndex]!;
      const order = solved.problem.orders[line.order]!.order;
      const assignments = assignmentsOf(solved, lineIndex);
      const units = assignments.reduce((sum, a) => sum + a.quantity, 0);
      const split = assignments.length > 1 || (units > 0 && units < line.line.quantity);
      lines.push({
        orderId: order.id,
        lineId: line.line.id,
        variantId: line.line.variantId,
        quantity: line.line.quantity,
        fulfillmentType: units === 0 ? 'none' : units < line.line.quantity ? 'partial' : 'full',
        split,
        locationCount: assignments.length,
        splitInto: split ? splitLine(line.line, assignments, takenLineIds()) : [],
        iteration: units > 0 ? iteration : null,
        batch: batch.index,
        assignments,
        exceptionType: units === 0 ? 'no-quantity-available' : null,
        explanation: explainLine(solved, lineIndex, unit),
      });
    }
    return { summary: batchSummary(batch), lines, exceptions, orderLimits, costByFactor, log: batch.log };
  }
}

/** Assembles the fulfillment plan from the explained batches: solver result, totals, exceptions. */
@injectable()
export class PostProcessStage implements Stage<PostProcessInput, Plan> {
  readonly name = 'post-process' as const;

  async run(input: PostProcessInput): Promise<Plan> {
    const { run, batches } = input;
    const unit = run.dataset.parameters.distanceUnit;
    const lines = batches.flatMap((b) => b.lines);
    const exceptions: PlanException[] = run.invalidOrders.flatMap((invalid) => {
      const reason = invalid.issues.map(formatIssue).join('; ');
      const ids = invalid.lineIds.length > 0 ? invalid.lineIds : [null];
      return ids.map((lineId) => ({ orderId: invalid.orderId, lineId, exceptionType: 'invalid-input' as const, reason }));
    });
    for (const batch of batches) exceptions.push(...batch.exceptions);
    const summaries = batches.map((b) => b.summary);
    const iterations = summaries.flatMap((b) => b.iterations);
    const totals = totalsOf(lines, exceptions, batches);
    return {
      planId: randomUUID(),
      profileId: run.profile.id,
      createdAt: new Date().toISOString(),
      asOf: input.asOf.toISOString(),
      distanceUnit: unit,
      solver: {
        id: input.solver.id,
        kind: input.solver.kind,
        status: worstStatus(iterations.map((i) => i.status)),
        objective: sumOrNull(iterations.map((i) => i.objective)),
        bound: sumOrNull(iterations.map((i) => i.bound)),
        gap: maxOrNull(iterations.map((i) => i.gap)),
        ...levelsOfRun(summaries, totals),
        fallbacks: summaries.flatMap((b) => b.iterations.flatMap((i) => (i.fallback ? [{ batch: b.index, iteration: i.iteration, ...i.fallback }] : []))),
      },
      timings: finalTimings(input.timings),
      batches: summaries,
      totals,
      lines,
      exceptions,
      selection: run.selected.map(selectionOf),
      orderLimits: mergedLimits(batches),
      log: input.log,
    };
  }
}

/** The parts of a split line: one per assignment and the unfulfilled remainder, amount and tax prorated in cents. */
function splitLine(line: SalesLine, assignments: PlanAssignment[], takenLineIds: ReadonlySet<string>): SplitLine[] {
  const remainder = line.quantity - assignments.reduce((sum, a) => sum + a.quantity, 0);
  const parts = [
    ...assignments.map((a) => ({ locationId: a.locationId as string | null, quantity: a.quantity })),
    ...(remainder > 0 ? [{ locationId: null, quantity: remainder }] : []),
  ];
  const ids = splitLineIds(line.id, parts.length, takenLineIds);
  const cents = (value: number) => Math.round(value * 100);
  let taxLeft = cents(line.tax);
  return parts.map((part, i) => {
    const tax = i === parts.length - 1 ? taxLeft : Math.round((cents(line.tax) * part.quantity) / line.quantity);
    taxLeft -= tax;
    return { lineId: ids[i]!, ...part, amount: cents(part.quantity * line.unitPrice) / 100, tax: tax / 100 };
  });
}

/** Every line id of the dataset, valid orders or not: new ids of split lines must not reuse one. */
export function allLineIds(run: LoadedRun): Set<string> {
  return new Set([...run.dataset.orders.flatMap((o) => o.lines.map((l) => l.id)), ...run.invalidOrders.flatMap((o) => o.lineIds)]);
}

function selectionOf({ order, lines }: SelectedOrder): Plan['selection'][number] {
  return { orderId: order.id, version: order.version, lines: lines.map((l) => ({ lineId: l.id, version: l.version })) };
}

function batchSummary(batch: BatchResult): BatchSummary {
  const first = batch.iterations[0]!.problem;
  return {
    index: batch.index,
    orders: first.orders.length,
    lines: first.lines.length,
    iterations: batch.iterations.map(iterationSummary),
  };
}

function iterationSummary({ problem, model, outcome, fallback, decomposition }: IterationResult): IterationSummary {
  const values = levelValues(problem, model, outcome);
  return {
    iteration: problem.iteration,
    lines: problem.lines.length,
    arcs: problem.arcs.length,
    model: model && { columns: model.numCols, rows: model.rows.lower.length, nonZeros: model.rows.indices.length },
    status: outcome.status,
    objective: outcome.objective,
    bound: outcome.bound,
    gap: outcome.gap,
    levels: model && outcome.columnValues
      ? Object.fromEntries(model.levels.map((level) => [level.name, levelValue(level, outcome.columnValues!)]))
      : null,
    units: { total: problem.lines.reduce((sum, l) => sum + l.line.quantity, 0), fulfilled: outcome.arcQuantities.reduce((sum, q) => sum + q, 0) },
    bounds: values && model ? levelBounds(model, values, outcome) : null,
    fallback: fallback ?? null,
    decomposition: decomposition ?? null,
  };
}

/**
 * The plan's totals. Units count the lines a rule held back as not
 * fulfilled. Costs are exact (rounded only for display): the cost by factor
 * adds every used shipment's costs in full and every assignment's and unit's
 * (`ExplainedBatch.costByFactor`), and the total is their sum — the cost
 * level the solver minimised; the lines' shares add up to it too.
 */
function totalsOf(lines: PlanLine[], exceptions: PlanException[], batches: ExplainedBatch[]): PlanTotals {
  const orders = new Set(lines.map((l) => l.orderId));
  const shipments = new Set<string>();
  const locationsOfOrder = new Map<string, Set<string>>();
  let units = exceptions.reduce((sum, e) => sum + (e.quantity ?? 0), 0);
  let unitsFulfilled = 0;
  for (const line of lines) {
    units += line.quantity;
    for (const a of line.assignments) {
      unitsFulfilled += a.quantity;
      shipments.add(`${line.orderId}\u0000${a.locationId}`);
      let set = locationsOfOrder.get(line.orderId);
      if (!set) locationsOfOrder.set(line.orderId, (set = new Set()));
      set.add(a.locationId);
    }
  }
  const costByFactor: Record<string, number> = {};
  for (const batch of batches) for (const [factorId, amount] of batch.costByFactor) costByFactor[factorId] = (costByFactor[factorId] ?? 0) + amount;
  const shippedOrders = locationsOfOrder.size;
  return {
    orders: orders.size,
    lines: lines.length,
    linesFulfilled: lines.filter((l) => l.fulfillmentType === 'full').length,
    linesPartial: lines.filter((l) => l.fulfillmentType === 'partial').length,
    units,
    unitsFulfilled,
    fillRate: units === 0 ? 1 : round(unitsFulfilled / units),
    shipments: shipments.size,
    shipmentsPerOrder: shippedOrders === 0 ? 0 : round(shipments.size / shippedOrders),
    splitOrders: [...locationsOfOrder.values()].filter((s) => s.size > 1).length,
    cost: Object.values(costByFactor).reduce((sum, c) => sum + c, 0),
    costByFactor,
  };
}

/** Adds the exact costs of one solved iteration, by factor. */
function addCosts(costByFactor: Map<string, number>, problem: FulfillmentProblem, arcQuantities: ArrayLike<number>): void {
  const add = (terms: CostTerm[], times = 1) => {
    for (const t of terms) costByFactor.set(t.factorId, (costByFactor.get(t.factorId) ?? 0) + t.amount * times);
  };
  const used = new Uint8Array(problem.shipments.length);
  for (let a = 0; a < problem.arcs.length; a++) if (arcQuantities[a]! > 0) used[problem.arcs.shipment[a]!] = 1;
  for (let s = 0; s < used.length; s++) if (used[s]) add(problem.shipments.costs(s));
  for (let a = 0; a < problem.arcs.length; a++) {
    const quantity = arcQuantities[a]!;
    if (quantity === 0) continue;
    add(problem.arcs.assignmentCosts(a));
    add(problem.arcs.unitCosts(a), quantity);
  }
}

/**
 * The run's result per level (docs/solvers.md): units fulfilled with the
 * most any plan could fulfil (each batch's earlier iterations as they are,
 * plus what its last iteration's bound allows), the priority penalty and
 * cost with the least the bounds allow, and the cost gap relative to the
 * cost. A bound is null when any iteration has none (greedy, a fallback),
 * or a batch was not solved at all (a distributed run's failed batch).
 */
function levelsOfRun(batches: BatchSummary[], totals: PlanTotals): Pick<SolverSummary, 'units' | 'priority' | 'cost'> {
  const iterations = batches.flatMap((b) => b.iterations);
  const known = batches.every((b) => b.iterations.length > 0) && iterations.every((i) => i.bounds !== null);
  let unitsBound = 0;
  for (const batch of batches) {
    const last = batch.iterations.at(-1);
    if (!last) continue;
    unitsBound += batch.iterations.slice(0, -1).reduce((sum, i) => sum + i.units.fulfilled, 0) + (last.bounds?.unitsFulfilled ?? 0);
  }
  const costBound = known ? iterations.reduce((sum, i) => sum + i.bounds!.cost, 0) : null;
  const withLevels = iterations.length > 0 && iterations.every((i) => i.levels !== null);
  return {
    units: { fulfilled: totals.unitsFulfilled, total: totals.units, bound: known ? unitsBound : null },
    priority: withLevels
      ? { value: iterations.reduce((sum, i) => sum + i.levels!.priority!, 0), bound: known ? iterations.reduce((sum, i) => sum + i.bounds!.priority, 0) : null }
      : null,
    cost: {
      value: totals.cost,
      bound: costBound,
      gap: costBound === null ? null : totals.cost === 0 ? 0 : Math.max(0, totals.cost - costBound) / totals.cost,
    },
  };
}

/** The lowest limit of each location over the batches, in location order. */
function mergedLimits(batches: ExplainedBatch[]): Plan['orderLimits'] {
  const limits = new Map<string, number>();
  for (const batch of batches) for (const [locationId, limit] of batch.orderLimits) limits.set(locationId, Math.min(limit, limits.get(locationId) ?? Infinity));
  return [...limits].sort(([a], [b]) => a.localeCompare(b)).map(([locationId, limit]) => ({ locationId, limit }));
}

function worstStatus(statuses: SolveStatus[]): SolveStatus {
  return statuses.reduce((worst, s) => (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst) ? s : worst), 'optimal' as SolveStatus);
}

function sumOrNull(values: Array<number | null>): number | null {
  return values.some((v) => v === null) || values.length === 0 ? null : values.reduce((sum: number, v) => sum + v!, 0);
}

function maxOrNull(values: Array<number | null>): number | null {
  return values.some((v) => v === null) || values.length === 0 ? null : Math.max(...(values as number[]));
}

/** Stage times rounded, with their total; the engine calls it again once post-processing is timed too. */
export function finalTimings(timings: StageTimings): Plan['timings'] {
  const rounded = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])) as StageTimings;
  return { ...rounded, total: round(Object.values(timings).reduce((sum, t) => sum + t, 0)) };
}

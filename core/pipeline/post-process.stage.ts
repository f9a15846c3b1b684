import { randomUUID } from 'node:crypto';
import { injectable } from 'tsyringe';
import { formatIssue } from '../errors/errors.js';
import type { SolveOutcome, SolveStatus, SolverMeta } from '../plugin-api/contracts.js';
import type { LinearModel } from '../model/linear-model.js';
import { levelValue } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import { assignmentsOf, explainLine, mergeTerms, round, SolvedProblem } from '../plan/explain.js';
import type { SalesLine } from '../domain/types.js';
import type { BatchSummary, IterationSummary, LogEntry, ModelDecomposition, Plan, PlanAssignment, PlanException, PlanLine, PlanTotals, SolverFallback, SplitLine } from '../plan/plan.js';
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
}

/** One batch turned into plan lines as soon as it is committed, so that its problems and models can be freed. */
export interface ExplainedBatch {
  summary: BatchSummary;
  lines: PlanLine[];
  exceptions: PlanException[];
  /** The order limit of each capped location the batch's problems met. */
  orderLimits: Map<string, number>;
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
    for (const { problem, outcome } of batch.iterations) {
      for (const l of problem.locations) if (l.orderLimit !== null) orderLimits.set(l.location.id, Math.min(l.orderLimit, orderLimits.get(l.location.id) ?? Infinity));
      const solved = new SolvedProblem(problem, outcome.arcQuantities);
      for (const held of problem.held) {
        exceptions.push({ orderId: held.order.id, lineId: held.line.id, exceptionType: held.exceptionType ?? 'no-quantity-available', reason: held.verdict.message });
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
    return { summary: batchSummary(batch), lines, exceptions, orderLimits };
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
        fallbacks: summaries.flatMap((b) => b.iterations.flatMap((i) => (i.fallback ? [{ batch: b.index, iteration: i.iteration, ...i.fallback }] : []))),
      },
      timings: finalTimings(input.timings),
      batches: summaries,
      totals: totalsOf(lines),
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
  return {
    iteration: problem.iteration,
    lines: problem.lines.length,
    arcs: problem.arcs.length,
    model: model && { columns: model.numCols, rows: model.rows.names.length, nonZeros: model.rows.indices.length },
    status: outcome.status,
    objective: outcome.objective,
    bound: outcome.bound,
    gap: outcome.gap,
    levels: model && outcome.columnValues
      ? Object.fromEntries(model.levels.map((level) => [level.name, round(levelValue(level, outcome.columnValues!))]))
      : null,
    fallback: fallback ?? null,
    decomposition: decomposition ?? null,
  };
}

function totalsOf(lines: PlanLine[]): PlanTotals {
  const orders = new Set(lines.map((l) => l.orderId));
  const shipments = new Set<string>();
  const locationsOfOrder = new Map<string, Set<string>>();
  const costTerms = [];
  let units = 0;
  let unitsFulfilled = 0;
  for (const line of lines) {
    units += line.quantity;
    for (const a of line.assignments) {
      unitsFulfilled += a.quantity;
      shipments.add(`${line.orderId}\u0000${a.locationId}`);
      let set = locationsOfOrder.get(line.orderId);
      if (!set) locationsOfOrder.set(line.orderId, (set = new Set()));
      set.add(a.locationId);
      costTerms.push(...a.costBreakdown);
    }
  }
  const costByFactor = Object.fromEntries(mergeTerms(costTerms).map((t) => [t.factorId, round(t.amount)]));
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
    cost: round(Object.values(costByFactor).reduce((sum, c) => sum + c, 0)),
    costByFactor,
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

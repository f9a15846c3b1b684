import { formatIssue, type MemoryRecords, type Plan, type PlanLine } from '../index.js';
import { rawDatasetOf } from '../adapters/memory/memory.adapter.js';
import { lineIneligibility, orderMismatch } from '../core/pipeline/select-lines.js';
import { validateDataset } from '../core/validation/dataset-validator.js';

/** Readers of a plan for tests: a line, its assignments and costs, and why a line is not in the plan. */

/** The records each plan of a scenario ran on (see `runScenario`). */
const runRecords = new WeakMap<Plan, MemoryRecords>();

/** Remembers the records a plan was made from, so that a reader can say why a line is missing (they are read again only then). */
export function rememberRun(plan: Plan, records: MemoryRecords): void {
  runRecords.set(plan, records);
}

/** A line of the plan; a line that is not in it throws, saying why (not selected: which condition; set aside: the reason). */
export function planLine(plan: Plan, lineId: string): PlanLine {
  const line = plan.lines.find((l) => l.lineId === lineId);
  if (!line) throw new Error(whyNotInPlan(plan, lineId));
  return line;
}

/** Location → quantity of each assignment of a line. */
export function assignmentsOf(plan: Plan, lineId: string): Record<string, number> {
  return Object.fromEntries(planLine(plan, lineId).assignments.map((a) => [a.locationId, a.quantity]));
}

/** Why a line has no entry in the plan's lines. */
export function whyNotInPlan(plan: Plan, lineId: string): string {
  const missing = `line ${lineId} is not in the plan`;
  const exception = plan.exceptions.find((e) => e.lineId === lineId);
  if (exception) return `${missing}: it was set aside (${exception.exceptionType}): ${exception.reason}`;
  const records = runRecords.get(plan);
  if (!records) return `${missing} (plan lines: ${plan.lines.map((l) => l.lineId).join(', ') || 'none'})`;
  const data = validateDataset(rawDatasetOf(records));
  const invalid = data.invalidOrders.find((o) => o.lineIds.includes(lineId));
  if (invalid) return `${missing}: its order was set aside as invalid input: ${invalid.issues.map(formatIssue).join('; ')}`;
  const order = data.dataset.orders.find((o) => o.lines.some((l) => l.id === lineId));
  if (!order) return `${missing}: no order of the data has a line with this id`;
  const profile = data.dataset.profiles.find((p) => p.id === plan.profileId)!;
  const why = orderMismatch(order, profile) ?? lineIneligibility(order.lines.find((l) => l.id === lineId)!, profile, data.dataset.parameters);
  return `${missing}: profile ${profile.id} did not select it: ${why ?? 'it was selected, yet the plan has no entry for it'}`;
}

/** Location → { factor → amount } of each assignment of a line. */
export function assignmentCosts(plan: Plan, lineId: string): Record<string, Record<string, number>> {
  return rounded(Object.fromEntries(
    planLine(plan, lineId).assignments.map((a) => [a.locationId, Object.fromEntries(a.costBreakdown.map((t) => [t.factorId, t.amount]))]),
  ));
}

/** The cost level the solver minimised, added up over every batch and iteration. */
export function minimisedCost(plan: Plan): number {
  const total = plan.batches.flatMap((b) => b.iterations).reduce((sum, i) => sum + (i.levels?.cost ?? Number.NaN), 0);
  return Math.round(total * 1000) / 1000;
}

/**
 * Numbers rounded to 6 decimals, deep: plans keep costs exact (sums of
 * floating-point terms, e.g. 14.99999999999997 for 0.5 × 30 mi measured on
 * the sphere), so tests compare them rounded, as people read them.
 */
export function rounded<T>(value: T): T {
  if (typeof value === 'number') return (Math.round(value * 1e6) / 1e6) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T;
  return value;
}

import type { ExceptionType, Id } from '../domain/types.js';
import type { Plan, SplitLine } from '../plan/plan.js';

/** What a plan decided for one line it selected. */
export type LineDecision =
  | { kind: 'assigned'; locationId: Id }
  | { kind: 'split'; parts: SplitLine[] }
  | { kind: 'unassigned' }
  | { kind: 'held'; exceptionType: ExceptionType };

export interface PlannedLine {
  lineId: Id;
  /** The line's version when the run selected it. */
  version: number;
  decision: LineDecision;
}

/** One order of a plan: the version the run read and the decision for each line it selected. */
export interface PlannedOrder {
  orderId: Id;
  version: number;
  lines: PlannedLine[];
}

/**
 * The plan's decisions grouped by order, in the plan's order, for applying
 * (docs/spec.md §3.7). Lines held back by a rule become their exception (a hold
 * without a type is `no-quantity-available`).
 */
export function plannedOrders(plan: Plan): PlannedOrder[] {
  const decisions = new Map<Id, LineDecision>();
  for (const line of plan.lines) {
    const only = line.assignments.length === 1 && !line.split ? line.assignments[0]!.locationId : null;
    decisions.set(
      line.lineId,
      line.split ? { kind: 'split', parts: line.splitInto } : only !== null ? { kind: 'assigned', locationId: only } : { kind: 'unassigned' },
    );
  }
  for (const held of plan.exceptions) {
    if (held.lineId !== null && held.exceptionType !== 'invalid-input') decisions.set(held.lineId, { kind: 'held', exceptionType: held.exceptionType });
  }
  return plan.selection.map((selected) => ({
    orderId: selected.orderId,
    version: selected.version,
    lines: selected.lines.flatMap(({ lineId, version }) => {
      const decision = decisions.get(lineId);
      return decision ? [{ lineId, version, decision }] : [];
    }),
  }));
}

/** Orders the run set aside as invalid input (docs/spec.md §7), with the reasons. */
export function invalidOrders(plan: Plan): Array<{ orderId: Id; reason: string }> {
  const reasons = new Map<Id, string>();
  for (const e of plan.exceptions) {
    if (e.exceptionType === 'invalid-input' && e.orderId !== null) reasons.set(e.orderId, e.reason);
  }
  return [...reasons].map(([orderId, reason]) => ({ orderId, reason }));
}

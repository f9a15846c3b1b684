import type { Id, SalesLine, SalesOrder } from '../domain/types.js';
import type { PlannedLine, PlannedOrder } from './planned-orders.js';

/** Units of a variant at a location that an applied assignment allocates. */
export interface Reservation {
  variantId: Id;
  locationId: Id;
  quantity: number;
}

export type OrderApplication =
  /** Every planned line changed as the plan says; `order` is the order to write, `reservations` the stock it promises. */
  | { outcome: 'applied'; order: SalesOrder; reservations: Reservation[] }
  /**
   * The order or some of its selected lines changed since the run read them:
   * nothing of the plan is applied. `order` marks the changed lines that are
   * still waiting to be brokered with `data-modification-conflict`, or is
   * null when there is nothing to write.
   */
  | { outcome: 'conflict'; order: SalesOrder | null; conflictingLineIds: Id[]; detail: string };

export interface ApplyContext {
  /** `parameters.maxAutoFulfillmentAttempts`: an unassigned line that reaches it becomes `maximum-attempts`. */
  maxAttempts: number;
}

/**
 * Applies a plan's decisions to the current state of one order (docs/spec.md
 * §3.7), all or nothing. Assigned lines become `complete` at their location;
 * a split line becomes its parts (the first keeps the id, prices and tax as
 * the plan prorated them; an unfulfilled remainder is a new line with status
 * `none`); unassigned lines become `no-quantity-available` exceptions, or
 * `maximum-attempts` when their attempts reach the limit; held lines take
 * their exception. Every brokering try counts an attempt. Changed lines get
 * version + 1, new lines version 0; the order's own version is the source
 * system's and is never changed here.
 */
export function applyPlannedOrder(current: SalesOrder, planned: PlannedOrder, context: ApplyContext): OrderApplication {
  const conflict = findConflict(current, planned);
  if (conflict) return conflict;
  const decided = new Map(planned.lines.map((p) => [p.lineId, p]));
  const reservations: Reservation[] = [];
  const lines = current.lines.flatMap((line) => {
    const plannedLine = decided.get(line.id);
    return plannedLine ? applyToLine(line, plannedLine, context, reservations) : [line];
  });
  return { outcome: 'applied', order: { ...current, lines }, reservations };
}

function applyToLine(line: SalesLine, planned: PlannedLine, context: ApplyContext, reservations: Reservation[]): SalesLine[] {
  const { decision } = planned;
  const changed = { ...line, version: line.version + 1 };
  switch (decision.kind) {
    case 'held':
      return [{ ...changed, domStatus: 'exception', exceptionType: decision.exceptionType, assignedLocationId: null }];
    case 'unassigned': {
      const attempts = line.attempts + 1;
      return [{
        ...changed,
        attempts,
        domStatus: 'exception',
        exceptionType: attempts >= context.maxAttempts ? 'maximum-attempts' : 'no-quantity-available',
        assignedLocationId: null,
      }];
    }
    case 'assigned':
      reservations.push({ variantId: line.variantId, locationId: decision.locationId, quantity: line.quantity });
      return [assigned(changed, decision.locationId)];
    case 'split':
      return decision.parts.map((part, i) => {
        const base = { ...changed, id: part.lineId, quantity: part.quantity, tax: part.tax, version: i === 0 ? changed.version : 0, splitFrom: i === 0 ? changed.splitFrom : line.id };
        if (part.locationId === null) return { ...base, attempts: line.attempts + 1, domStatus: 'none', exceptionType: null, assignedLocationId: null, acceptedByStore: false };
        reservations.push({ variantId: line.variantId, locationId: part.locationId, quantity: part.quantity });
        return assigned(base, part.locationId);
      });
  }
}

function assigned(line: SalesLine, locationId: Id): SalesLine {
  return { ...line, attempts: line.attempts + 1, domStatus: 'complete', exceptionType: null, assignedLocationId: locationId, acceptedByStore: false };
}

/** Why the plan no longer fits the order, with the changed lines marked; undefined when it fits. */
function findConflict(current: SalesOrder, planned: PlannedOrder): OrderApplication | undefined {
  const byId = new Map(current.lines.map((l) => [l.id, l]));
  let detail: string;
  let changed: PlannedLine[];
  if (current.version !== planned.version) {
    detail = `order ${current.id} changed (version ${planned.version} → ${current.version}) since the run read it`;
    changed = planned.lines;
  } else {
    changed = planned.lines.filter((p) => byId.get(p.lineId)?.version !== p.version);
    const newIds = planned.lines.flatMap((p) => (p.decision.kind === 'split' ? p.decision.parts.slice(1).map((part) => part.lineId) : []));
    const reused = newIds.filter((id) => byId.has(id));
    if (changed.length === 0 && reused.length === 0) return undefined;
    detail = changed.length > 0
      ? `line${changed.length === 1 ? '' : 's'} ${changed.map((p) => versionChange(p, byId.get(p.lineId))).join(', ')} changed since the run read ${changed.length === 1 ? 'it' : 'them'}`
      : `line id${reused.length === 1 ? '' : 's'} ${reused.join(', ')} for split parts already exist${reused.length === 1 ? 's' : ''}`;
  }
  const marked = new Set(changed.map((p) => p.lineId).filter((id) => isWaiting(byId.get(id))));
  const order = marked.size === 0
    ? null
    : {
        ...current,
        lines: current.lines.map((l) => (marked.has(l.id)
          ? { ...l, domStatus: 'exception' as const, exceptionType: 'data-modification-conflict' as const, version: l.version + 1 }
          : l)),
      };
  return { outcome: 'conflict', order, conflictingLineIds: changed.map((p) => p.lineId), detail };
}

/** A line nobody has brokered meanwhile; a line someone else completed is left exactly as it is. */
function isWaiting(line: SalesLine | undefined): boolean {
  return line !== undefined && (line.domStatus === 'none' || line.domStatus === 'exception');
}

function versionChange(planned: PlannedLine, line: SalesLine | undefined): string {
  return line ? `${planned.lineId} (version ${planned.version} → ${line.version})` : `${planned.lineId} (removed)`;
}

import type { Id, SalesLine } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';

/**
 * Operators' and source systems' actions on one line (docs/spec.md §6,
 * docs/store.md). Each returns the line as it becomes, with its version
 * raised, or null when the line already is so (a re-sent event changes
 * nothing); a line the action does not apply to is refused with
 * `E_LIFECYCLE` and what to do.
 */

/**
 * A store (or an operator) rejects a line's assignment at a location: the
 * line becomes a `rejected` exception, the rejection is recorded (the
 * location waits out the rejection period; enough rejections make it
 * `maximum-rejections` at the next run), and its allocation is released.
 */
export function rejectLine(line: SalesLine, locationId: Id, at: Date): SalesLine {
  if (line.cancelled) throw refusal(line.id, 'is cancelled; a cancelled line cannot be rejected');
  if (line.domStatus !== 'complete' || line.assignedLocationId === null) {
    throw refusal(line.id, `is not assigned (status ${line.domStatus}${line.exceptionType ? `, ${line.exceptionType}` : ''}); only an assigned line can be rejected`);
  }
  if (line.assignedLocationId !== locationId) {
    throw refusal(line.id, `is assigned to ${line.assignedLocationId}, not ${locationId}; reject it with --location ${line.assignedLocationId}`);
  }
  if (line.shipped) throw refusal(line.id, `has shipped from ${locationId}; a shipped line cannot be rejected`);
  return {
    ...line,
    domStatus: 'exception',
    exceptionType: 'rejected',
    rejections: [...line.rejections, { locationId, at: at.toISOString() }],
    assignedLocationId: null,
    acceptedByStore: false,
    version: line.version + 1,
  };
}

/**
 * An operator resets an exception: status `none`, attempts 0, and the
 * rejection count starts again (`rejectionsResetAt`). The rejections
 * themselves are kept, so that a location that rejected the line stays out
 * for the rejection period (docs/rules/max-rejects.md).
 */
export function resetLine(line: SalesLine, at: Date): SalesLine {
  if (line.cancelled) throw refusal(line.id, 'is cancelled; a cancelled line is never brokered again');
  if (line.domStatus !== 'exception') {
    const todo = line.domStatus === 'complete' ? `; reject it at ${line.assignedLocationId} to have it brokered again` : '; it is already waiting to be brokered';
    throw refusal(line.id, `is not an exception (status ${line.domStatus})${todo}`);
  }
  return { ...line, domStatus: 'none', exceptionType: null, attempts: 0, rejectionsResetAt: at.toISOString(), version: line.version + 1 };
}

/**
 * The line has shipped, at `at` (the shipping system's instant): it stays
 * `complete` at its location and holds its allocation until an inventory
 * snapshot as of `at` or later arrives. With `locationId`, the shipment must
 * come from the line's location.
 */
export function shipLine(line: SalesLine, at: Date, locationId?: Id): SalesLine | null {
  if (line.cancelled) throw refusal(line.id, 'is cancelled; a cancelled line cannot ship');
  if (line.domStatus !== 'complete' || line.assignedLocationId === null) {
    throw refusal(line.id, `is not assigned (status ${line.domStatus}); only a line assigned to a location can ship`);
  }
  if (locationId !== undefined && locationId !== line.assignedLocationId) {
    throw refusal(line.id, `is assigned to ${line.assignedLocationId}, not ${locationId}; it cannot ship from ${locationId}`);
  }
  const shippedAt = at.toISOString();
  if (line.shipped) {
    if (line.shippedAt === shippedAt) return null;
    throw refusal(line.id, `has already shipped${line.shippedAt ? ` at ${line.shippedAt}` : ''}; a line ships once`);
  }
  return { ...line, shipped: true, shippedAt, version: line.version + 1 };
}

/** The source system cancelled the line: it is never brokered again, and its allocation (if any) is released. */
export function cancelLine(line: SalesLine): SalesLine | null {
  if (line.cancelled) return null;
  if (line.shipped) throw refusal(line.id, `has shipped${line.shippedAt ? ` at ${line.shippedAt}` : ''}; a shipped line cannot be cancelled`);
  return { ...line, cancelled: true, version: line.version + 1 };
}

function refusal(lineId: Id, message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_LIFECYCLE', recordId: lineId, message: `line ${message}` });
}

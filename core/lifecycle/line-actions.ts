import type { Id, SalesLine } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import type { Reservation } from './apply-order.js';

/**
 * A store (or an operator) rejects a line's assignment at a location
 * (SPEC.md §6): the line becomes a `rejected` exception, the rejection is
 * recorded (the location waits out the rejection period; enough rejections
 * make it `maximum-rejections` at the next run), and the units it had
 * promised are released.
 */
export function rejectLine(line: SalesLine, locationId: Id, at: Date): { line: SalesLine; release: Reservation } {
  if (line.domStatus !== 'complete' || line.assignedLocationId === null) {
    throw refusal(line.id, `is not assigned (status ${line.domStatus}${line.exceptionType ? `, ${line.exceptionType}` : ''}); only an assigned line can be rejected`);
  }
  if (line.assignedLocationId !== locationId) {
    throw refusal(line.id, `is assigned to ${line.assignedLocationId}, not ${locationId}; reject it with --location ${line.assignedLocationId}`);
  }
  if (line.shipped) throw refusal(line.id, `has shipped from ${locationId}; a shipped line cannot be rejected`);
  return {
    line: {
      ...line,
      domStatus: 'exception',
      exceptionType: 'rejected',
      rejections: [...line.rejections, { locationId, at: at.toISOString() }],
      assignedLocationId: null,
      acceptedByStore: false,
      version: line.version + 1,
    },
    release: { variantId: line.variantId, locationId, quantity: line.quantity },
  };
}

/**
 * An operator resets an exception (SPEC.md §6): status `none`, attempts 0.
 * The rejections are cleared too, or the maximum rejects rule would hold the
 * line again at once; the store's log keeps them.
 */
export function resetLine(line: SalesLine): SalesLine {
  if (line.domStatus !== 'exception') {
    const todo = line.domStatus === 'complete' ? `; reject it at ${line.assignedLocationId} to have it brokered again` : '; it is already waiting to be brokered';
    throw refusal(line.id, `is not an exception (status ${line.domStatus})${todo}`);
  }
  return { ...line, domStatus: 'none', exceptionType: null, attempts: 0, rejections: [], version: line.version + 1 };
}

function refusal(lineId: Id, message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_LIFECYCLE', recordId: lineId, message: `line ${message}` });
}

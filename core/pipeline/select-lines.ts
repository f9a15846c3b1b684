import { PERMANENT_EXCEPTIONS, type Parameters, type Profile, type SalesLine, type SalesOrder } from '../domain/types.js';

/** An order with the lines of it that a run takes. */
export interface SelectedOrder {
  order: SalesOrder;
  /** The lines to place now. */
  lines: SalesLine[];
  /** Every line of the order in this run (iteration 2 places only some of them; rules judge the whole order). */
  runLines: SalesLine[];
}

/** Why the order does not belong to the profile (legal entity and sales origin, docs/spec.md §3.1), or null when it does. */
export function orderMismatch(order: SalesOrder, profile: Profile): string | null {
  if (order.onHold) return 'the order is on hold';
  if (!profile.legalEntities.includes(order.legalEntity)) return `its legal entity "${order.legalEntity}" is not one of the profile's (${profile.legalEntities.join(', ')})`;
  const origin = order.salesOrigin ?? '';
  if (origin === '') return profile.processEmptyOrigin ? null : 'it has no sales origin, and the profile does not process orders without one';
  return profile.salesOrigins.includes(origin) ? null : `its sales origin "${origin}" is not one of the profile's (${profile.salesOrigins.join(', ')})`;
}

/** Why a line of a matching order is not eligible for brokering (docs/spec.md §3.1), or null when it is. */
export function lineIneligibility(line: SalesLine, profile: Profile, parameters: Parameters): string | null {
  if (!profile.modesOfDelivery.includes(line.modeOfDelivery)) return `its mode of delivery "${line.modeOfDelivery}" is not one of the profile's (${profile.modesOfDelivery.join(', ')})`;
  if (line.cancelled) return 'the line is cancelled';
  if (line.excluded) return 'the line is excluded from brokering';
  if (line.markedForDelivery) return 'the line is marked for delivery';
  if (line.deliveryType !== 'ship') return `its delivery type is "${line.deliveryType}", not ship`;
  if (parameters.skipAcceptedStoreOrders && line.acceptedByStore && line.assignedLocationId !== null) return 'a store accepted it, and skipAcceptedStoreOrders is set';
  if (line.domStatus === 'none') return null;
  if (line.domStatus !== 'exception') return `its DOM status is "${line.domStatus}" (only new lines and lines in exception are brokered)`;
  if (line.exceptionType !== null && PERMANENT_EXCEPTIONS.includes(line.exceptionType)) return `its exception "${line.exceptionType}" is permanent (reset the line to broker it again)`;
  return line.attempts < parameters.maxAutoFulfillmentAttempts ? null : `it was attempted ${line.attempts} times, the most maxAutoFulfillmentAttempts allows`;
}

/** Whether a line of a matching order is eligible for brokering (docs/spec.md §3.1). */
export function isLineEligible(line: SalesLine, profile: Profile, parameters: Parameters): boolean {
  return lineIneligibility(line, profile, parameters) === null;
}

/** The orders of the profile with their eligible lines, in creation order. */
export function selectLines(orders: SalesOrder[], profile: Profile, parameters: Parameters): SelectedOrder[] {
  const selected: SelectedOrder[] = [];
  for (const order of orders) {
    if (orderMismatch(order, profile) !== null) continue;
    const lines = order.lines.filter((line) => isLineEligible(line, profile, parameters));
    if (lines.length > 0) selected.push({ order, lines, runLines: lines });
  }
  return selected.sort((a, b) => a.order.createdAt.localeCompare(b.order.createdAt) || a.order.id.localeCompare(b.order.id));
}

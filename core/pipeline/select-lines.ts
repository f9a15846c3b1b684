import { PERMANENT_EXCEPTIONS, type Parameters, type Profile, type SalesLine, type SalesOrder } from '../domain/types.js';

/** An order with the lines of it that a run takes. */
export interface SelectedOrder {
  order: SalesOrder;
  /** The lines to place now. */
  lines: SalesLine[];
  /** Every line of the order in this run (iteration 2 places only some of them; rules judge the whole order). */
  runLines: SalesLine[];
}

/** Whether the order belongs to the profile (legal entity and sales origin, docs/spec.md §3.1). */
function orderMatches(order: SalesOrder, profile: Profile): boolean {
  if (order.onHold || !profile.legalEntities.includes(order.legalEntity)) return false;
  const origin = order.salesOrigin ?? '';
  return origin === '' ? profile.processEmptyOrigin : profile.salesOrigins.includes(origin);
}

/** Whether a line of a matching order is eligible for brokering (docs/spec.md §3.1). */
export function isLineEligible(line: SalesLine, profile: Profile, parameters: Parameters): boolean {
  if (!profile.modesOfDelivery.includes(line.modeOfDelivery)) return false;
  if (line.cancelled || line.excluded || line.markedForDelivery || line.deliveryType !== 'ship') return false;
  if (parameters.skipAcceptedStoreOrders && line.acceptedByStore && line.assignedLocationId !== null) return false;
  if (line.domStatus === 'none') return true;
  if (line.domStatus !== 'exception') return false;
  if (line.exceptionType !== null && PERMANENT_EXCEPTIONS.includes(line.exceptionType)) return false;
  return line.attempts < parameters.maxAutoFulfillmentAttempts;
}

/** The orders of the profile with their eligible lines, in creation order. */
export function selectLines(orders: SalesOrder[], profile: Profile, parameters: Parameters): SelectedOrder[] {
  const selected: SelectedOrder[] = [];
  for (const order of orders) {
    if (!orderMatches(order, profile)) continue;
    const lines = order.lines.filter((line) => isLineEligible(line, profile, parameters));
    if (lines.length > 0) selected.push({ order, lines, runLines: lines });
  }
  return selected.sort((a, b) => a.order.createdAt.localeCompare(b.order.createdAt) || a.order.id.localeCompare(b.order.id));
}

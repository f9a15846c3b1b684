import { isDeepStrictEqual } from 'node:util';
import type { Id, SalesLine, SalesOrder } from '../domain/types.js';
import type { FieldError } from '../validation/ajv.js';

/** The fields of a line that OpenDOM's lifecycle owns once the line is in the store. */
const LIFECYCLE_FIELDS = [
  'domStatus', 'exceptionType', 'attempts', 'rejections', 'assignedLocationId', 'acceptedByStore',
  'shipped', 'shippedAt', 'cancelled', 'splitFrom', 'rejectionsResetAt', 'version',
] as const satisfies ReadonlyArray<keyof SalesLine>;

/**
 * A new version of an order from its source system, merged with the stored
 * one (docs/store.md, "Orders from the source"): the source owns what was
 * ordered, OpenDOM the lifecycle of what it brokered, so that a re-sent
 * order never drops an assignment, an allocation or a shipment.
 *
 * Each line of the new version is matched with its stored family (the line
 * of that id and the parts applying split from it):
 * - same variant and total quantity: the family keeps its lifecycle (a line
 *   that was not split takes the new content around it; a split family
 *   stays as split);
 * - another variant or quantity: the family is replaced by the new line as
 *   sent, with a version above the family's (a plan that selected the old
 *   line then meets a conflict), releasing any allocation;
 * - a family absent from the new version is dropped.
 * A family with a shipped line can neither change nor disappear: the new
 * version is refused, naming the line.
 */
export function mergeOrderVersion(stored: SalesOrder, incoming: SalesOrder): { order: SalesOrder } | { error: FieldError } {
  const storedById = new Map(stored.lines.map((l) => [l.id, l]));
  const familyOf = families(stored.lines);
  const matched = new Set<Id>();
  const lines: SalesLine[] = [];
  for (const [index, line] of incoming.lines.entries()) {
    const family = storedById.has(line.id) ? familyOf(line.id) : [];
    family.forEach((l) => matched.add(l.id));
    if (family.length === 0) {
      lines.push(line);
      continue;
    }
    const total = family.reduce((sum, l) => sum + l.quantity, 0);
    if (family.every((l) => l.variantId === line.variantId) && total === line.quantity) {
      lines.push(...(family.length === 1 ? [keepLifecycle(line, family[0]!)] : family));
      continue;
    }
    const shipped = family.find((l) => l.shipped);
    if (shipped) return { error: { field: `lines[${index}].quantity`, message: `line ${shipped.id} has shipped; the variant and quantity of line ${line.id} can no longer change` } };
    lines.push({ ...line, version: Math.max(line.version, ...family.map((l) => l.version + 1)) });
  }
  const dropped = stored.lines.find((l) => !matched.has(l.id) && l.shipped);
  if (dropped) return { error: { field: 'lines', message: `line ${dropped.id} has shipped; it cannot be left out of a new version of order ${stored.id}` } };
  return { order: { ...incoming, lines } };
}

/** A line's family: itself and, transitively, the lines split from it. */
function families(lines: SalesLine[]): (id: Id) => SalesLine[] {
  const children = new Map<Id, SalesLine[]>();
  for (const line of lines) {
    if (line.splitFrom === null) continue;
    const list = children.get(line.splitFrom) ?? [];
    list.push(line);
    children.set(line.splitFrom, list);
  }
  const byId = new Map(lines.map((l) => [l.id, l]));
  return (id) => {
    const family: SalesLine[] = [];
    const pending = [byId.get(id)!];
    while (pending.length > 0) {
      const line = pending.pop()!;
      family.push(line);
      pending.push(...(children.get(line.id) ?? []));
    }
    return family;
  };
}

/** The new content of a line with the lifecycle it has in the store; its version rises when the content changed. */
function keepLifecycle(incoming: SalesLine, stored: SalesLine): SalesLine {
  const merged: SalesLine = { ...incoming };
  for (const field of LIFECYCLE_FIELDS) (merged as unknown as Record<string, unknown>)[field] = stored[field];
  return isDeepStrictEqual(merged, stored) ? stored : { ...merged, version: stored.version + 1 };
}

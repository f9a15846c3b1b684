import type { Dataset, Id, InventoryRecord, SalesLine, SalesOrder } from '../domain/types.js';

/**
 * OpenDOM's allocations (docs/store.md, "The inventory model"). Imported
 * inventory states the source system's supply; OpenDOM keeps its own
 * allocations apart, in the lines it assigned, so that no import can wipe
 * them. A line holds its quantity of its variant at its location from the
 * moment a plan assigns it until it is cancelled or rejected, or it has
 * shipped and a snapshot that already reflects the shipment has arrived.
 */
export interface Allocation {
  lineId: Id;
  orderId: Id;
  variantId: Id;
  locationId: Id;
  quantity: number;
  /** When the line shipped; null while it is open (assigned, not shipped). */
  shippedAt: string | null;
}

/**
 * The allocation a line holds, or null: an assigned (`complete`) line that is
 * not cancelled, and not shipped at an unknown time (such a line is taken as
 * already reflected in every snapshot).
 */
export function lineAllocation(order: Pick<SalesOrder, 'id'>, line: SalesLine): Allocation | null {
  if (line.domStatus !== 'complete' || line.assignedLocationId === null || line.cancelled) return null;
  if (line.shipped && line.shippedAt === null) return null;
  return {
    lineId: line.id,
    orderId: order.id,
    variantId: line.variantId,
    locationId: line.assignedLocationId,
    quantity: line.quantity,
    shippedAt: line.shipped ? line.shippedAt : null,
  };
}

/** Whether the line is assigned to a location and not yet shipped (nor cancelled): what the maximum orders rule counts. */
export function isOpenAllocation(line: SalesLine): boolean {
  return line.domStatus === 'complete' && line.assignedLocationId !== null && !line.cancelled && !line.shipped;
}

/**
 * Whether an allocation still takes units from a snapshot taken at `asOf`:
 * an open one always; a shipped one until a snapshot as of its shipment or
 * later (then `onHand` no longer holds its units). A snapshot without an
 * instant reflects every shipment. Instants compare as times, so that no
 * interleaving of shipments and snapshots counts a unit twice or not at all.
 */
export function takesFromSnapshot(allocation: Pick<Allocation, 'shippedAt'>, asOf: string | null): boolean {
  if (allocation.shippedAt === null) return true;
  return asOf !== null && Date.parse(allocation.shippedAt) > Date.parse(asOf);
}

/**
 * What DOM may use of a variant at a location (before rules): on hand, less
 * what the source reserves, less OpenDOM's allocations the snapshot does not
 * yet reflect; never below zero.
 */
export function availableUnits(record: Pick<InventoryRecord, 'onHand' | 'reserved'>, allocated: number): number {
  return Math.max(0, record.onHand - record.reserved - allocated);
}

/**
 * Units allocated by variant, then location, that each `available`
 * inventory record's snapshot does not yet reflect, over every order of the
 * dataset. Computed once per dataset.
 */
export function allocatedUnits(dataset: Readonly<Dataset>): Map<Id, Map<Id, number>> {
  let units = allocatedCache.get(dataset);
  if (units) return units;
  const allocations = dataset.orders.flatMap((order) => order.lines.flatMap((line) => lineAllocation(order, line) ?? []));
  // Snapshot instants only of the variants allocated: a pool holds far more inventory records than allocations.
  const allocatedVariants = new Set(allocations.map((a) => a.variantId));
  const asOf = new Map<string, string | null>();
  for (const record of dataset.inventory) {
    if (record.status === 'available' && allocatedVariants.has(record.variantId)) asOf.set(`${record.variantId}\u0000${record.locationId}`, record.asOf);
  }
  units = new Map();
  for (const allocation of allocations) {
    if (!takesFromSnapshot(allocation, asOf.get(`${allocation.variantId}\u0000${allocation.locationId}`) ?? null)) continue;
    let byLocation = units.get(allocation.variantId);
    if (!byLocation) units.set(allocation.variantId, (byLocation = new Map()));
    byLocation.set(allocation.locationId, (byLocation.get(allocation.locationId) ?? 0) + allocation.quantity);
  }
  allocatedCache.set(dataset, units);
  return units;
}

const allocatedCache = new WeakMap<Readonly<Dataset>, Map<Id, Map<Id, number>>>();

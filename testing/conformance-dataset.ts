import type { MemoryRecords } from '../adapters/memory/memory.adapter.js';

/**
 * The dataset of the adapter conformance suite: every record kind, a
 * customer at 40°N 75°W and three locations due north of it at 10, 20 and
 * 30 miles, so that the nearest location with stock always wins.
 */

export const CONFORMANCE_AS_OF = new Date('2026-11-20T12:00:00Z');

/** The instant of the dataset's inventory snapshot. */
export const SNAPSHOT_AS_OF = '2026-11-20T06:00:00Z';

const MILES_PER_DEGREE = 69.09;

function location(id: string, miles: number, extra: Record<string, unknown> = {}) {
  return { id, name: `Location ${id}`, type: 'store', legalEntity: 'le', address: { city: 'North', coordinates: { latitude: 40 + miles / MILES_PER_DEGREE, longitude: -75 } }, ...extra };
}

/** An order at the customer; lines are [id, variant, quantity, unit price, tax]. */
export function conformanceOrder(id: string, lines: Array<[string, string, number, number, number]>, extra: Record<string, unknown> = {}) {
  return {
    id,
    legalEntity: 'le',
    salesOrigin: 'web',
    deliveryAddress: { city: 'Customer', coordinates: { latitude: 40, longitude: -75 } },
    createdAt: '2026-11-19T00:00:00Z',
    lines: lines.map(([lineId, variantId, quantity, unitPrice, tax]) => ({ id: lineId, variantId, quantity, unitPrice, tax, modeOfDelivery: 'std' })),
    ...extra,
  };
}

/**
 * O1-1 (3 × V1) ships from A. O2-1 (4 × V2) can have only 3 units, 2 at A
 * and 1 at B: it is split, the remainder left for a later run.
 */
export function conformanceRecords(): MemoryRecords {
  return {
    parameters: { distanceUnit: 'mi', maxAutoFulfillmentAttempts: 3, rejectionPeriodDays: 7, planRetentionDays: 30, logRetentionDays: 10 },
    locations: [location('A', 10), location('B', 20), location('C', 30, { type: 'warehouse' })],
    groups: [{ id: 'near', name: 'Near', locationIds: ['A', 'B'] }],
    categories: [{ id: 'cat', name: 'Category' }, { id: 'sub', name: 'Subcategory', parentId: 'cat' }],
    products: [{ id: 'P', name: 'Product', categoryIds: ['sub'] }],
    variants: [{ id: 'V1', productId: 'P', color: 'red' }, { id: 'V2', productId: 'P', size: 'M', weight: 1.5 }],
    inventory: [
      { variantId: 'V1', locationId: 'A', onHand: 4, reserved: 0, asOf: SNAPSHOT_AS_OF },
      { variantId: 'V1', locationId: 'A', status: 'damaged', onHand: 3, asOf: SNAPSHOT_AS_OF },
      { variantId: 'V1', locationId: 'B', onHand: 4, asOf: SNAPSHOT_AS_OF },
      { variantId: 'V2', locationId: 'A', onHand: 2, asOf: SNAPSHOT_AS_OF },
      { variantId: 'V2', locationId: 'B', onHand: 1, asOf: SNAPSHOT_AS_OF },
    ],
    profiles: [
      { id: 'p', name: 'Ship', legalEntities: ['le'], modesOfDelivery: ['std'], salesOrigins: ['web'], autoApply: true, ruleIds: ['rejects', 'partial'], costFactorIds: ['handling'] },
    ],
    rules: [
      { id: 'rejects', type: 'dom/max-rejects', hardConstraint: true, options: { maxRejections: 2 } },
      { id: 'partial', type: 'dom/partial-orders', hardConstraint: true, options: { maxFulfillingLocations: 'any', fulfillPartialOrders: true, fulfillPartialLines: true } },
    ],
    // Inactive, so that distance is the cost; it is here to be read back.
    costFactors: [{ id: 'handling', type: 'dom/other-sales-order', company: 'le', active: false, options: { cost: 2 } }],
    orders: [conformanceOrder('O1', [['O1-1', 'V1', 3, 10, 3]]), conformanceOrder('O2', [['O2-1', 'V2', 4, 10, 4]])],
  };
}

import type { FromSchema } from 'json-schema-to-ts';
import { LIMITS } from '../../core/index.js';

/** JSON Schema fragments shared by the built-in cost factor plugins. */

/** A non-negative amount of money (or weight, distance …), bounded like every number of a record. */
export const amount = { type: 'number', minimum: 0, maximum: LIMITS.money } as const;

/** The modes of delivery a factor prices; at least one. */
export const modesOfDelivery = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  minItems: 1,
  uniqueItems: true,
} as const;

/** How a shipping cost is charged: once per shipment, or per unit of (region-grouped) distance. */
export const basis = { enum: ['shipment', 'distance'], default: 'shipment' } as const;

export type Basis = FromSchema<typeof basis>;

/** A cost charged once per shipment or per unit of the shipment's region-grouped distance. */
export function chargeFor(basis: Basis, cost: number, costDistance: number): number {
  return basis === 'shipment' ? cost : cost * costDistance;
}

import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor } from '../../../core/index.js';
import { amount, basis, chargeFor, modesOfDelivery } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modesOfDelivery', 'cost'],
  properties: {
    modesOfDelivery: { ...modesOfDelivery, description: 'Modes of delivery the factor prices.' },
    basis: { ...basis, description: '`shipment`: `cost` once per shipment; `distance`: `cost` per unit of region-grouped distance.' },
    cost: amount,
  },
} as const;

export type ShippingSimpleOptions = FromSchema<typeof optionsSchema>;

/**
 * Shipping, simple (docs/spec.md §5): each shipment of a listed mode of delivery
 * costs a fixed amount, or an amount per mile/km of its region-grouped
 * distance. Shipments of other modes cost nothing here.
 */
export const shippingSimpleCostFactor = defineCostFactor({
  meta: {
    id: 'dom/shipping-simple',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Per mode of delivery: a fixed cost per shipment, or a cost per unit of distance.',
    optionsSchema,
  },
  create: ({ options }) => ({
    shipmentCost: (shipment) =>
      options.modesOfDelivery.includes(shipment.modeOfDelivery) ? chargeFor(options.basis, options.cost, shipment.costDistance) : 0,
  }),
});

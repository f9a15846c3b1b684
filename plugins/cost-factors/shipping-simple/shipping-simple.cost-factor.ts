import type { CostFactorPlugin } from '../../../core/index.js';
import { amount, basis, chargeFor, modesOfDelivery, type Basis } from '../schema-parts.js';

export interface ShippingSimpleOptions {
  /** Modes of delivery the factor prices. */
  modesOfDelivery: string[];
  /** `shipment`: `cost` once per shipment; `distance`: `cost` per unit of region-grouped distance. */
  basis: Basis;
  cost: number;
}

/**
 * Shipping, simple (docs/spec.md §5): each shipment of a listed mode of delivery
 * costs a fixed amount, or an amount per mile/km of its region-grouped
 * distance. Shipments of other modes cost nothing here.
 */
export const shippingSimpleCostFactor: CostFactorPlugin<ShippingSimpleOptions> = {
  meta: {
    id: 'dom/shipping-simple',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Per mode of delivery: a fixed cost per shipment, or a cost per unit of distance.',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['modesOfDelivery', 'cost'],
      properties: { modesOfDelivery, basis, cost: amount },
    },
  },
  create: ({ options }) => ({
    shipmentCost: (shipment) =>
      options.modesOfDelivery.includes(shipment.modeOfDelivery) ? chargeFor(options.basis, options.cost, shipment.costDistance) : 0,
  }),
};

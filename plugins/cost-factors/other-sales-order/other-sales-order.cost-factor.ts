import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor } from '../../../core/index.js';
import { amount } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cost'],
  properties: { cost: { ...amount, description: 'Paid by every shipment of an order.' } },
} as const;

export type OtherSalesOrderOptions = FromSchema<typeof optionsSchema>;

/**
 * Other, sales order (docs/spec.md §5): a handling cost paid by every shipment of
 * an order, so an order split over two locations pays it twice.
 */
export const otherSalesOrderCostFactor = defineCostFactor({
  meta: {
    id: 'dom/other-sales-order',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'A handling cost per shipment of an order: a split order pays it once per location.',
    optionsSchema,
  },
  create: ({ options }) => ({ shipmentCost: () => options.cost }),
});

import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor } from '../../../core/index.js';
import { amount } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cost'],
  properties: { cost: { ...amount, description: 'Paid by every (line, location) assignment.' } },
} as const;

export type OtherSalesLineOptions = FromSchema<typeof optionsSchema>;

/**
 * Other, sales line (docs/spec.md §5): a cost paid by every (line, location)
 * assignment, whatever its quantity, so a line split over two locations pays
 * it twice.
 */
export const otherSalesLineCostFactor = defineCostFactor({
  meta: {
    id: 'dom/other-sales-line',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'A cost per (line, location) assignment: a split line pays it once per location.',
    optionsSchema,
  },
  create: ({ options }) => ({ assignmentCost: () => options.cost }),
});

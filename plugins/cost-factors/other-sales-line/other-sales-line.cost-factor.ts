import type { CostFactorPlugin } from '../../../core/index.js';
import { amount } from '../schema-parts.js';

export interface OtherSalesLineOptions {
  /** Paid by every (line, location) assignment. */
  cost: number;
}

/**
 * Other, sales line (docs/spec.md §5): a cost paid by every (line, location)
 * assignment, whatever its quantity, so a line split over two locations pays
 * it twice.
 */
export const otherSalesLineCostFactor: CostFactorPlugin<OtherSalesLineOptions> = {
  meta: {
    id: 'dom/other-sales-line',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'A cost per (line, location) assignment: a split line pays it once per location.',
    optionsSchema: { type: 'object', additionalProperties: false, required: ['cost'], properties: { cost: amount } },
  },
  create: ({ options }) => ({ assignmentCost: () => options.cost }),
};

import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor, type ConfigProblem } from '../../../core/index.js';
import { amount } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cost'],
  properties: {
    locationId: { type: 'string', minLength: 1, description: 'The location that pays, or …' },
    groupId: { type: 'string', minLength: 1, description: '… every location of this fulfillment group (never both).' },
    cost: { ...amount, description: 'Paid by every shipment from the location.' },
  },
} as const;

export type OtherLocationOptions = FromSchema<typeof optionsSchema>;

/**
 * Other, location (docs/spec.md §5): a cost paid by every shipment from one
 * location, or from any location of a group. A factor names a location or
 * a group, never both.
 */
export const otherLocationCostFactor = defineCostFactor({
  meta: {
    id: 'dom/other-location',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'A cost per shipment from a location or from the locations of a group.',
    optionsSchema,
  },
  check: ({ options }, catalog) => {
    const problems: ConfigProblem[] = [];
    if (options.locationId !== undefined && options.groupId !== undefined) {
      problems.push({ field: 'options.groupId', message: 'a factor names a location or a group, never both; make one factor for each' });
    } else if (options.locationId === undefined && options.groupId === undefined) {
      problems.push({ field: 'options.locationId', message: 'is required: name a locationId or a groupId' });
    }
    if (options.locationId !== undefined && !catalog.locations.has(options.locationId)) {
      problems.push({ field: 'options.locationId', message: `unknown location "${options.locationId}"` });
    }
    if (options.groupId !== undefined && !catalog.groups.has(options.groupId)) {
      problems.push({ field: 'options.groupId', message: `unknown group "${options.groupId}"` });
    }
    return problems;
  },
  create: ({ options, catalog }) => {
    const covered = catalog.scopeLocationIds({ locationIds: options.locationId ? [options.locationId] : [], groupIds: options.groupId ? [options.groupId] : [] });
    return { shipmentCost: (shipment) => (covered.has(shipment.location.id) ? options.cost : 0) };
  },
});

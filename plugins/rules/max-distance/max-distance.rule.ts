import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, LIMITS } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxDistance'],
  properties: {
    maxDistance: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: LIMITS.distance,
      description: "Greatest distance, in the dataset's distance unit, from a location to the delivery address.",
    },
  },
} as const;

export type MaxDistanceOptions = FromSchema<typeof optionsSchema>;

/**
 * Maximum distance (docs/spec.md §4.6): a scoped location farther from the
 * delivery address than the limit is not a candidate. Where rules overlap,
 * the lowest limit applies. The exact distance is compared, not the
 * region-grouped one.
 */
export const maxDistanceRule = defineRule({
  meta: {
    id: 'dom/max-distance',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Locations farther than a limit from the delivery address are not candidates.',
    optionsSchema,
    messages: { tooFar: 'distance {distance} {unit} exceeds the limit of {limit} {unit} (rule {rule})' },
    productScope: false,
    simplifiedSolver: 'honoured',
  },
  create: (context) => ({
    distanceLimit: (location) => {
      let lowest: (typeof context.rules)[number] | undefined;
      for (const rule of context.rules) {
        if (rule.coversLocation(location.id) && (!lowest || rule.options.maxDistance < lowest.options.maxDistance)) lowest = rule;
      }
      if (!lowest) return undefined;
      const { record, options } = lowest;
      return {
        limit: options.maxDistance,
        ruleId: record.id,
        messageId: 'tooFar',
        data: (candidate) => ({ distance: Math.round(candidate.distance * 10) / 10, unit: candidate.unit, limit: options.maxDistance, rule: record.id }),
      };
    },
  }),
});

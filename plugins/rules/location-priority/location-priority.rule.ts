import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, type ActiveRule, type Location } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['priority'],
  properties: { priority: { type: 'integer', minimum: 1, maximum: 10, description: '1 (highest) to 10 (lowest).' } },
} as const;

export type LocationPriorityOptions = FromSchema<typeof optionsSchema>;

/**
 * Fulfillment location priority (docs/spec.md §4.2): priorities 1–10 per
 * location or group. The objective's priority level (after fulfilment,
 * before cost) sends a whole order to one location of the best priority
 * that can fulfil it completely; only when none of priority p can,
 * priority p+1 is tried. Where rules overlap, the best (lowest) priority
 * applies. A hard rule makes locations without a priority non-candidates;
 * otherwise they rank after priority 10. Kept in iteration 2.
 */
export const locationPriorityRule = defineRule({
  meta: {
    id: 'dom/location-priority',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Ranks locations 1 (highest) to 10; orders go whole to the best-ranked location that can fulfil them.',
    optionsSchema,
    messages: { noPriority: '{location} has no priority and a hard priority rule ({rule}) is active' },
    productScope: false,
    alwaysHard: true,
    simplifiedSolver: 'honoured',
  },
  check: (record) =>
    record.scope.locationIds.length + record.scope.groupIds.length + Object.keys(record.scope.locationAttributes).length === 0
      ? [{ field: 'scope', message: 'names no location, group or location attributes; a priority rule must say which locations it ranks' }]
      : [],
  create: (context) => {
    const hard = context.rules.find((r) => r.record.hardConstraint);
    return {
      priorityTier: (location) => bestPriority(context.rules, location),
      filterLocation: (location) => {
        if (!hard || bestPriority(context.rules, location) !== undefined) return undefined;
        return { ruleId: hard.record.id, messageId: 'noPriority', data: { location: location.id, rule: hard.record.id } };
      },
    };
  },
});

function bestPriority(rules: ActiveRule<LocationPriorityOptions>[], location: Location): number | undefined {
  let best: number | undefined;
  for (const rule of rules) if (rule.coversLocation(location.id) && (best === undefined || rule.options.priority < best)) best = rule.options.priority;
  return best;
}

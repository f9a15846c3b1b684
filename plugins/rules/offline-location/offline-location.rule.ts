import { defineRule } from '../../../core/index.js';

/**
 * Offline fulfillment location (docs/spec.md §4.4): the scoped locations and
 * groups (and those with the scope's location attributes) are not
 * candidates. A rule with an empty scope is refused.
 */
export const offlineLocationRule = defineRule({
  meta: {
    id: 'dom/offline-location',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Takes locations or fulfillment groups offline: they are not candidates.',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    messages: { offline: '{location} is offline (rule {rule})' },
    productScope: false,
    simplifiedSolver: 'honoured',
  },
  check: (record) =>
    record.scope.locationIds.length + record.scope.groupIds.length + Object.keys(record.scope.locationAttributes).length === 0
      ? [{ field: 'scope', message: 'names no location, group or location attributes; an offline rule must say what is offline' }]
      : [],
  create: (context) => ({
    filterLocation: (location) => {
      const rule = context.rules.find((r) => r.coversLocation(location.id));
      return rule && { ruleId: rule.record.id, messageId: 'offline', data: { location: location.id, rule: rule.record.id } };
    },
  }),
});

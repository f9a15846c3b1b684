import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, LIMITS, type SalesLine } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxRejections'],
  properties: {
    maxRejections: { type: 'integer', minimum: 1, maximum: LIMITS.count, description: 'Rejections after which a line becomes a permanent exception.' },
  },
} as const;

export type MaxRejectsOptions = FromSchema<typeof optionsSchema>;

/**
 * Maximum rejects (docs/spec.md §4.5). A line whose rejection count reaches the
 * threshold becomes a permanent exception (`maximum-rejections`) and is not
 * brokered until an operator resets it. (The rejection period — a location
 * that rejected a line is not a candidate for it for `rejectionPeriodDays` —
 * is the engine's, for every run, with or without this rule.)
 */
export const maxRejectsRule = defineRule({
  meta: {
    id: 'dom/max-rejects',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Turns a line rejected too often into a permanent exception until an operator resets it.',
    optionsSchema,
    messages: {
      tooManyRejections: 'line {line} was rejected {count} times; rule {rule} allows {max}: a permanent exception until an operator resets it',
    },
    productScope: false,
    simplifiedSolver: 'honoured',
  },
  check: (record) => {
    const s = record.scope;
    return s.locationIds.length + s.groupIds.length > 0 ? [{ field: 'scope', message: 'a maximum rejects rule applies to lines and takes no location scope' }] : [];
  },
  create: (context) => {
    // Several rules: the lowest threshold applies.
    const rule = context.rules.reduce((low, r) => (r.options.maxRejections < low.options.maxRejections ? r : low), context.rules[0]!);
    return {
      holdLine: (line) => {
        const count = rejectionsCounted(line);
        if (count < rule.options.maxRejections) return undefined;
        return {
          ruleId: rule.record.id,
          exceptionType: 'maximum-rejections',
          messageId: 'tooManyRejections',
          data: { line: line.id, count, max: rule.options.maxRejections, rule: rule.record.id },
        };
      },
    };
  },
});

/** Rejections since the line was last reset: a reset clears the count, while the history still keeps each location out for the rejection period. */
function rejectionsCounted(line: SalesLine): number {
  const since = line.rejectionsResetAt === null ? -Infinity : Date.parse(line.rejectionsResetAt);
  return line.rejections.filter((r) => Date.parse(r.at) > since).length;
}

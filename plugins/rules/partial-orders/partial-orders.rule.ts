import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, LIMITS, type ActiveRule, type Catalog, type ConfigProblem, type OrderStructure, type RuleRecord, type SalesLine } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxFulfillingLocations: {
      anyOf: [{ type: 'integer', minimum: 1, maximum: 5 }, { const: 'any' }],
      default: 'any',
      description: 'Most locations an order may ship from: 1–5, or "any".',
    },
    fulfillPartialOrders: {
      type: 'boolean',
      description: 'Only with "any": the lines that can be fulfilled are, the rest are not. Off: all or nothing. Default: on with "any", off otherwise.',
    },
    fulfillPartialLines: { type: 'boolean', default: false, description: 'Only with partial orders on: a line may be split across locations or fulfilled in part.' },
    minimumAmountToSplit: {
      type: 'number',
      minimum: 0,
      maximum: LIMITS.money,
      default: 0,
      description: 'Orders whose amount (Σ quantity × unit price of the lines brokered) is below this ship from one location.',
    },
    noSplitProductIds: { type: 'array', items: { type: 'string' }, uniqueItems: true, default: [], description: 'Orders with any of these products ship from one location.' },
    noSplitCategoryIds: {
      type: 'array',
      items: { type: 'string' },
      uniqueItems: true,
      default: [],
      description: 'Orders with a product in any of these categories (or below them) ship from one location.',
    },
  },
} as const;

/** `maxFulfillingLocations` is `number | 'any'`: the schema bounds the integer to 1–5, which the type cannot say. */
export type PartialOrdersOptions = FromSchema<typeof optionsSchema>;

/**
 * Partial orders (docs/spec.md §4.3). Decided: with a number of locations (1–5)
 * an order is all or nothing (partial orders are only available with
 * "any"); several active rules combine to the most restrictive. Only the
 * production solvers honour this rule.
 */
export const partialOrdersRule = defineRule({
  meta: {
    id: 'dom/partial-orders',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'How many locations may fulfil an order, whether orders and lines may be fulfilled in part, and which orders never split.',
    optionsSchema,
    messages: {
      structure: 'rule {rule}: at most {maxLocations} location(s), {orders}, {lines}',
      noSplit: 'rule {rule}: the order ships from one location ({why})',
    },
    productScope: false,
    simplifiedSolver: 'ignored',
  },
  check: checkOptions,
  create: (context) => ({
    orderStructure: (_order, lines) => {
      if (context.rules.length === 0) return undefined;
      const structure = combined(context.rules);
      const rule = context.rules[0]!;
      const why = noSplitReason(context.rules, context.catalog, lines);
      if (why) {
        return { ruleId: rule.record.id, structure: { ...structure, maxLocations: 1, partialLines: false }, messageId: 'noSplit', data: { rule: rule.record.id, why } };
      }
      return {
        ruleId: rule.record.id,
        structure,
        messageId: 'structure',
        data: {
          rule: rule.record.id,
          maxLocations: structure.maxLocations ?? 'any',
          orders: structure.allOrNothing ? 'all or nothing' : 'partial orders allowed',
          lines: structure.partialLines ? 'partial lines allowed' : 'lines whole',
        },
      };
    },
  }),
});

function checkOptions(record: RuleRecord<PartialOrdersOptions>, catalog: Catalog): ConfigProblem[] {
  const o = record.options;
  const problems: ConfigProblem[] = [];
  if (o.maxFulfillingLocations !== 'any' && o.fulfillPartialOrders === true) {
    problems.push({ field: 'options.fulfillPartialOrders', message: 'is only available with maxFulfillingLocations "any"; set it to false' });
  }
  if (o.fulfillPartialLines && !partialOrdersOn(o)) {
    problems.push({ field: 'options.fulfillPartialLines', message: 'is only available with maxFulfillingLocations "any" and fulfillPartialOrders on' });
  }
  o.noSplitProductIds.forEach((id, i) => {
    if (!catalog.products.has(id)) problems.push({ field: `options.noSplitProductIds[${i}]`, message: `unknown product "${id}"` });
  });
  o.noSplitCategoryIds.forEach((id, i) => {
    if (!catalog.categories.has(id)) problems.push({ field: `options.noSplitCategoryIds[${i}]`, message: `unknown category "${id}"` });
  });
  const s = record.scope;
  if (s.locationIds.length + s.groupIds.length > 0) problems.push({ field: 'scope', message: 'a partial orders rule applies to orders and takes no location scope' });
  return problems;
}

/** Whether partial orders are on: only with "any", where they are the default. */
function partialOrdersOn(o: PartialOrdersOptions): boolean {
  return o.maxFulfillingLocations === 'any' && o.fulfillPartialOrders !== false;
}

/** The most restrictive structure of all active rules. */
function combined(rules: ActiveRule<PartialOrdersOptions>[]): OrderStructure {
  let maxLocations: number | null = null;
  let allOrNothing = false;
  let partialLines = true;
  for (const { options: o } of rules) {
    if (o.maxFulfillingLocations !== 'any') maxLocations = Math.min(maxLocations ?? Infinity, o.maxFulfillingLocations);
    allOrNothing ||= !partialOrdersOn(o);
    partialLines &&= o.fulfillPartialLines;
  }
  return { maxLocations, allOrNothing, partialLines: partialLines && !allOrNothing };
}

/** Why an order must ship from one location, if it must. */
function noSplitReason(rules: ActiveRule<PartialOrdersOptions>[], catalog: Catalog, lines: SalesLine[]): string | undefined {
  const amount = Math.round(lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) * 100) / 100;
  for (const { options: o } of rules) {
    if (amount < o.minimumAmountToSplit) return `order amount ${amount} is below ${o.minimumAmountToSplit}`;
    for (const line of lines) {
      // A listed category may be a primary or a supplemental one.
      const scope = { variantIds: [], productIds: o.noSplitProductIds, categoryIds: o.noSplitCategoryIds, supplementalCategoryIds: o.noSplitCategoryIds };
      if (o.noSplitProductIds.length + o.noSplitCategoryIds.length > 0 && catalog.productScopeCovers(scope, line.variantId)) {
        return `line ${line.id} has variant ${line.variantId}, listed as never split`;
      }
    }
  }
  return undefined;
}

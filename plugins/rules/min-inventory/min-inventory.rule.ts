import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, LIMITS, type ActiveRule, type Catalog, type Id } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['minimum'],
  properties: {
    minimum: { type: 'integer', minimum: 0, maximum: LIMITS.stockUnits, description: "Units of the variant kept at the location, out of DOM's reach." },
  },
} as const;

export type MinInventoryOptions = FromSchema<typeof optionsSchema>;

/** Product scopes from most to least specific (docs/spec.md §4.1, decided). */
const SPECIFICITY = ['variantIds', 'productIds', 'supplementalCategoryIds', 'categoryIds'] as const;

/**
 * Minimum inventory (docs/spec.md §4.1): keeps a quantity of a variant at a
 * location out of DOM's reach: DOM may use max(0, available − minimum).
 * When several rules match a (variant, location) the most specific product
 * scope wins (variant > product > supplemental category > category); among
 * equals, the largest minimum.
 */
export const minInventoryRule = defineRule({
  meta: {
    id: 'dom/min-inventory',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Keeps a minimum quantity of variants at locations out of DOM’s reach (e.g. for walk-in customers).',
    optionsSchema,
    messages: { keeps: 'rule {rule} keeps {minimum} of {available} available units of {variant} at {location}; {usable} usable' },
    productScope: true,
    simplifiedSolver: 'honoured',
  },
  check: (record) => {
    const s = record.scope;
    return SPECIFICITY.every((field) => s[field].length === 0)
      ? [{ field: 'scope', message: 'names no variant, product, category or supplemental category; a minimum inventory rule must say what it keeps' }]
      : [];
  },
  create: (context) => ({
    adjustAvailable: (variantId, location, available) => {
      const rule = winningRule(context.rules, context.catalog, variantId, location.id);
      if (!rule) return undefined;
      const usable = Math.max(0, available - rule.options.minimum);
      return {
        ruleId: rule.record.id,
        usable,
        messageId: 'keeps',
        data: { rule: rule.record.id, minimum: rule.options.minimum, available, variant: variantId, location: location.id, usable },
      };
    },
  }),
});

/** The rule that decides for a (variant, location): most specific scope, then largest minimum. */
function winningRule(rules: ActiveRule<MinInventoryOptions>[], catalog: Catalog, variantId: Id, locationId: Id) {
  let best: { rule: ActiveRule<MinInventoryOptions>; rank: number } | undefined;
  for (const rule of rules) {
    if (!rule.coversLocation(locationId) || !rule.coversVariant(variantId)) continue;
    const rank = specificityRank(rule, catalog, variantId);
    if (rank === undefined) continue;
    if (!best || rank < best.rank || (rank === best.rank && rule.options.minimum > best.rule.options.minimum)) best = { rule, rank };
  }
  return best?.rule;
}

/** Index in SPECIFICITY of the most specific scope field that covers the variant; undefined if none does. */
function specificityRank(rule: ActiveRule<MinInventoryOptions>, catalog: Catalog, variantId: Id): number | undefined {
  const scope = rule.record.scope;
  const none = { variantIds: [], productIds: [], categoryIds: [], supplementalCategoryIds: [] };
  const rank = SPECIFICITY.findIndex((field) => scope[field].length > 0 && catalog.productScopeCovers({ ...none, [field]: scope[field] }, variantId));
  return rank < 0 ? undefined : rank;
}

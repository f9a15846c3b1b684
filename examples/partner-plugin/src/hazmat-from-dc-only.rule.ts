import { defineRule } from 'opendom';

/**
 * `acme/hazmat-from-dc-only`: lines of hazardous goods ship from
 * distribution centres only. A variant is hazardous when its custom
 * attribute `hazmat` is true, or its product's is and the variant says
 * nothing (docs/data-format.md, "Custom attributes"). `defineRule` types
 * the options from the schema and each report from the messages: a report
 * naming another message, or missing a placeholder, does not compile.
 */
export const hazmatFromDcOnly = defineRule({
  meta: {
    id: 'acme/hazmat-from-dc-only',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Hazardous goods (attribute hazmat) ship from distribution centres only.',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    messages: { notDc: '{location} is a {type}: hazardous {variant} ships from distribution centres only (rule {rule})' },
    productScope: true,
    simplifiedSolver: 'honoured',
  },
  // The decision depends on the variant and the location only: the fast form, asked once per pair.
  create: ({ rules, catalog }) => ({
    filterVariant: (variantId, location) => {
      if (location.type === 'distribution-center') return undefined;
      const variant = catalog.variants.get(variantId);
      const product = catalog.products.get(variant?.productId ?? '');
      const hazardous = variant?.attributes.hazmat ?? product?.attributes.hazmat;
      if (hazardous !== true) return undefined;
      const rule = rules.find((r) => r.coversVariant(variantId) && r.coversLocation(location.id));
      return rule && {
        ruleId: rule.record.id,
        messageId: 'notDc',
        data: { location: location.id, type: location.type, variant: variantId, rule: rule.record.id },
      };
    },
  }),
});

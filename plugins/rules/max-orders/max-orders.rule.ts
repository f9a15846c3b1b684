import type { FromSchema } from 'json-schema-to-ts';
import { defineRule, isOpenAllocation, isWithinDates, LIMITS, type Catalog, type Dataset, type Id, type RuleRecord } from '../../../core/index.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxOrders'],
  properties: {
    maxOrders: { type: 'integer', minimum: 0, maximum: LIMITS.count, description: 'Most orders a location may hold assigned and not yet shipped.' },
  },
} as const;

export type MaxOrdersOptions = FromSchema<typeof optionsSchema>;

const ID = 'dom/max-orders';

/**
 * Maximum orders (docs/spec.md §4.7). A location may hold at most N orders
 * assigned to it and not yet shipped, counting those of every profile; a
 * run may add only the difference. A limit on a group applies to each of
 * its locations. Where rules overlap — in this profile or in any other
 * enabled profile — the largest limit applies (as the documented product
 * does). Parallel batches share the count through the run ledger.
 */
export const maxOrdersRule = defineRule({
  meta: {
    id: ID,
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Caps the orders a location holds assigned and unshipped, across all profiles.',
    optionsSchema,
    messages: {
      capacity: '{location} may hold {limit} orders (rule {rule}); {open} are assigned and not shipped, so this run may add {capacity}',
    },
    productScope: false,
    simplifiedSolver: 'honoured',
  },
  create: (context) => {
    const open = openOrdersByLocation(context.dataset);
    const everyProfile = activeRulesOfAllProfiles(context.dataset, context.asOf);
    return {
      locationCapacity: (location) => {
        const own = context.rules.filter((r) => r.coversLocation(location.id));
        if (own.length === 0) return undefined;
        let limit = Math.max(...own.map((r) => r.options.maxOrders));
        let rule = own.find((r) => r.options.maxOrders === limit)!.record.id;
        for (const other of everyProfile) {
          if (other.options.maxOrders > limit && covers(context.catalog, other, location.id)) {
            limit = other.options.maxOrders;
            rule = other.id;
          }
        }
        const held = open.get(location.id) ?? 0;
        const capacity = Math.max(0, limit - held);
        return { ruleId: rule, capacity, limit, messageId: 'capacity', data: { location: location.id, limit, rule, open: held, capacity } };
      },
    };
  },
});

/** Counted once per dataset: a run creates the rule for every batch and iteration. */
const openOrdersCache = new WeakMap<Readonly<Dataset>, Map<Id, number>>();

/** Distinct orders with an open allocation (a line assigned, not shipped nor cancelled) at each location. */
function openOrdersByLocation(dataset: Readonly<Dataset>): Map<Id, number> {
  let counts = openOrdersCache.get(dataset);
  if (!counts) openOrdersCache.set(dataset, (counts = countOpenOrders(dataset)));
  return counts;
}

function countOpenOrders(dataset: Readonly<Dataset>): Map<Id, number> {
  const orders = new Map<Id, Set<Id>>();
  for (const order of dataset.orders) {
    for (const line of order.lines) {
      if (!isOpenAllocation(line)) continue;
      let set = orders.get(line.assignedLocationId!);
      if (!set) orders.set(line.assignedLocationId!, (set = new Set()));
      set.add(order.id);
    }
  }
  return new Map([...orders].map(([location, set]) => [location, set.size]));
}

/** Maximum orders rules that are active in any enabled profile. */
function activeRulesOfAllProfiles(dataset: Readonly<Dataset>, asOf: Date): RuleRecord<MaxOrdersOptions>[] {
  const ids = new Set(dataset.profiles.filter((p) => p.enabled).flatMap((p) => p.ruleIds));
  const active = dataset.rules.filter((r) => r.type === ID && ids.has(r.id) && !r.disabled && isWithinDates(r.startDate, r.endDate, asOf));
  // Their options were validated against this plugin's schema at load.
  return active as unknown as RuleRecord<MaxOrdersOptions>[];
}

function covers(catalog: Catalog, rule: Pick<RuleRecord, 'scope'>, locationId: Id): boolean {
  const scope = catalog.scopeLocationIds(rule.scope);
  return scope.size === 0 || scope.has(locationId);
}

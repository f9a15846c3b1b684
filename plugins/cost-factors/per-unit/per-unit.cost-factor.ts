import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor, type ConfigProblem } from '../../../core/index.js';
import { amount, modesOfDelivery } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modesOfDelivery'],
  properties: {
    modesOfDelivery: { ...modesOfDelivery, description: 'Modes of delivery the factor prices.' },
    locationIds: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'Only units shipped from these locations …' },
    groupIds: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: '… or from the locations of these groups (no scope: every location).',
    },
    costPerUnit: { ...amount, default: 0, description: 'Paid for every unit shipped (pick and pack).' },
    costPerUnitPerDistance: { ...amount, default: 0, description: 'Paid for every unit per mile (km) of distance.' },
    distance: {
      enum: ['exact', 'region'],
      default: 'exact',
      description: '`exact`: the distance itself; `region`: the region-grouped distance (localStoreRegionRadius).',
    },
  },
} as const;

export type PerUnitOptions = FromSchema<typeof optionsSchema>;

/**
 * Per unit (a cost charged by the unit, as carriers and fulfilment centres
 * do): for every unit of a listed mode of delivery shipped from a location
 * in scope, `costPerUnit + costPerUnitPerDistance × d`, d the exact distance
 * (default) or the region-grouped one. Combined with a per-shipment factor
 * it states a rate such as "8.759 per parcel, plus 0.423 + 0.000541 × miles
 * per unit" in two records.
 */
export const perUnitCostFactor = defineCostFactor({
  meta: {
    id: 'dom/per-unit',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Per mode of delivery (and optionally per location or group): a cost per unit, and a cost per unit per mile or km.',
    optionsSchema,
  },
  check: ({ options }, catalog) => {
    const problems: ConfigProblem[] = [];
    (options.locationIds ?? []).forEach((id, i) => {
      if (!catalog.locations.has(id)) problems.push({ field: `options.locationIds[${i}]`, message: `unknown location "${id}"` });
    });
    (options.groupIds ?? []).forEach((id, i) => {
      if (!catalog.groups.has(id)) problems.push({ field: `options.groupIds[${i}]`, message: `unknown group "${id}"` });
    });
    if (options.costPerUnit === 0 && options.costPerUnitPerDistance === 0) {
      problems.push({ field: 'options.costPerUnit', message: 'both costPerUnit and costPerUnitPerDistance are 0: the factor would charge nothing' });
    }
    return problems;
  },
  create: ({ options, catalog }) => {
    const scoped = (options.locationIds?.length ?? 0) + (options.groupIds?.length ?? 0) > 0;
    const covered = catalog.scopeLocationIds({ locationIds: options.locationIds ?? [], groupIds: options.groupIds ?? [] });
    return {
      unitCost: (candidate) => {
        if (!options.modesOfDelivery.includes(candidate.line.modeOfDelivery)) return 0;
        if (scoped && !covered.has(candidate.location.id)) return 0;
        const d = options.distance === 'exact' ? candidate.distance : candidate.costDistance;
        return options.costPerUnit + options.costPerUnitPerDistance * d;
      },
    };
  },
});

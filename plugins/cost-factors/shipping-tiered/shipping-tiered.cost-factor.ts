import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor, type ConfigProblem, type CostFactorRecord, type Id } from '../../../core/index.js';
import { bandAt, bandProperties, checkBands } from '../distance-bands.js';
import { amount, basis, chargeFor, modesOfDelivery } from '../schema-parts.js';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modesOfDelivery', 'tiers', 'defaultCost'],
  properties: {
    modesOfDelivery: { ...modesOfDelivery, description: 'Modes of delivery the factor prices.' },
    distanceType: {
      enum: ['aerial', 'road'],
      default: 'aerial',
      description: 'The distance the tiers are priced over; it must be the distance the run measures (parameters.roadDistance).',
    },
    tiers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'cost'],
        properties: { ...bandProperties, basis, cost: amount },
      },
      description: 'Tiers [from, to) of region-grouped distance: no gaps, no overlaps.',
    },
    defaultCost: { ...amount, description: 'Cost of a shipment (once) whose distance falls in no tier.' },
  },
} as const;

export type ShippingTieredOptions = FromSchema<typeof optionsSchema>;

/** One tier: a distance band [from, to), its basis and cost. */
export type ShippingTier = ShippingTieredOptions['tiers'][number];

/**
 * Shipping, tiered (docs/spec.md §5): a shipment of a listed mode of delivery
 * pays the tier its region-grouped distance falls in — a fixed cost or a
 * cost per unit of distance — or the default cost when it falls in none.
 */
export const shippingTieredCostFactor = defineCostFactor({
  meta: {
    id: 'dom/shipping-tiered',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Per mode of delivery: distance tiers, each a fixed cost or a cost per unit of distance; a default cost outside the tiers.',
    optionsSchema,
  },
  check: (record) => checkBands(record.options.tiers, 'options.tiers'),
  checkProfile: (factors, { parameters }) => [...runDistanceProblems(factors, parameters.roadDistance), ...modeConflicts(factors)],
  create: ({ options }) => ({
    shipmentCost: (shipment) => {
      if (!options.modesOfDelivery.includes(shipment.modeOfDelivery)) return 0;
      const tier = options.tiers[bandAt(options.tiers, shipment.costDistance)];
      return tier ? chargeFor(tier.basis, tier.cost, shipment.costDistance) : options.defaultCost;
    },
  }),
});

type Factor = CostFactorRecord<ShippingTieredOptions>;

/** Tiers priced over a distance the run does not measure would be compared with the wrong numbers. */
function runDistanceProblems(factors: Factor[], roadDistance: boolean): Array<ConfigProblem & { factorId: Id }> {
  const measured = roadDistance ? 'road' : 'aerial';
  return factors
    .filter((f) => f.options.distanceType !== measured)
    .map((f) => ({
      factorId: f.id,
      field: 'options.distanceType',
      message: `tiers over ${f.options.distanceType} distance, but the run measures ${measured} distance (parameters.roadDistance is ${roadDistance}); price the tiers over ${measured} distance${roadDistance ? '' : ', or set roadDistance and use a road distance provider'}`,
    }));
}

/** docs/spec.md §5: one distance type per mode of delivery, across the factors of a company in one profile. */
function modeConflicts(factors: Factor[]): Array<ConfigProblem & { factorId: Id }> {
  const first = new Map<string, Factor>();
  const problems: Array<ConfigProblem & { factorId: Id }> = [];
  for (const factor of factors) {
    for (const mode of factor.options.modesOfDelivery) {
      const key = `${factor.company}\u0000${mode}`;
      const earlier = first.get(key);
      if (!earlier) first.set(key, factor);
      else if (earlier.options.distanceType !== factor.options.distanceType) {
        problems.push({
          factorId: factor.id,
          field: 'options.distanceType',
          message: `mode of delivery "${mode}" is tiered over ${earlier.options.distanceType} distance by factor "${earlier.id}" and over ${factor.options.distanceType} distance here; a mode has one distance type: price both over the same one`,
        });
      }
    }
  }
  return problems;
}

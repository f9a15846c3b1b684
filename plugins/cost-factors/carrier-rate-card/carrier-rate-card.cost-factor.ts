import type { FromSchema } from 'json-schema-to-ts';
import { defineCostFactor, LIMITS, type Candidate, type Catalog, type ConfigProblem, type CostFactorRecord } from '../../../core/index.js';
import { bandAt, bandProperties, checkBands } from '../distance-bands.js';
import { amount, modesOfDelivery } from '../schema-parts.js';
import { pack, priceOfPackages } from './packages.js';

const zoneProperties = {
  id: { type: 'string', minLength: 1 },
  prices: { type: 'array', minItems: 1, items: amount, description: 'Price of a package in each weight band, in the order of `weightBands`.' },
} as const;

const prefixes = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, default: [] } as const;

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modesOfDelivery', 'weightBands'],
  properties: {
    modesOfDelivery: { ...modesOfDelivery, description: 'Modes of delivery the card prices.' },
    weightBands: {
      type: 'array',
      minItems: 1,
      items: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.weight },
      description: "Upper bounds (inclusive) of the package weight bands, ascending, in the dataset's weightUnit; the last is the heaviest package.",
    },
    distanceZones: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['id', 'from', 'prices'], properties: { ...zoneProperties, ...bandProperties } },
      description: 'Zones by region-grouped distance, covering [0, ∞) without gaps or overlaps; or …',
    },
    postalZones: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'prices'],
        properties: {
          ...zoneProperties,
          originPrefixes: { ...prefixes, description: "Prefixes of the shipping location's postal code; empty: any." },
          destinationPrefixes: { ...prefixes, description: 'Prefixes of the delivery postal code; empty: any.' },
        },
      },
      description: '… zones by origin and destination postal prefixes, first match wins, the last matching everything.',
    },
    perPackage: { ...amount, default: 0, description: 'Charge added to every package.' },
    defaultUnitWeight: { ...amount, description: 'Weight of one unit of a variant that has none.' },
  },
} as const;

export type CarrierRateCardOptions = FromSchema<typeof optionsSchema>;

/** A zone by region-grouped distance [from, to). */
export type DistanceZone = NonNullable<CarrierRateCardOptions['distanceZones']>[number];

/** A zone by origin and destination postal prefixes. */
export type PostalZone = NonNullable<CarrierRateCardOptions['postalZones']>[number];

type Zone = DistanceZone | PostalZone;

/**
 * Carrier rate card (beyond docs/spec.md §5): a carrier's price list per package
 * by zone and weight band. The units of a line shipped from a location are
 * packed (see packages.ts) and priced in the shipment's zone; the price is
 * charged per unit (the line's packages ÷ its quantity), which is exact when
 * the line ships whole from one location and keeps the model linear.
 */
export const carrierRateCardCostFactor = defineCostFactor({
  meta: {
    id: 'dom/carrier-rate-card',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'A carrier rate card: package prices by zone (distance bands or postal prefixes) and weight band, plus a per-package charge.',
    optionsSchema,
  },
  check: (record, catalog) => [...checkZones(record), ...checkWeights(record, catalog)],
  create: ({ options, catalog }) => {
    const zoneOf = zoneFinder(options);
    const heaviest = options.weightBands.at(-1)!;
    return {
      unitCost: (candidate) => {
        if (!options.modesOfDelivery.includes(candidate.line.modeOfDelivery)) return 0;
        const unitWeight = catalog.variants.get(candidate.line.variantId)?.weight ?? options.defaultUnitWeight!;
        const quantity = candidate.line.quantity;
        const packages = pack(quantity, unitWeight, heaviest);
        return priceOfPackages(packages, options.weightBands, zoneOf(candidate).prices, options.perPackage) / quantity;
      },
    };
  },
});

/** The zone of a candidate's shipment. The checks guarantee that one always matches. */
function zoneFinder(options: CarrierRateCardOptions): (candidate: Candidate) => Zone {
  const { distanceZones, postalZones } = options;
  if (distanceZones) return (c) => distanceZones[bandAt(distanceZones, c.costDistance)]!;
  const matches = (list: string[], postalCode: string | undefined) => list.length === 0 || list.some((p) => postalCode?.startsWith(p));
  return (c) => postalZones!.find((z) => matches(z.originPrefixes, c.location.address.postalCode) && matches(z.destinationPrefixes, c.order.deliveryAddress.postalCode))!;
}

type RateCardRecord = CostFactorRecord<CarrierRateCardOptions>;

function checkZones({ options }: RateCardRecord): ConfigProblem[] {
  const { distanceZones, postalZones, weightBands } = options;
  const problems: ConfigProblem[] = [];
  weightBands.forEach((upTo, i) => {
    if (i > 0 && upTo <= weightBands[i - 1]!) problems.push({ field: `options.weightBands[${i}]`, message: `must be greater than weightBands[${i - 1}] (${weightBands[i - 1]}): bands go up` });
  });
  if ((distanceZones === undefined) === (postalZones === undefined)) {
    problems.push({ field: 'options.distanceZones', message: 'give distanceZones or postalZones: one of them, not both' });
    return problems;
  }
  const path = distanceZones ? 'options.distanceZones' : 'options.postalZones';
  const zones: Zone[] = distanceZones ?? postalZones!;
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    if (seen.has(zone.id)) problems.push({ field: `${path}[${i}].id`, message: `duplicate zone id "${zone.id}"` });
    seen.add(zone.id);
    if (zone.prices.length !== weightBands.length) {
      problems.push({ field: `${path}[${i}].prices`, message: `has ${zone.prices.length} prices for ${weightBands.length} weight bands; give one price per band` });
    }
  });
  if (distanceZones) problems.push(...checkBands(distanceZones, path, true));
  const last = postalZones?.at(-1);
  if (last && (last.originPrefixes.length > 0 || last.destinationPrefixes.length > 0)) {
    problems.push({ field: `${path}[${postalZones!.length - 1}]`, message: 'the last postal zone must have no prefixes, so that every shipment has a zone' });
  }
  return problems;
}

/** Every variant must weigh something (its own weight or the default) and fit in the heaviest package. */
function checkWeights({ options }: RateCardRecord, catalog: Catalog): ConfigProblem[] {
  const heaviest = options.weightBands.at(-1)!;
  const unweighed = [...catalog.variants.values()].filter((v) => v.weight === undefined).map((v) => v.id);
  const problems: ConfigProblem[] = [];
  if (unweighed.length > 0 && options.defaultUnitWeight === undefined) {
    const named = unweighed.slice(0, 5).join(', ') + (unweighed.length > 5 ? ` and ${unweighed.length - 5} more` : '');
    problems.push({ field: 'options.defaultUnitWeight', message: `is required: variants ${named} have no weight; give them a weight or set defaultUnitWeight` });
  }
  for (const variant of catalog.variants.values()) {
    const weight = variant.weight ?? options.defaultUnitWeight;
    if (weight !== undefined && weight > heaviest) {
      problems.push({ field: 'options.weightBands', message: `variant "${variant.id}" weighs ${weight}, more than the heaviest weight band (${heaviest}); add a heavier band` });
    }
  }
  return problems;
}

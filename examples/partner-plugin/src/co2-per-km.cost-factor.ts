import { defineCostFactor, type OptionsOf } from 'opendom';

/** Kilometres in a mile. */
const KM_PER_MILE = 1.609344;

/**
 * `acme/co2-per-km`: each shipment costs the CO2 of its trip — grams per
 * km of its mode of delivery × the exact distance (never the region-grouped
 * one, which would overstate it) × the price of a kilogram. Its options'
 * type is its schema's (`defineCostFactor`).
 */
export const co2PerKm = defineCostFactor({
  meta: {
    id: 'acme/co2-per-km',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'The CO2 of each shipment, per km of the exact distance and mode of delivery, at a price per kg.',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['gramsPerKm', 'costPerKg'],
      properties: {
        gramsPerKm: { type: 'object', minProperties: 1, additionalProperties: { type: 'number', minimum: 0 }, description: 'grams of CO2 per km of each mode of delivery' },
        costPerKg: { type: 'number', minimum: 0, description: "what a kilogram of CO2 costs, in the dataset's currency" },
      },
    },
  },
  create: ({ options }) => ({
    shipmentCost: (shipment) => {
      const grams = options.gramsPerKm[shipment.modeOfDelivery] ?? 0;
      const km = shipment.unit === 'km' ? shipment.distance : shipment.distance * KM_PER_MILE;
      return (grams * km * options.costPerKg) / 1000;
    },
  }),
});

/** `{ gramsPerKm: { [mode: string]: number }; costPerKg: number }`, from the schema. */
export type Co2PerKmOptions = OptionsOf<typeof co2PerKm>;

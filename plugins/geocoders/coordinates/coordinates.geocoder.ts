import type { GeocoderPlugin } from '../../../core/index.js';

/**
 * The default geocoder: only the coordinates given in the data count. It is
 * asked only about addresses without coordinates, and places none of them,
 * saying what to do instead.
 */
export const coordinatesGeocoder: GeocoderPlugin<Record<string, never>> = {
  meta: {
    id: 'dom/coordinates',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Uses the coordinates in the data; places no address without them.',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: () => ({
    geocode: async (addresses) =>
      addresses.map(() => ({
        failure: {
          field: 'coordinates',
          message: 'is required: the address has no coordinates and the geocoder "dom/coordinates" uses only the coordinates in the data; add coordinates, or run with a geocoder such as "dom/us-zip"',
        },
      })),
  }),
};

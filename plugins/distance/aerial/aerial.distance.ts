import type { Coordinates, DistanceProviderPlugin, DistanceUnit } from '../../../core/index.js';

/** Mean Earth radius by unit (IUGG mean radius 6371.0088 km). */
const EARTH_RADIUS: Record<DistanceUnit, number> = { km: 6371.0088, mi: 6371.0088 / 1.609344 };

/** Great-circle (haversine) distance between two points. */
export function haversine(a: Coordinates, b: Coordinates, unit: DistanceUnit): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS[unit] * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The default distance provider: aerial distance from coordinates, in miles or kilometres. */
export const aerialDistance: DistanceProviderPlugin<Record<string, never>> = {
  meta: {
    id: 'dom/aerial',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Aerial (great-circle, haversine) distance between coordinates.',
    distanceKind: 'aerial',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: () => ({
    distances: async (origin, destinations, unit) => destinations.map((d) => haversine(origin, d, unit)),
  }),
};

// A partner imports these from 'opendom'; inside this repository they come from the package entry.
import type { Coordinates, DistanceProviderPlugin, DistanceUnit, OpenDomPlugin } from '../../index.js';

export interface OsrmRoadOptions {
  /** Base URL of an OSRM server, e.g. `http://localhost:5000`. */
  url: string;
  /** OSRM routing profile. */
  profile: string;
}

const METRES_PER: Record<DistanceUnit, number> = { km: 1000, mi: 1609.344 };

/**
 * Road distance from an OSRM server's table service: one request per order,
 * from the delivery address to every candidate location.
 */
export const osrmRoadDistance: DistanceProviderPlugin<OsrmRoadOptions> = {
  meta: {
    id: 'acme/osrm-road',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Road distance from an OSRM table service.',
    distanceKind: 'road',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: { url: { type: 'string', minLength: 1 }, profile: { type: 'string', default: 'driving' } },
    },
  },
  create: ({ url, profile }) => ({
    async distances(origin: Coordinates, destinations: Coordinates[], unit: DistanceUnit): Promise<number[]> {
      const points = [origin, ...destinations].map((p) => `${p.longitude},${p.latitude}`).join(';');
      const response = await fetch(`${url}/table/v1/${profile}/${points}?sources=0&annotations=distance`);
      if (!response.ok) throw new Error(`OSRM answered HTTP ${response.status}`);
      const body = (await response.json()) as { code: string; message?: string; distances?: Array<Array<number | null>> };
      if (body.code !== 'Ok' || !body.distances) throw new Error(`OSRM answered ${body.code}: ${body.message ?? 'no distances'}`);
      return body.distances[0]!.slice(1).map((metres, i) => {
        if (metres === null) throw new Error(`no road route from ${points.split(';')[0]} to destination ${i + 1}`);
        return metres / METRES_PER[unit];
      });
    },
  }),
};

/** The package a partner publishes and passes to `createEngine({ plugins: [acmeRoad] })`. */
export const acmeRoad: OpenDomPlugin = { name: 'acme-road', register: (api) => api.addDistanceProvider(osrmRoadDistance) };

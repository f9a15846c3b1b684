import { geoAlbersUsa } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import states from 'us-atlas/states-10m.json' with { type: 'json' };

/**
 * The map's region: the US states outline of the us-atlas package (Census
 * Bureau boundaries, bundled with the page), in the Albers USA projection
 * (Alaska and Hawaii as insets), fitted to a WIDTH × HEIGHT drawing.
 */
export const WIDTH = 960;
export const HEIGHT = 600;

const topology = states as unknown as Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
export const land = feature(topology, topology.objects.nation);
export const borders = mesh(topology, topology.objects.states, (a, b) => a !== b);
export const projection = geoAlbersUsa().fitSize([WIDTH, HEIGHT], land);

import type { DataSource, OpenDomPlugin } from '../plugin-api/contracts.js';

/** A plugin chosen by id, with its options (validated against its schema). */
export interface PluginChoice {
  id: string;
  options?: Record<string, unknown>;
}

export interface EngineOptions {
  /** Plugin packages to register (built-in ones are registered through the same API). */
  plugins: OpenDomPlugin[];
  /** Where the data comes from: a registered data adapter with its options, or a ready data source. */
  data: PluginChoice | DataSource;
  /** Distance provider; default `dom/aerial`. */
  distance?: PluginChoice;
  /** Geocoder for addresses without coordinates; default `dom/coordinates` (only the coordinates in the data). */
  geocoder?: PluginChoice;
}

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
  /** Which locations a profile's run ships from; default `dom/profile-locations` (the profile's group or legal entities). */
  locationSet?: PluginChoice;
  /** Where a run's available inventory comes from; default `dom/dataset-inventory` (the dataset's or store's records). */
  inventory?: PluginChoice;
  /** Hooks around applying a plan, called in this order; default none. */
  applyHooks?: PluginChoice[];
  /** Time limit of each call of a location set, inventory provider or apply hook, in seconds (default 30). */
  hookTimeoutSeconds?: number;
}

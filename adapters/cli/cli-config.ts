import type { CreateEngineOptions, OpenDomPlugin } from '../../index.js';
import { readConfig, type OpenDomConfig } from '../config/config-file.js';
import { loadPluginPackages } from '../config/plugin-packages.js';

let loaded: { config: OpenDomConfig; plugins: OpenDomPlugin[] } = { config: { path: null, plugins: [] }, plugins: [] };

/** Reads the configuration (`--config FILE`, else `opendom.config.json` here, else none) and loads its plugin packages, before a command runs. */
export async function loadCliConfig(given?: string): Promise<void> {
  const config = readConfig(given);
  loaded = { config, plugins: await loadPluginPackages(config) };
}

/** The configuration the command runs with. */
export function cliConfig(): OpenDomConfig {
  return loaded.config;
}

/** The engine's plugin packages, distance provider and geocoder: the configuration's, with the command's `--geocoder` over it. */
export function engineChoices(flags: { geocoder?: string } = {}): Omit<CreateEngineOptions, 'data'> {
  const { distance, geocoder, locationSet, inventory, applyHooks, hookTimeoutSeconds } = loaded.config;
  return {
    plugins: loaded.plugins,
    ...(distance ? { distance } : {}),
    ...(locationSet ? { locationSet } : {}),
    ...(inventory ? { inventory } : {}),
    ...(applyHooks ? { applyHooks } : {}),
    ...(hookTimeoutSeconds ? { hookTimeoutSeconds } : {}),
    ...(flags.geocoder ? { geocoder: { id: flags.geocoder } } : geocoder ? { geocoder } : {}),
  };
}

import type { OpenDomPlugin } from './contracts.js';
import { shareOpenDom } from './share-opendom.js';

/** Whether a value is a plugin package: an object with a name and a register function. */
export function isPluginPackage(value: unknown): value is OpenDomPlugin {
  return typeof value === 'object' && value !== null && typeof (value as OpenDomPlugin).name === 'string' && typeof (value as OpenDomPlugin).register === 'function';
}

/**
 * Loads a plugin package again in another thread (a run's or a solver's
 * worker), by the module URL the package was loaded from and its name.
 */
export async function importPluginPackage(name: string, moduleUrl: string): Promise<OpenDomPlugin> {
  shareOpenDom();
  const module = (await import(moduleUrl)) as Record<string, unknown>;
  const found = Object.values(module).find((value) => isPluginPackage(value) && value.name === name);
  if (!found) throw new Error(`plugin package "${name}" is not exported by ${moduleUrl}`);
  return found as OpenDomPlugin;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { OpenDomError, validateAgainst } from '../../core/index.js';
import type { PluginChoice } from '../../core/engine/engine-options.js';
import { configSchema } from './config.schema.js';

/** The file looked for in the working directory when no `--config` is given. */
export const CONFIG_FILE = 'opendom.config.json';

/** `opendom.config.json` (docs/configuration.md), with its paths made absolute. */
export interface OpenDomConfig {
  /** The file it was read from; null when there is none (every setting its default). */
  path: string | null;
  /** Plugin packages to load: npm package names, or absolute paths. */
  plugins: string[];
  store?: { directory?: string; database?: string; schema?: string; applyGroup?: number };
  distance?: PluginChoice;
  geocoder?: PluginChoice;
  locationSet?: PluginChoice;
  inventory?: PluginChoice;
  applyHooks?: PluginChoice[];
  hookTimeoutSeconds?: number;
  run?: { solver?: string; timeLimitSeconds?: number; relativeGap?: number };
  serve?: { host?: string; port?: number; logLevel?: string; bodyLimitMiB?: number; authFailuresPerMinute?: number; runNice?: number; keepSnapshots?: boolean };
}

/**
 * Reads the configuration: the file given, or `opendom.config.json` in the
 * working directory when there is one, or none. A file that is missing
 * (when given), not JSON or not the schema's is refused with E_CONFIG
 * naming the file and the field.
 */
export function readConfig(given?: string, cwd = process.cwd()): OpenDomConfig {
  const path = given ? resolve(cwd, given) : resolve(cwd, CONFIG_FILE);
  if (!existsSync(path)) {
    if (given) throw configError(path, '', 'no such file');
    return { path: null, plugins: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw configError(path, '', `not valid JSON: ${(error as Error).message}`);
  }
  const errors = validateAgainst(configSchema, raw);
  if (errors.length > 0) {
    throw new OpenDomError('E_CONFIG', `${path}: ${errors.map((e) => `${e.field || '(the file)'}: ${e.message}`).join('; ')}`, errors.map((e) => ({ code: 'E_CONFIG' as const, file: path, field: e.field, message: e.message })));
  }
  const config = raw as Omit<OpenDomConfig, 'path'>;
  if (config.store?.directory && config.store.database) throw configError(path, 'store', 'give directory or database, not both');
  if (config.store?.schema && !config.store.database) throw configError(path, 'store.schema', 'applies to a PostgreSQL store (store.database)');
  const here = dirname(path);
  const relative = (spec: string) => spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec);
  return {
    ...config,
    path,
    plugins: (config.plugins ?? []).map((spec) => (relative(spec) ? resolve(here, spec) : spec)),
    ...(config.store?.directory ? { store: { ...config.store, directory: resolve(here, config.store.directory) } } : {}),
  };
}

export function configError(file: string, field: string, message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_CONFIG', file, ...(field ? { field } : {}), message });
}

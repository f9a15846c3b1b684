import { InvalidArgumentError, type Command } from 'commander';
import { OpenDomError, pgliteStore, postgresStore, type SqlStore } from '../../index.js';
import { ServiceClient } from './service-client.js';
import { cliConfig } from './cli-config.js';

/** Where the CLI keeps its embedded store when neither --store nor --database is given. */
export const DEFAULT_STORE = '.opendom/store';

export interface StoreCliOptions {
  store?: string;
  database?: string;
  schema?: string;
  applyGroup?: number;
  server?: string;
  key?: string;
}

/** What the store's commands call: the store itself, or a running service holding it (`--server`). */
export type CommandStore = Pick<SqlStore, 'listPlans' | 'getPlan' | 'applyPlan' | 'rejectLine' | 'resetLine' | 'applyLineEvents' | 'cleanup' | 'upsert' | 'createKey' | 'listKeys' | 'revokeKey' | 'close'>;

/** Adds the options that choose the store: the embedded one by directory, or a PostgreSQL server. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--store <dir>', `embedded store directory (default: ${DEFAULT_STORE}; no server needed)`)
    .option('--database <url>', 'PostgreSQL connection URL (default: $OPENDOM_DATABASE_URL, else the embedded store)')
    .option('--schema <name>', 'PostgreSQL schema of the store (default: public)')
    .option('--apply-group <orders>', 'orders applied per transaction (default 100)', positiveInteger)
    .option('--server <url>', 'act through a running opendom serve instead (e.g. http://127.0.0.1:8080)')
    .option('--key <key>', 'API key for --server (default: $OPENDOM_KEY)');
}

/** The store the options name, or the service of `--server`. */
export function openCommandStore(options: StoreCliOptions): CommandStore {
  if (!options.server) return openStore(options);
  if (options.store || options.database) throw usage('give a store (--store, --database) or --server URL, not both: the service acts on its own store');
  return new ServiceClient(options.server, options.key ?? process.env.OPENDOM_KEY);
}

/** Which store the options name: a PostgreSQL server, or an embedded store's directory, with the orders applied per transaction. */
export type StoreChoice = ({ url: string; schema?: string } | { directory: string }) & { applyGroup?: number };

/**
 * The store the options choose: `--store` or `--database`; else
 * $OPENDOM_DATABASE_URL; else the configuration's store; else the embedded
 * store in {@link DEFAULT_STORE}.
 */
export function storeChoice(options: StoreCliOptions): StoreChoice {
  if (options.store && options.database) throw usage('give --store DIR or --database URL, not both');
  const configured = options.store || options.database || process.env.OPENDOM_DATABASE_URL ? undefined : cliConfig().store;
  const url = options.database ?? (options.store ? undefined : process.env.OPENDOM_DATABASE_URL ?? configured?.database);
  const schema = options.schema ?? configured?.schema;
  const applyGroup = options.applyGroup ?? configured?.applyGroup;
  const tuning = applyGroup ? { applyGroup } : {};
  if (url) return { url, ...(schema ? { schema } : {}), ...tuning };
  if (options.schema) throw usage('--schema applies to a PostgreSQL store (--database URL)');
  return { directory: options.store ?? configured?.directory ?? DEFAULT_STORE, ...tuning };
}

/** The store the options choose ({@link storeChoice}). */
export function openStore(options: StoreCliOptions): SqlStore {
  if (options.server) throw usage('this command does not act through a service; drop --server (stop the service to use its embedded store, or use PostgreSQL)');
  const { applyGroup, ...choice } = storeChoice(options);
  const tuning = applyGroup ? { applyGroupSize: applyGroup } : {};
  return 'url' in choice ? postgresStore({ ...choice, ...tuning }) : pgliteStore({ ...choice, ...tuning });
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function usage(message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_USAGE', message });
}

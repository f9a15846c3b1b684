import type { DataAdapterPlugin } from '../../core/index.js';
import type { MessagePort } from 'node:worker_threads';
import { openPglite } from './pglite.client.js';
import { openPgliteThread, remotePgliteClient } from './pglite-remote.client.js';
import { openPostgres, type PostgresTarget } from './postgres.client.js';
import { SqlStore, type SqlStoreOptions } from './sql-store.js';

export interface PgliteStoreOptions extends SqlStoreOptions {
  /** Directory of the embedded database (created when missing), e.g. `.opendom/store`. */
  directory: string;
}

export type PostgresStoreOptions = SqlStoreOptions & PostgresTarget;

/** The embedded store: PostgreSQL in WebAssembly, persisted in a directory; no server needed. */
export function pgliteStore(options: PgliteStoreOptions): SqlStore {
  return new SqlStore(() => openPglite(options.directory), options);
}

/**
 * The embedded store, owned by a thread of its own so that its work never
 * holds up the caller's thread: for a long-lived process (the service).
 * `connect()` gives a port through which another thread of the process (a
 * run's worker) reaches the same store (`remotePgliteClient`).
 */
export function threadedPgliteStore(options: PgliteStoreOptions): SqlStore & { connect(): Promise<MessagePort> } {
  let thread: Promise<Awaited<ReturnType<typeof openPgliteThread>>> | undefined;
  const opened = () => (thread ??= openPgliteThread(options.directory).catch((error: unknown) => {
    thread = undefined;
    throw error;
  }));
  const store = new SqlStore(async () => {
    const { client } = await opened();
    // A closed store may be opened again: by a new thread.
    return { ...client, close: async () => {
      await client.close();
      thread = undefined;
    } };
  }, options);
  return Object.assign(store, {
    connect: async () => {
      await store.client();
      return (await opened()).connect();
    },
  });
}

/** A store reached through a port to the thread that owns an embedded store (see {@link threadedPgliteStore}). */
export function portStore(port: MessagePort, options: SqlStoreOptions = {}): SqlStore {
  return new SqlStore(async () => remotePgliteClient(port), options);
}

/** The production store: a PostgreSQL server by connection URL, optionally in a schema of its own. */
export function postgresStore(options: PostgresStoreOptions): SqlStore {
  return new SqlStore(() => openPostgres(options), options);
}

const applyGroupSize = { type: 'integer', minimum: 1, description: 'orders settled per transaction when applying a plan (default 100)' } as const;

export const pgliteAdapter: DataAdapterPlugin<PgliteStoreOptions> = {
  meta: {
    id: 'dom/pglite',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'The embedded store (PGlite, persisted in a directory): records, runs, plans, logs and the order lifecycle.',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['directory'],
      properties: { directory: { type: 'string', minLength: 1 }, applyGroupSize },
    },
  },
  create: pgliteStore,
};

export const postgresAdapter: DataAdapterPlugin<PostgresStoreOptions> = {
  meta: {
    id: 'dom/postgres',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'The store on a PostgreSQL server: records, runs, plans, logs and the order lifecycle.',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', minLength: 1 },
        schema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$' },
        applyGroupSize,
      },
    },
  },
  create: postgresStore,
};

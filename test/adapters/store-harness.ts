import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { COLLECTION_NAMES, FileDataSource, pgliteStore, postgresStore, threadedPgliteStore, type DataStore, type MemoryRecords, type SqlStore } from '../../index.js';
import type { StoreUnderTest } from 'opendom/testing';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { tableOf } from '../../adapters/sql/tables.js';

/** Writes every record of a dataset into a store. */
export async function writeRecords(store: DataStore, records: MemoryRecords): Promise<void> {
  if (records.parameters !== undefined) await store.upsert('parameters', [records.parameters]);
  for (const name of COLLECTION_NAMES) if (records[name]) await store.upsert(name, records[name]!);
}

/**
 * Embedded stores for tests. The first open of a new PGlite directory takes
 * seconds, so one migrated directory is made per test file and each store
 * starts from a copy of it.
 */
export function pgliteHarness(options: { threaded?: boolean } = {}): { setUp(): Promise<void>; tearDown(): void; adapter: StoreUnderTest; newStore(): Promise<SqlStore & { directory: string }> } {
  const root = mkdtempSync(join(tmpdir(), 'opendom-pglite-'));
  const template = join(root, 'template');
  let count = 0;
  const directories = new WeakMap<DataStore, string>();
  const open = (directory: string) => {
    const store = Object.assign(options.threaded ? threadedPgliteStore({ directory }) : pgliteStore({ directory }), { directory });
    directories.set(store, directory);
    return store;
  };
  const newStore = async () => {
    const directory = join(root, `store-${++count}`);
    cpSync(template, directory, { recursive: true });
    return open(directory);
  };
  return {
    async setUp() {
      const store = pgliteStore({ directory: template });
      await store.client();
      await store.close();
    },
    tearDown: () => rmSync(root, { recursive: true, force: true }),
    newStore,
    adapter: {
      name: options.threaded ? 'dom/pglite (in a thread of its own)' : 'dom/pglite',
      fileOf: tableOf,
      create: async (records) => {
        const store = await newStore();
        await writeRecords(store, records);
        return store;
      },
      reopen: async (store) => {
        await store.close?.();
        return open(directories.get(store)!);
      },
    },
  };
}

/** A store's schema on the PostgreSQL server with a dataset imported: the CLI's arguments for it, and a connection to watch it. */
export interface ImportedSchema {
  schema: string;
  db: pg.Client;
  query(text: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** `--database URL --schema S` */
  target: string[];
}

/** The PostgreSQL server the tests use; `OPENDOM_TEST_DATABASE_URL` overrides it. */
export const TEST_DATABASE_URL = process.env.OPENDOM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Stores on the PostgreSQL server, each in a fresh schema dropped at tear-down.
 * A missing server fails the set-up with what to do, never skips.
 */
export function postgresHarness(): {
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  adapter: StoreUnderTest;
  newStore(): Promise<SqlStore & { schema: string }>;
  imported(directory: string): Promise<ImportedSchema>;
} {
  const prefix = `opendom_test_${process.pid}_${Date.now().toString(36)}`;
  const schemas: string[] = [];
  const schemaOf = new WeakMap<DataStore, string>();
  const open = (schema: string) => {
    const store = Object.assign(postgresStore({ url: TEST_DATABASE_URL, schema }), { schema });
    schemaOf.set(store, schema);
    return store;
  };
  const newStore = async () => {
    const schema = `${prefix}_${schemas.length + 1}`;
    schemas.push(schema);
    return open(schema);
  };
  return {
    async setUp() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      try {
        await client.connect();
        await client.query('select 1');
      } catch (error) {
        throw new Error(
          `the PostgreSQL tests need a server at ${TEST_DATABASE_URL} (${(error as Error).message}). Start it ` +
            '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set OPENDOM_TEST_DATABASE_URL; these tests never skip.',
        );
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async tearDown() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
    newStore,
    async imported(directory) {
      const store = await newStore();
      try {
        await importDataset(new FileDataSource(directory), store);
      } finally {
        await store.close();
      }
      const db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${store.schema}` });
      await db.connect();
      return { schema: store.schema, db, query: async (text, params) => (await db.query(text, params)).rows, target: ['--database', TEST_DATABASE_URL, '--schema', store.schema] };
    },
    adapter: {
      name: 'dom/postgres',
      fileOf: tableOf,
      create: async (records) => {
        const store = await newStore();
        await writeRecords(store, records);
        return store;
      },
      reopen: async (store) => {
        await store.close?.();
        return open(schemaOf.get(store)!);
      },
    },
  };
}

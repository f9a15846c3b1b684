import pg from 'pg';
import { OpenDomError } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/** Where a PostgreSQL store lives: a server by URL and, optionally, a schema of its own. */
export interface PostgresTarget {
  /** Connection URL, e.g. `postgres://user@host:5432/db`. */
  url: string;
  /** Schema that holds the store's tables (created when missing); default `public`. */
  schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Deadlock detected and serialization failure: the server aborted the transaction, which may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 5;

/** A PostgreSQL server through a connection pool; every connection works in the store's schema. */
export async function openPostgres(target: PostgresTarget): Promise<SqlClient> {
  const schema = target.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw OpenDomError.of({ code: 'E_STORE', field: 'schema', message: `"${schema}" is not a plain lower-case SQL identifier; use letters, digits and _` });
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 4, options: `-c search_path=${schema}` });
  // An idle connection that breaks is dropped by the pool; the next query reports the failure.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw OpenDomError.of({
      code: 'E_STORE',
      file: redact(target.url),
      message: `cannot connect to PostgreSQL: ${(error as Error).message || (error as NodeJS.ErrnoException).code}; start the server or check the connection URL (--database)`,
    });
  }
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating the schema at once: one of them wins, which is all we need.
    if (!['23505', '42P06'].includes((error as { code?: string }).code ?? '')) {
      await pool.end();
      throw OpenDomError.of({ code: 'E_STORE', file: redact(target.url), field: 'schema', message: `cannot create schema ${schema}: ${(error as Error).message}` });
    }
  }
  const run = async <R>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[];
  return {
    driver: 'postgres',
    query: (text, params) => run(pool, text, params),
    exec: async (text) => void (await pool.query(text)),
    transaction: async (body) => {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const tx: SqlExecutor = { query: (text, params) => run(client, text, params), exec: async (text) => void (await client.query(text)) };
          const result = await body(tx);
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          if (attempt >= TRANSACTION_ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
        } finally {
          client.release();
        }
      }
    },
    tryLockInTransaction: async (tx, name) => {
      const [row] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked', [`${schema}:${name}`]);
      return row?.locked === true;
    },
    tryLock: async (name) => {
      // A session-level advisory lock lives as long as its connection: a killed process loses it.
      const client = await pool.connect();
      const key = `${schema}:${name}`;
      const [row] = await run<{ locked: boolean }>(client, 'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
      if (!row?.locked) {
        client.release();
        return null;
      }
      return async () => {
        try {
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        } finally {
          client.release();
        }
      };
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(connection URL)';
  }
}

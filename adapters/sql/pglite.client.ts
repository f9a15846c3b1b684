import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { OpenDomError } from '../../core/index.js';
import { lockDirectory } from './directory-lock.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory. One
 * process at a time may open a directory: an advisory lock on the file beside
 * it (`DIR.lock`) refuses a second one, and dies with its owner.
 */
export async function openPglite(directory: string): Promise<SqlClient> {
  const { db, release: releaseDirectory } = await openPgliteDatabase(directory);
  const held = new Set<string>();
  return {
    driver: 'pglite',
    query: (text, params) => rowsOf(db, text, params),
    exec: async (text) => void (await db.exec(text)),
    transaction: (body) => db.transaction((tx) => body(executor(tx))),
    // One process owns the directory, so a lock only has to exclude this process's other callers;
    // PGlite runs one transaction at a time, so a lock checked in a transaction stays free until it ends.
    tryLock: async (name) => {
      if (held.has(name)) return null;
      held.add(name);
      return async () => void held.delete(name);
    },
    tryLockInTransaction: async (_tx, name) => !held.has(name),
    close: async () => {
      try {
        await db.close();
      } finally {
        releaseDirectory();
      }
    },
  };
}

/** The file whose lock owns the embedded store in `directory` (beside it). */
export function storeLockFile(directory: string): string {
  return `${resolve(directory)}.lock`;
}

/** The directory's database, its lock taken (refused while another process holds it); `release` frees the lock after closing. */
export async function openPgliteDatabase(directory: string): Promise<{ db: PGlite; release: () => void }> {
  const dir = resolve(directory);
  mkdirSync(dirname(dir), { recursive: true });
  const release = lockDirectory(storeLockFile(dir), dir);
  try {
    return { db: await PGlite.create(dir), release };
  } catch (error) {
    release();
    throw OpenDomError.of({ code: 'E_STORE', file: dir, message: `cannot open the embedded store: ${(error as Error).message}` });
  }
}

function executor(tx: Transaction): SqlExecutor {
  return { query: (text, params) => rowsOf(tx, text, params), exec: async (text) => void (await tx.exec(text)) };
}

async function rowsOf<R>(db: PGlite | Transaction, text: string, params?: unknown[]): Promise<R[]> {
  return (await db.query<R>(text, params)).rows;
}

import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { OpenDomError } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory. One
 * process at a time may open a directory: a lock file beside it (`DIR.lock`,
 * holding the owner's pid) refuses a second one and is taken over when its
 * owner has died.
 */
export async function openPglite(directory: string): Promise<SqlClient> {
  const dir = resolve(directory);
  mkdirSync(dirname(dir), { recursive: true });
  const releaseDirectory = lockDirectory(`${dir}.lock`, dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (error) {
    releaseDirectory();
    throw OpenDomError.of({ code: 'E_STORE', file: dir, message: `cannot open the embedded store: ${(error as Error).message}` });
  }
  const held = new Set<string>();
  return {
    driver: 'pglite',
    query: (text, params) => rowsOf(db, text, params),
    exec: async (text) => void (await db.exec(text)),
    transaction: (body) => db.transaction((tx) => body(executor(tx))),
    // One process owns the directory, so a lock only has to exclude this process's other callers.
    tryLock: async (name) => {
      if (held.has(name)) return null;
      held.add(name);
      return async () => void held.delete(name);
    },
    close: async () => {
      try {
        await db.close();
      } finally {
        releaseDirectory();
      }
    },
  };
}

function executor(tx: Transaction): SqlExecutor {
  return { query: (text, params) => rowsOf(tx, text, params), exec: async (text) => void (await tx.exec(text)) };
}

async function rowsOf<R>(db: PGlite | Transaction, text: string, params?: unknown[]): Promise<R[]> {
  return (await db.query<R>(text, params)).rows;
}

/** Creates the lock file, or takes it over from a process that no longer runs; returns its release. */
function lockDirectory(lockFile: string, dir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw OpenDomError.of({
          code: 'E_STORE_LOCKED',
          file: dir,
          message: `the embedded store is open in process ${owner}${owner === process.pid ? ' (this one)' : ''}; wait for it to finish, or use a PostgreSQL server (--database URL) for concurrent access`,
        });
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw OpenDomError.of({ code: 'E_STORE_LOCKED', file: dir, message: `could not take the lock file ${lockFile}; remove it if no OpenDOM process uses the store` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The small interface the SQL store is written against, so that one code
 * path serves both drivers: embedded PostgreSQL (PGlite) and a PostgreSQL
 * server (node-postgres). Statements use PostgreSQL's `$1` parameters; JSON
 * goes in as text cast with `::jsonb` and comes out parsed.
 */

export interface SqlExecutor {
  /** One statement with parameters; the rows it returns. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Several statements separated by semicolons, without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly driver: 'pglite' | 'postgres';
  /**
   * Runs `body` in one transaction: committed when it resolves, rolled back
   * when it throws. A transaction the server aborts as a deadlock or a
   * serialization failure is run again, so `body` must only return what it
   * computes (no effects outside the transaction).
   */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Takes a named lock held across transactions until released, or returns
   * null when another session holds it. A session that dies releases its locks.
   */
  tryLock(name: string): Promise<(() => Promise<void>) | null>;
  /**
   * Inside a transaction: whether no other session holds the named lock; if
   * so, it is held until the transaction ends, so that nobody takes it
   * meanwhile (e.g. clean-up deleting a plan nobody is applying).
   */
  tryLockInTransaction(tx: SqlExecutor, name: string): Promise<boolean>;
  /** Tells the other threads sharing this store that a change was committed (embedded store in a thread of its own). */
  announceChange?(): void;
  /** Calls `listener` when another thread announces a change. */
  onAnnouncedChange?(listener: () => void): void;
  /**
   * How many transactions that appended to the change log have committed,
   * read from memory without a query: counted before each commit is
   * acknowledged, so a reader that sees the same count as before knows no
   * change was committed since. Only where every writer is counted (the
   * embedded store in a thread of its own, from its owner's client).
   */
  committedChanges?(): number;
  close(): Promise<void>;
}

import type { StoreCollection } from '../../core/index.js';
import type { SqlExecutor } from './sql-client.js';

/** A committed change: the collection, and the keys of the records written (null: the whole collection; `changes`: the log was trimmed). */
export interface StoreChange {
  collection: StoreCollection | 'keys' | 'changes';
  keys: unknown[] | null;
}

/** Keys listed one by one up to this many; more, and the change names the whole collection. */
const KEYS_LISTED = 5_000;

/** The statement that appends to the log; the embedded store's thread counts the commits that ran it (`SqlClient.committedChanges`). */
export const RECORD_CHANGE = 'insert into store_changes (collection, keys) values ($1, $2::jsonb)';

/**
 * Appends a change to the store's log, in the writer's transaction (committed
 * with what it describes). Writers to the log take turns until they commit,
 * so revisions become visible in order: a reader that has seen revision n
 * never later finds a smaller one committed behind it.
 */
export async function recordChange(tx: SqlExecutor, change: StoreChange): Promise<void> {
  const keys = change.keys && change.keys.length <= KEYS_LISTED ? JSON.stringify(change.keys) : null;
  await tx.query(`select pg_advisory_xact_lock(hashtext(current_schema() || ':store_changes'))`);
  await tx.query(RECORD_CHANGE, [change.collection, keys]);
}

/** The changes committed after `revision`, oldest first, and the revision of the last of them (`revision` itself when none). */
export async function changesSince(tx: SqlExecutor, revision: number): Promise<{ revision: number; changes: StoreChange[] }> {
  const rows = await tx.query<{ revision: string; collection: StoreChange['collection']; keys: unknown[] | null }>(
    'select revision, collection, keys from store_changes where revision > $1 order by revision',
    [revision],
  );
  return { revision: rows.length > 0 ? Number(rows.at(-1)!.revision) : revision, changes: rows.map((r) => ({ collection: r.collection, keys: r.keys })) };
}

/** The revision of the latest committed change (0 when none). */
export async function latestRevision(tx: SqlExecutor): Promise<number> {
  const [row] = await tx.query<{ revision: string | null }>('select max(revision) as revision from store_changes');
  return Number(row?.revision ?? 0);
}

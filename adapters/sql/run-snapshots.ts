import type { SqlExecutor } from './sql-client.js';

/** Keeps a run's snapshot (gzip-compressed, as `opendom snapshot` writes it); a second one of the run replaces the first. */
export async function saveRunSnapshot(client: SqlExecutor, runId: string, content: Uint8Array, takenAt: Date): Promise<void> {
  await client.query(
    `insert into run_snapshots (run_id, taken_at, content) values ($1, $2, $3)
     on conflict (run_id) do update set taken_at = excluded.taken_at, content = excluded.content`,
    [runId, takenAt, content],
  );
}

/** The snapshot kept of the run that made a plan, or null (none kept, or the plan is unknown). */
export async function planSnapshot(client: SqlExecutor, planId: string): Promise<Buffer | null> {
  const [row] = await client.query<{ content: Uint8Array }>('select s.content from run_snapshots s join plans p on p.run_id = s.run_id where p.id = $1', [planId]);
  return row ? Buffer.from(row.content) : null;
}

/** The snapshot kept of a run, or null. */
export async function runSnapshot(client: SqlExecutor, runId: string): Promise<Buffer | null> {
  const [row] = await client.query<{ content: Uint8Array }>('select content from run_snapshots where run_id = $1', [runId]);
  return row ? Buffer.from(row.content) : null;
}

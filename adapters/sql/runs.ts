import { randomUUID } from 'node:crypto';
import { OpenDomError, type Id, type RunRecord, type RunStatus } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

interface RunRow {
  id: string;
  profile_id: string;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
  batches_total: number | null;
  batches_done: number;
  orders_total: number | null;
  orders_applied: number;
  plan_id: string | null;
  error: string | null;
  scheduled_for: Date | null;
}

/**
 * The runs table: each run's status and progress, and the lock that keeps
 * two runs of one profile from overlapping (docs/spec.md §6). The lock belongs to
 * the run's database session, so it dies with a killed process; the next run
 * of the profile then marks the dead run `interrupted`.
 */
export class Runs {
  private readonly locks = new Map<string, () => Promise<void>>();

  constructor(private readonly client: SqlClient) {}

  /**
   * Starts a run; with `scheduledFor` (a schedule's tick) also refuses when
   * a run for that tick exists, whichever process started it, so that
   * several services sharing a database run each tick once.
   */
  async start(profileId: Id, now: Date, options: { scheduledFor?: Date } = {}): Promise<RunRecord> {
    const release = await this.client.tryLock(`run:${profileId}`);
    if (!release) {
      const [running] = await this.client.query<RunRow>(`select * from runs where profile_id = $1 and status in ('running', 'applying') order by started_at desc limit 1`, [profileId]);
      throw OpenDomError.of({
        code: 'E_STORE_LOCKED',
        recordId: profileId,
        message: `a run of profile ${profileId} is under way${running ? ` (run ${running.id}, started ${running.started_at.toISOString()})` : ''}; two runs of a profile never overlap: wait for it to finish`,
      });
    }
    try {
      const id = randomUUID();
      const scheduledFor = options.scheduledFor ?? null;
      await this.client.transaction(async (tx) => {
        if (scheduledFor) {
          const [done] = await tx.query<RunRow>('select * from runs where profile_id = $1 and scheduled_for = $2', [profileId, scheduledFor]);
          if (done) {
            throw OpenDomError.of({ code: 'E_STORE_LOCKED', recordId: profileId, message: `the run of profile ${profileId} scheduled for ${scheduledFor.toISOString()} was already started (run ${done.id})` });
          }
        }
        await tx.query(`update runs set status = 'interrupted', finished_at = $2, error = 'its process stopped before the run finished' where profile_id = $1 and status in ('running', 'applying')`, [profileId, now]);
        // The caller's clock was read before the lock was free: the record never starts before the profile's previous run ended.
        await tx.query(
          `insert into runs (id, profile_id, status, started_at, scheduled_for)
           values ($1, $2, 'running', greatest($3::timestamptz, (select max(finished_at) from runs where profile_id = $2)), $4)`,
          [id, profileId, now, scheduledFor],
        );
      });
      this.locks.set(id, release);
      return (await this.get(id))!;
    } catch (error) {
      await release();
      // The tick's run was inserted by another process between the check and the insert (unique violation).
      if ((error as { code?: string }).code === '23505') {
        throw OpenDomError.of({ code: 'E_STORE_LOCKED', recordId: profileId, message: `the run of profile ${profileId} scheduled for ${options.scheduledFor?.toISOString()} was already started` });
      }
      throw error;
    }
  }

  /**
   * Takes over a run left `running` by a process that stopped (a distributed
   * run's coordinator, docs/scale-out.md): its profile's lock is taken as
   * `start` takes it, so that no other run of the profile starts meanwhile.
   */
  async resume(runId: string): Promise<RunRecord> {
    const run = await this.get(runId);
    if (!run) throw OpenDomError.of({ code: 'E_USAGE', recordId: runId, message: `no run ${runId} in the store (opendom runs lists them)` });
    if (run.status !== 'running') throw OpenDomError.of({ code: 'E_USAGE', recordId: runId, message: `run ${runId} is ${run.status}: only a run left running can be resumed` });
    const release = await this.client.tryLock(`run:${run.profileId}`);
    if (!release) throw OpenDomError.of({ code: 'E_STORE_LOCKED', recordId: runId, message: `run ${runId} is still under way in another process; resume it only once that process has stopped` });
    this.locks.set(runId, release);
    return run;
  }

  async recordBatches(runId: string, done: number, total: number): Promise<void> {
    await this.client.query('update runs set batches_done = $2, batches_total = $3 where id = $1', [runId, done, total]);
  }

  async finish(runId: string, result: { status: 'planned' | 'applied' } | { status: 'failed'; error: string }, now: Date): Promise<void> {
    try {
      await this.client.query('update runs set status = $2, finished_at = $3, error = $4 where id = $1', [runId, result.status, now, 'error' in result ? result.error : null]);
    } finally {
      const release = this.locks.get(runId);
      this.locks.delete(runId);
      await release?.();
    }
  }

  async get(runId: string, executor: SqlExecutor = this.client): Promise<RunRecord | null> {
    const [row] = await executor.query<RunRow>('select * from runs where id = $1', [runId]);
    return row ? toRecord(row) : null;
  }

  async list(options: { profileId?: Id; limit?: number } = {}): Promise<RunRecord[]> {
    const rows = await this.client.query<RunRow>(
      'select * from runs where ($1::text is null or profile_id = $1) order by started_at desc, id limit $2',
      [options.profileId ?? null, options.limit ?? 20],
    );
    return rows.map(toRecord);
  }

  /** How many runs the store holds in each status. */
  async countByStatus(): Promise<Array<{ status: RunStatus; count: number }>> {
    return this.client.query<{ status: RunStatus; count: number }>('select status, count(*)::int as count from runs group by status order by status');
  }

  /** Releases the locks of runs this store started and did not finish (the store is closing). */
  async releaseAll(): Promise<void> {
    for (const release of this.locks.values()) await release().catch(() => undefined);
    this.locks.clear();
  }
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    profileId: row.profile_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    batchesTotal: row.batches_total,
    batchesDone: row.batches_done,
    ordersTotal: row.orders_total,
    ordersApplied: row.orders_applied,
    planId: row.plan_id,
    error: row.error,
    scheduledFor: row.scheduled_for,
  };
}

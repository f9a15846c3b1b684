import type { CleanupReport, Parameters } from '../../core/index.js';
import { recordChange } from './changes.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

const DAY_MS = 86_400_000;

/** Runs whose work is not over: their plans, logs and rows are never cleaned up. */
const UNDER_WAY = `('running', 'applying')`;

/**
 * Retention (docs/spec.md §6), counted from a run's end: deletes plans (with their
 * lines and orders) whose run finished more than `planRetentionDays` ago (a
 * plan stored without a run: from its creation), and log entries and
 * finished runs older than `logRetentionDays`. A plan, log or run of a run
 * still under way is never touched, nor a plan someone is applying (its
 * apply lock is held): each plan deleted is locked for the transaction, so
 * no apply of it can start meanwhile. A run left `running` or `applying` by
 * a process that died (nobody holds its profile's run lock) is marked
 * `interrupted` first, so that its retention starts.
 */
export async function cleanup(client: SqlClient, parameters: Parameters, now: Date): Promise<CleanupReport> {
  const planCutoff = new Date(now.getTime() - parameters.planRetentionDays * DAY_MS);
  const logCutoff = new Date(now.getTime() - parameters.logRetentionDays * DAY_MS);
  await markInterrupted(client, now);
  return client.transaction(async (tx) => {
    const busy = new Set<string>();
    /** Whether nobody applies the plan; if so it stays so until the transaction ends. */
    const free = async (planId: string) => {
      if (busy.has(planId)) return false;
      if (await client.tryLockInTransaction(tx, `apply:${planId}`)) return true;
      busy.add(planId);
      return false;
    };
    const candidates = await tx.query<{ id: string }>(
      `select p.id from plans p left join runs r on r.id = p.run_id
       where case when r.id is null then p.created_at < $1 else r.status not in ${UNDER_WAY} and r.finished_at < $1 end
       order by p.id`,
      [planCutoff],
    );
    const plans: string[] = [];
    for (const { id } of candidates) if (await free(id)) plans.push(id);
    const logged = await tx.query<{ plan_id: string }>('select distinct plan_id from logs where at < $1 and plan_id is not null order by plan_id', [logCutoff]);
    for (const { plan_id: id } of logged) if (!plans.includes(id)) await free(id);
    const deleted = async (text: string, params: unknown[]) => (await tx.query<{ n: number }>(`with gone as (${text} returning 1) select count(*)::int as n from gone`, params))[0]!.n;
    const report = {
      plans: plans.length === 0 ? 0 : await deletePlans(tx, plans, deleted),
      logs: await deleted(
        `delete from logs l where l.at < $1
           and not exists (select 1 from runs r where r.id = l.run_id and r.status in ${UNDER_WAY})
           and not exists (select 1 from plans p join runs r on r.id = p.run_id where p.id = l.plan_id and r.status in ${UNDER_WAY})
           and (l.plan_id is null or l.plan_id not in (select jsonb_array_elements_text($2::jsonb)))`,
        [logCutoff, JSON.stringify([...busy])],
      ),
      runs: await deleted(`delete from runs where status not in ${UNDER_WAY} and coalesce(finished_at, started_at) < $1`, [logCutoff]),
    };
    await trimChanges(tx, now);
    return report;
  });
}

/** How long the change log keeps a change: far longer than any reader of it lags. */
const CHANGES_KEPT_MS = 24 * 3600 * 1000;

/**
 * Trims the store's change log of changes older than a day (the latest is
 * always kept), and logs the trim itself as a change of everything: a
 * reader that had not yet read a trimmed change reads everything again.
 */
/** Deletes the plans, and the snapshots of their runs (kept for replaying and explaining those plans). */
async function deletePlans(tx: SqlExecutor, plans: string[], deleted: (text: string, params: unknown[]) => Promise<number>): Promise<number> {
  const ids = JSON.stringify(plans);
  await tx.query('delete from run_snapshots where run_id in (select run_id from plans where id in (select jsonb_array_elements_text($1::jsonb)))', [ids]);
  return deleted('delete from plans where id in (select jsonb_array_elements_text($1::jsonb))', [ids]);
}

async function trimChanges(tx: SqlExecutor, now: Date): Promise<void> {
  const [trimmed] = await tx.query<{ n: number }>(
    `with gone as (delete from store_changes where at < $1 and revision < (select max(revision) from store_changes) returning 1) select count(*)::int as n from gone`,
    [new Date(now.getTime() - CHANGES_KEPT_MS)],
  );
  if (trimmed!.n > 0) await recordChange(tx, { collection: 'changes', keys: null });
}

/** Marks `interrupted` the runs left under way by a process that died: nobody holds their profile's run lock. */
async function markInterrupted(client: SqlClient, now: Date): Promise<void> {
  await client.transaction(async (tx) => {
    const underWay = await tx.query<{ id: string; profile_id: string }>(`select id, profile_id from runs where status in ${UNDER_WAY} order by id`);
    for (const run of underWay) {
      if (await client.tryLockInTransaction(tx, `run:${run.profile_id}`)) {
        await tx.query(`update runs set status = 'interrupted', finished_at = $2, error = 'its process stopped before the run finished' where id = $1`, [run.id, now]);
      }
    }
  });
}

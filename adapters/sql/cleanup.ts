import type { CleanupReport, Parameters } from '../../core/index.js';
import type { SqlClient } from './sql-client.js';

const DAY_MS = 86_400_000;

/**
 * Deletes plans (with their lines and orders) older than `planRetentionDays`,
 * and logs and finished runs older than `logRetentionDays` (SPEC.md §6).
 * A run still under way is never deleted.
 */
export async function cleanup(client: SqlClient, parameters: Parameters, now: Date): Promise<CleanupReport> {
  const planCutoff = new Date(now.getTime() - parameters.planRetentionDays * DAY_MS);
  const logCutoff = new Date(now.getTime() - parameters.logRetentionDays * DAY_MS);
  return client.transaction(async (tx) => {
    const count = async (text: string, cutoff: Date) => (await tx.query<{ n: number }>(`with gone as (${text} returning 1) select count(*)::int as n from gone`, [cutoff]))[0]!.n;
    return {
      plans: await count('delete from plans where created_at < $1', planCutoff),
      logs: await count('delete from logs where at < $1', logCutoff),
      runs: await count(`delete from runs where started_at < $1 and status not in ('running', 'applying')`, logCutoff),
    };
  });
}

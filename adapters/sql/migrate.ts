import { OpenDomError } from '../../core/index.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Brings the store's schema up to date: applies, in version order, each
 * migration not yet recorded in `opendom_migrations`, each in its own
 * transaction together with its record. A transaction-scoped advisory lock
 * makes concurrent processes take turns, so each migration runs once.
 * Returns the versions applied now (empty when the schema was current).
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const newest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await client.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtextextended('opendom:migrate:' || current_schema(), 0))`);
      await tx.exec(`
        create table if not exists opendom_migrations (
          version integer primary key,
          name text not null,
          applied_at timestamptz not null default now()
        )`);
      const versions = (await tx.query<{ version: number }>('select version from opendom_migrations order by version')).map((r) => r.version);
      const latest = versions.at(-1) ?? 0;
      if (latest > newest) {
        throw OpenDomError.of({
          code: 'E_STORE',
          message: `the store's schema is at version ${latest}, newer than this OpenDOM knows (${newest}); upgrade OpenDOM to use this store`,
        });
      }
      if (versions.includes(migration.version)) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into opendom_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** The store's schema version and the newest this OpenDOM knows: the store is current when they are equal. */
export async function schemaVersion(client: SqlExecutor): Promise<{ version: number; newest: number }> {
  const [row] = await client.query<{ version: number | null }>('select max(version) as version from opendom_migrations');
  return { version: row?.version ?? 0, newest: MIGRATIONS.at(-1)?.version ?? 0 };
}

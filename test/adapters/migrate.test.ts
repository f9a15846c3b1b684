import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../adapters/sql/migrate.js';
import { MIGRATIONS } from '../../adapters/sql/migrations/index.js';
import { openPostgres } from '../../adapters/sql/postgres.client.js';
import type { SqlClient } from '../../adapters/sql/sql-client.js';
import { postgresHarness, TEST_DATABASE_URL } from './store-harness.js';

const harness = postgresHarness();
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());

async function fresh(): Promise<{ client: () => Promise<SqlClient>; schema: string }> {
  const { schema } = await harness.newStore();
  return { schema, client: () => openPostgres({ url: TEST_DATABASE_URL, schema }) };
}

describe('migrations', () => {
  it('are numbered 1, 2, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('apply once, in order, recorded in opendom_migrations; concurrent processes take turns', async () => {
    const { client } = await fresh();
    const [a, b] = await Promise.all([client(), client()]);
    try {
      const applied = await Promise.all([migrate(a), migrate(b)]);
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ version: number; name: string }>('select version, name from opendom_migrations order by version');
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuse a store whose schema is newer than this OpenDOM, saying to upgrade', async () => {
    const { client } = await fresh();
    const c = await client();
    try {
      await migrate(c);
      await c.query(`insert into opendom_migrations (version, name) values (999, 'from the future')`);
      await expect(migrate(c)).rejects.toThrow(`E_STORE: the store's schema is at version 999, newer than this OpenDOM knows (${MIGRATIONS.length}); upgrade OpenDOM to use this store`);
    } finally {
      await c.close();
    }
  });

  it('a later migration runs after the earlier ones, each once', async () => {
    const { client } = await fresh();
    const c = await client();
    try {
      const next = { version: MIGRATIONS.length + 1, name: 'test column', sql: 'alter table runs add column note text; update runs set note = null' };
      expect(await migrate(c, [...MIGRATIONS, next])).toEqual([...MIGRATIONS.map((m) => m.version), next.version]);
      expect(await migrate(c, [...MIGRATIONS, next])).toEqual([]);
      expect(await c.query(`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'runs' and column_name = 'note'`)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});

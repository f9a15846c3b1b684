import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, postgresStore } from '../../index.js';
import { pgliteHarness, postgresHarness, TEST_DATABASE_URL } from './store-harness.js';

const embedded = pgliteHarness();
const server = postgresHarness();
beforeAll(async () => {
  await embedded.setUp();
  await server.setUp();
});
afterAll(async () => {
  embedded.tearDown();
  await server.tearDown();
});

describe('the SQL store', () => {
  it('is reached through the dom/pglite and dom/postgres data adapter plugins', async () => {
    const directory = (await embedded.newStore()).directory;
    const { schema } = await server.newStore();
    for (const data of [{ id: 'dom/pglite', options: { directory } }, { id: 'dom/postgres', options: { url: TEST_DATABASE_URL, schema } }]) {
      const engine = await createEngine({ data });
      try {
        await expect(engine.validate()).resolves.toMatchObject({ invalidOrders: [] });
      } finally {
        await engine.close();
      }
    }
    await expect(createEngine({ data: { id: 'dom/postgres', options: { url: TEST_DATABASE_URL, schema: 'Bad-Name' } } })).rejects.toThrow(/E_PLUGIN_OPTIONS: .*schema/);
  });

  it('a PostgreSQL server that cannot be reached is an error that says what to do', async () => {
    await expect(postgresStore({ url: 'postgres://postgres:secret@127.0.0.1:1/test' }).read()).rejects.toThrow(
      /^E_STORE: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: cannot connect to PostgreSQL: .*; start the server or check the connection URL \(--database\)$/,
    );
  });
});

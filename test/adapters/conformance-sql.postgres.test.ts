import { afterAll, beforeAll, describe, it } from 'vitest';
import { AdapterConformance } from 'opendom/testing';
import { postgresHarness } from './store-harness.js';

/** Runs against the PostgreSQL server (OPENDOM_TEST_DATABASE_URL); a missing server fails here, loudly. */
const harness = postgresHarness();
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());

new AdapterConformance({ describe, it }).runStore(harness.adapter);

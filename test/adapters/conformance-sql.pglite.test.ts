import { afterAll, beforeAll, describe, it } from 'vitest';
import { AdapterConformance } from 'opendom/testing';
import { pgliteHarness } from './store-harness.js';

const harness = pgliteHarness();
const threaded = pgliteHarness({ threaded: true });
beforeAll(async () => {
  await harness.setUp();
  await threaded.setUp();
});
afterAll(() => {
  harness.tearDown();
  threaded.tearDown();
});

new AdapterConformance({ describe, it }).runStore(harness.adapter);
new AdapterConformance({ describe, it }).runStore(threaded.adapter);

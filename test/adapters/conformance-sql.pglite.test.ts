import { afterAll, beforeAll, describe, it } from 'vitest';
import { AdapterConformance } from '../../index.js';
import { pgliteHarness } from './store-harness.js';

const harness = pgliteHarness();
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());

new AdapterConformance({ describe, it }).runStore(harness.adapter);

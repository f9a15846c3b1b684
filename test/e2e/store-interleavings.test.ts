import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from 'opendom/testing';
import type { MemoryRecords } from '../../index.js';
import { pgliteHarness, postgresHarness, TEST_DATABASE_URL } from '../adapters/store-harness.js';
import { storeViolations } from '../fixtures/store-invariants.js';
import { ROOT, writeDatasetDir } from './cli-process.js';

/**
 * Random interleavings of import, run, apply, reject, reset, ship, cancel,
 * an inventory snapshot and clean-up, from two processes at once on the
 * PostgreSQL server (and, on the embedded store, concurrently in the one
 * process that may open it, while a second process is refused). After every
 * step the store's invariants are recomputed from its raw tables
 * (test/fixtures/store-invariants.ts): no (variant, location) allocated
 * beyond its supply, no location beyond its order limit, every order
 * applied whole, every line in exactly one state.
 */

const ORDER_LIMIT = 5;
const LOCATIONS = ['A', 'B', 'C', 'D'];
const server = postgresHarness();
const embedded = pgliteHarness();
let tmp: string;
let dataset: string;

/** Few locations, little stock, tight order limits: orders compete for everything. */
function contestedRecords(): MemoryRecords {
  const rng = new Random(11);
  const variants = ['V1', 'V2', 'V3'];
  return {
    parameters: { maxAutoFulfillmentAttempts: 5, rejectionPeriodDays: 1, planRetentionDays: 0, logRetentionDays: 0 },
    locations: LOCATIONS.map((id, i) => ({ id, legalEntity: 'le', address: { coordinates: { latitude: 40 + i * 0.2, longitude: -75 } } })),
    products: [{ id: 'P', name: 'Product' }],
    variants: variants.map((id) => ({ id, productId: 'P' })),
    inventory: LOCATIONS.flatMap((locationId) => variants.map((variantId) => {
      const onHand = rng.int(0, 6);
      return { variantId, locationId, onHand, reserved: Math.min(onHand, rng.int(0, 1)), asOf: '2026-11-20T00:00:00Z' };
    })),
    // Two profiles over the same locations: their runs may overlap and compete for order capacity.
    profiles: [['std', 'web'], ['exp', 'app']].map(([mode, origin]) => ({ id: mode, legalEntities: ['le'], modesOfDelivery: [mode], salesOrigins: [origin], autoApply: true, maxLinesPerOptimization: 12, ruleIds: ['limit'] })),
    rules: [{ id: 'limit', type: 'dom/max-orders', hardConstraint: true, options: { maxOrders: ORDER_LIMIT } }],
    orders: Array.from({ length: 40 }, (_, o) => ({
      id: `O${o}`,
      legalEntity: 'le',
      salesOrigin: o % 3 === 0 ? 'app' : 'web',
      deliveryAddress: { coordinates: { latitude: 40 + rng.between(0, 0.6), longitude: -75 } },
      createdAt: new Date(Date.UTC(2026, 10, 19, 0, o)).toISOString(),
      lines: Array.from({ length: rng.int(1, 2) }, (_, l) => ({ id: `O${o}-${l}`, variantId: variants[rng.int(0, 2)]!, quantity: rng.int(1, 3), unitPrice: 10, modeOfDelivery: o % 3 === 0 ? 'exp' : 'std' })),
    })),
  };
}

const LIMITS = Object.fromEntries(LOCATIONS.map((id) => [id, ORDER_LIMIT]));

beforeAll(async () => {
  await Promise.all([server.setUp(), embedded.setUp()]);
  tmp = mkdtempSync(join(tmpdir(), 'opendom-interleavings-'));
  dataset = join(tmp, 'pool');
  writeDatasetDir(dataset, contestedRecords());
});
afterAll(async () => {
  await server.tearDown();
  embedded.tearDown();
  rmSync(tmp, { recursive: true, force: true });
});

/** An actor process (test/fixtures/store-actor.ts). */
class Actor {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  private next = 0;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/store-actor.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
  }

  ask(command: Step | { action: 'check'; orderLimits: Record<string, number> }): Promise<Answer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, ...command, dataset })}\n`);
    });
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      this.child.once('close', () => done());
      this.child.stdin!.end();
    });
  }
}

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  code?: string;
  message?: string;
}

type Step = { action: 'import' | 'run' | 'apply' | 'reject' | 'reset' | 'ship' | 'cancel' | 'snapshot' | 'cleanup'; pick?: number; apply?: boolean; profile?: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Step>({ action: 'import' }) },
  { weight: 4, arbitrary: fc.tuple(fc.boolean(), fc.constantFrom('std', 'exp')).map<Step>(([apply, profile]) => ({ action: 'run', apply, profile })) },
  { weight: 2, arbitrary: fc.nat(5).map<Step>((pick) => ({ action: 'apply', pick })) },
  ...(['reject', 'reset', 'ship', 'cancel'] as const).map((action) => ({ weight: 1, arbitrary: fc.nat(50).map<Step>((pick) => ({ action, pick })) })),
  { weight: 1, arbitrary: fc.constant<Step>({ action: 'snapshot' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ action: 'cleanup' }) },
);

/**
 * Two actions at a time. A snapshot reports the shipments made before it, so
 * it never runs beside a shipment (a warehouse system's snapshot and its
 * shipments are not concurrent either: that is what the instant is for).
 */
const pairs = fc.array(fc.tuple(step, step), { minLength: 5, maxLength: 8 })
  .map((list) => list.map(([a, b]): [Step, Step] => (a.action === 'snapshot' && b.action === 'ship') || (a.action === 'ship' && b.action === 'snapshot') ? [a, { action: 'apply' }] : [a, b]));

/** Errors an action may meet under concurrency, each a clear refusal; anything else fails the test. */
const EXPECTED_REFUSALS = new Set(['E_STORE_LOCKED', 'E_LIFECYCLE']);

function expectAnswered(answer: Answer, step: Step): void {
  if (!answer.ok) expect(EXPECTED_REFUSALS.has(answer.code!), `${step.action}: ${answer.code} ${answer.message}`).toBe(true);
}

describe('random interleavings from two processes', () => {
  it('on the PostgreSQL server: every invariant holds after every step', async () => {
    await fc.assert(
      fc.asyncProperty(pairs, async (steps) => {
        const { schema } = await server.newStore();
        const actors = [new Actor(['postgres', TEST_DATABASE_URL, schema]), new Actor(['postgres', TEST_DATABASE_URL, schema])];
        const db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
        try {
          expect((await actors[0]!.ask({ action: 'import' })).ok).toBe(true);
          await db.connect();
          const trace: unknown[] = [];
          for (const [a, b] of steps) {
            const answers = await Promise.all([actors[0]!.ask(a), actors[1]!.ask(b)]);
            trace.push([a, answers[0], b, answers[1]]);
            expectAnswered(answers[0]!, a);
            expectAnswered(answers[1]!, b);
            expect(await storeViolations(async (text, params) => (await db.query(text, params)).rows, new Map(Object.entries(LIMITS))), JSON.stringify(trace)).toEqual([]);
          }
        } finally {
          await Promise.all(actors.map((actor) => actor.stop()));
          await db.end();
        }
      }),
      { numRuns: 8, seed: 2026_11_27, endOnFailure: true },
    );
  }, 600_000);

  it('on the embedded store: a second process is refused; concurrent actions in the owner keep every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(pairs, async (steps) => {
        const { directory } = await embedded.newStore();
        const owner = new Actor(['pglite', directory]);
        const intruder = new Actor(['pglite', directory]);
        try {
          expect((await owner.ask({ action: 'import' })).ok).toBe(true);
          const refused = await intruder.ask({ action: 'import' });
          expect([refused.ok, refused.code]).toEqual([false, 'E_STORE_LOCKED']);
          const trace: unknown[] = [];
          for (const [a, b] of steps) {
            const answers = await Promise.all([owner.ask(a), owner.ask(b)]);
            trace.push([a, answers[0], b, answers[1]]);
            expectAnswered(answers[0]!, a);
            expectAnswered(answers[1]!, b);
            const check = await owner.ask({ action: 'check', orderLimits: LIMITS });
            expect(check.result, JSON.stringify(trace)).toEqual([]);
          }
        } finally {
          await Promise.all([owner.stop(), intruder.stop()]);
        }
      }),
      { numRuns: 4, seed: 2026_11_27, endOnFailure: true },
    );
  }, 600_000);
});

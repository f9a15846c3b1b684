import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { planSchema, type Plan } from '../../index.js';
import { validateAgainst } from '../../core/validation/ajv.js';
import { CUSTOMER, north } from 'opendom/testing';

/**
 * End to end through the CLI (`node --import tsx adapters/cli/main.ts`):
 * validate and run the example dataset, check the plan against its schema
 * and against facts computed here from the input files, export LP models
 * and solve them with HiGHS, and bad usage.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/retail');
const AS_OF = '2026-11-20T00:00:00Z';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'adapters/cli/main.ts', ...args],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let tmp: string;
/** The example dataset, read only (generated files: their counts are computed here, not hard-coded). */
const retail = EXAMPLE;
/** A small dataset of one batch and two iterations. */
let small: string;

function writeDataset(dir: string, files: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
}

const customer = CUSTOMER;

function smallDataset() {
  const line = (id: string, variantId: string, quantity: number) => ({ id, variantId, quantity, unitPrice: 20, modeOfDelivery: 'std' });
  const salesOrder = (id: string, minute: number, lines: unknown[]) => ({
    id,
    legalEntity: 'le',
    salesOrigin: 'web',
    deliveryAddress: { coordinates: customer },
    createdAt: `2026-11-19T00:${String(minute).padStart(2, '0')}:00Z`,
    lines,
  });
  return {
    'parameters.json': { solver: 'dom/highs', distanceUnit: 'mi', localStoreRegionRadius: 0 },
    'locations.json': [
      { id: 'A', legalEntity: 'le', address: { coordinates: north(10) } },
      { id: 'B', type: 'warehouse', legalEntity: 'le', address: { coordinates: north(60) } },
      { id: 'C', legalEntity: 'le', address: { coordinates: north(300) } },
      { id: 'D', legalEntity: 'le', shipping: false, address: { coordinates: north(1) } },
    ],
    'groups.json': [{ id: 'G', locationIds: ['A', 'B', 'C'] }],
    'categories.json': [{ id: 'cat', name: 'Category' }],
    'products.json': [{ id: 'P', name: 'Product', categoryIds: ['cat'] }],
    'variants.json': ['V1', 'V2', 'V3'].map((id) => ({ id, productId: 'P' })),
    'inventory.json': [
      { variantId: 'V1', locationId: 'A', onHand: 3, reserved: 1 },
      { variantId: 'V1', locationId: 'B', onHand: 5 },
      { variantId: 'V2', locationId: 'B', onHand: 1 },
      { variantId: 'V2', locationId: 'D', onHand: 10 },
      { variantId: 'V3', locationId: 'C', onHand: 4 },
    ],
    'profiles.json': [
      { id: 'p', legalEntities: ['le'], modesOfDelivery: ['std'], salesOrigins: ['web'], ruleIds: ['r-dist'] },
      { id: 'q', legalEntities: ['le'], modesOfDelivery: ['exp'], salesOrigins: ['store'] },
    ],
    // Soft: dropped in iteration 2, where O3 (V3 only at C, 300 mi) is assigned.
    'rules.json': [{ id: 'r-dist', type: 'dom/max-distance', scope: { groupIds: ['G'] }, options: { maxDistance: 100 } }],
    'orders.json': [
      salesOrder('O1', 1, [line('O1-1', 'V1', 2), line('O1-2', 'V2', 1)]),
      salesOrder('O2', 2, [line('O2-1', 'V1', 3)]),
      salesOrder('O3', 3, [line('O3-1', 'V3', 1)]),
      salesOrder('O4', 4, [line('O4-1', 'V2', 1)]),
    ],
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'opendom-cli-'));
  small = join(tmp, 'small');
  writeDataset(small, smallDataset());
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// --------------------------------------------------------------------------------------------

describe('opendom validate', () => {
  it('validates the example dataset and prints its counts', async () => {
    const result = await cli('validate', '--data', 'examples/retail');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = (name: string) => (JSON.parse(readFileSync(join(EXAMPLE, name), 'utf8')) as unknown[]).length;
    const ndjson = (name: string) => readFileSync(join(EXAMPLE, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const orders = ndjson('orders.ndjson').map((l) => JSON.parse(l) as { lines: unknown[] });
    const lines = orders.reduce((s, o) => s + o.lines.length, 0);
    expect(result.stdout).toContain(
      `Dataset examples/retail is valid: ${json('locations.json')} locations, ${json('variants.json')} variants, ` +
        `${ndjson('inventory.ndjson').length} inventory records, ${json('profiles.json')} profiles, ${json('rules.json')} rules, ` +
        `${orders.length} orders (${lines} lines).`,
    );
    // The README's description of the example: 46 locations, 360 variants, 2 profiles, 6 rules, 1200 orders.
    expect(result.stdout).toMatch(/46 locations, 360 variants, \d+ inventory records, 2 profiles, 6 rules, 1200 orders \(\d+ lines\)/);
    expect(result.stdout).not.toContain('set aside');
  });

  it('validates the small dataset', async () => {
    const result = await cli('validate', '--data', small);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 locations, 3 variants, 5 inventory records, 2 profiles, 1 rule, 4 orders (5 lines)');
  });
});

// --------------------------------------------------------------------------------------------

interface OrderLine {
  orderId: string;
  variantId: string;
  quantity: number;
  modeOfDelivery: string;
  excluded?: boolean;
  markedForDelivery?: boolean;
  deliveryType?: string;
  domStatus?: string;
  exceptionType?: string | null;
  attempts?: number;
}

function readNdjson<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function haversineMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * (6371.0088 / 1.609344) * Math.asin(Math.sqrt(h));
}

describe('opendom run on the example dataset', () => {
  let result: Result;
  let plan: Plan;
  let outFile: string;

  beforeAll(async () => {
    outFile = join(tmp, 'plan.json');
    result = await cli('run', '--data', retail, '--profile', 'standard-ship', '--json', '--as-of', AS_OF, '--out', outFile);
    plan = JSON.parse(result.stdout) as Plan;
  }, 120_000);

  it('exits 0 with a plan that validates against planSchema', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(validateAgainst(planSchema, structuredClone(plan))).toEqual([]);
    expect(plan).toMatchObject({ profileId: 'standard-ship', asOf: '2026-11-20T00:00:00.000Z', distanceUnit: 'mi' });
    expect(plan.solver).toMatchObject({ id: 'dom/highs', kind: 'production', status: 'optimal' });
  });

  it('--out writes the same plan', () => {
    expect(existsSync(outFile)).toBe(true);
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual(plan);
  });

  it('plans exactly the lines docs/spec.md §3.1 selects, each with its own variant and quantity', () => {
    const orders = readNdjson<{ id: string; legalEntity: string; salesOrigin?: string | null; onHold?: boolean; lines: Array<OrderLine & { id: string }> }>(join(retail, 'orders.ndjson'));
    const expected = new Map<string, OrderLine>();
    for (const o of orders) {
      if (o.legalEntity !== 'usrt' || o.onHold || !['web', 'callcenter', 'marketplace'].includes(o.salesOrigin ?? '')) continue;
      for (const l of o.lines) {
        if (l.modeOfDelivery !== 'standard' || l.excluded || l.markedForDelivery || (l.deliveryType ?? 'ship') !== 'ship') continue;
        const status = l.domStatus ?? 'none';
        const ok = status === 'none' || (status === 'exception' && (l.attempts ?? 0) < 3 && !['maximum-rejections', 'maximum-attempts'].includes(l.exceptionType ?? ''));
        if (ok) expected.set(l.id, { ...l, orderId: o.id });
      }
    }
    expect(expected.size).toBeGreaterThan(1500);
    const planned = [...plan.lines.map((l) => l.lineId), ...plan.exceptions.map((e) => e.lineId)];
    expect(new Set(planned).size).toBe(planned.length);
    expect(new Set(planned)).toEqual(new Set(expected.keys()));
    for (const l of plan.lines) {
      const source = expected.get(l.lineId)!;
      expect([l.orderId, l.variantId, l.quantity]).toEqual([source.orderId, source.variantId, source.quantity]);
    }
  });

  it('never assigns more of a variant at a location than is available (on hand − reserved, status available)', () => {
    const available = new Map<string, number>();
    for (const r of readNdjson<{ variantId: string; locationId: string; status?: string; onHand: number; reserved?: number }>(join(retail, 'inventory.ndjson'))) {
      if ((r.status ?? 'available') !== 'available') continue;
      const key = `${r.variantId}@${r.locationId}`;
      available.set(key, (available.get(key) ?? 0) + r.onHand - (r.reserved ?? 0));
    }
    const used = new Map<string, number>();
    for (const l of plan.lines) for (const a of l.assignments) used.set(`${l.variantId}@${a.locationId}`, (used.get(`${l.variantId}@${a.locationId}`) ?? 0) + a.quantity);
    expect(used.size).toBeGreaterThan(100);
    const over = [...used].filter(([key, n]) => n > (available.get(key) ?? 0)).map(([key, n]) => `${key}: ${n} > ${available.get(key) ?? 0}`);
    expect(over).toEqual([]);
  });

  it('ships only from shipping locations of the legal entity, never from offline ones, within the hard distance limits', () => {
    const locations = JSON.parse(readFileSync(join(retail, 'locations.json'), 'utf8')) as Array<{ id: string; legalEntity: string; shipping?: boolean; type?: string; address: { coordinates: { latitude: number; longitude: number } } }>;
    const byId = new Map(locations.map((l) => [l.id, l]));
    const orders = new Map(readNdjson<{ id: string; deliveryAddress: { coordinates: { latitude: number; longitude: number } } }>(join(retail, 'orders.ndjson')).map((o) => [o.id, o]));
    const offline = new Set(['ST-014-DETROIT', 'ST-029-LAS-VEGAS', 'ST-033-INDIANAPOLIS']);
    let assignments = 0;
    for (const l of plan.lines) {
      for (const a of l.assignments) {
        assignments++;
        const loc = byId.get(a.locationId);
        expect(loc, a.locationId).toBeDefined();
        expect(loc!.shipping ?? true, a.locationId).toBe(true);
        expect(loc!.legalEntity).toBe('usrt');
        expect(offline.has(a.locationId), `${l.lineId} from ${a.locationId}`).toBe(false);
        const distance = haversineMiles(orders.get(l.orderId)!.deliveryAddress.coordinates, loc!.address.coordinates);
        expect(Math.abs(a.distance - distance), `${l.lineId} distance`).toBeLessThan(0.01);
        if (loc!.type === 'store') {
          // rule-max-distance-stores (600 mi) is soft: it binds in iteration 1 only.
          if (l.iteration === 1) expect(distance, `${l.lineId} from ${a.locationId}`).toBeLessThanOrEqual(600 + 1e-6);
        } else {
          expect(distance, `${l.lineId} from ${a.locationId}`).toBeLessThanOrEqual(2500 + 1e-6);
        }
      }
    }
    expect(assignments).toBeGreaterThan(2000);
  });

  it('keeps lines, fulfilment types and totals consistent', () => {
    let units = 0;
    let unitsFulfilled = 0;
    for (const l of plan.lines) {
      const assigned = l.assignments.reduce((s, a) => s + a.quantity, 0);
      expect(assigned, l.lineId).toBeLessThanOrEqual(l.quantity);
      expect(l.fulfillmentType).toBe(assigned === 0 ? 'none' : assigned < l.quantity ? 'partial' : 'full');
      expect(l.locationCount).toBe(l.assignments.length);
      expect(new Set(l.assignments.map((a) => a.locationId)).size).toBe(l.assignments.length);
      expect(l.exceptionType).toBe(assigned === 0 ? 'no-quantity-available' : null);
      units += l.quantity;
      unitsFulfilled += assigned;
    }
    const t = plan.totals;
    expect(t.lines).toBe(plan.lines.length);
    expect(t.orders).toBe(new Set(plan.lines.map((l) => l.orderId)).size);
    expect(t.units).toBe(units);
    expect(t.unitsFulfilled).toBe(unitsFulfilled);
    expect(t.fillRate).toBeCloseTo(unitsFulfilled / units, 3);
    expect(t.linesFulfilled).toBe(plan.lines.filter((l) => l.fulfillmentType === 'full').length);
    expect(t.linesPartial).toBe(plan.lines.filter((l) => l.fulfillmentType === 'partial').length);
    const shipments = new Set(plan.lines.flatMap((l) => l.assignments.map((a) => `${l.orderId}|${a.locationId}`)));
    expect(t.shipments).toBe(shipments.size);
    // Without cost factors the cost is the distance (docs/spec.md §5), summed over assignments.
    const cost = plan.lines.reduce((s, l) => s + l.assignments.reduce((c, a) => c + a.cost, 0), 0);
    expect(t.cost).toBeCloseTo(cost, 0);
    expect(Object.keys(t.costByFactor)).toEqual(['distance']);
    // The README promises that every ordered unit is covered by stock somewhere; the run fulfils them all.
    expect(t.fillRate).toBe(1);
    expect(plan.batches.reduce((s, b) => s + b.lines, 0)).toBe(t.lines);
    for (const b of plan.batches) expect(b.lines).toBeLessThanOrEqual(1500);
  });
});

// --------------------------------------------------------------------------------------------

describe('opendom run --export-lp', () => {
  it('writes one LP file per model, each solving in HiGHS to the objective the plan reports', async () => {
    const lp = join(tmp, 'model.lp');
    const result = await cli('run', '--data', small, '--profile', 'p', '--json', '--as-of', AS_OF, '--export-lp', lp);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(validateAgainst(planSchema, structuredClone(plan))).toEqual([]);

    // One batch; iteration 2 assigns O3 from C, beyond the soft 100 mi limit.
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.iterations.map((i) => i.iteration)).toEqual([1, 2]);
    const assigned = Object.fromEntries(plan.lines.map((l) => [l.lineId, Object.fromEntries(l.assignments.map((a) => [a.locationId, a.quantity]))]));
    expect(assigned['O3-1']).toEqual({ C: 1 });
    expect(plan.lines.find((l) => l.lineId === 'O3-1')!.iteration).toBe(2);
    // V2: one unit at B (D holds ten but does not ship): exactly one of O1-2, O4-1 gets it.
    expect([assigned['O1-2'], assigned['O4-1']]).toContainEqual({ B: 1 });
    expect([assigned['O1-2'], assigned['O4-1']]).toContainEqual({});
    // V1: 2 available at A (3 − 1 reserved), 5 at B; O1-1 needs 2 and O2-1 needs 3.
    const v1 = (loc: string) => (assigned['O1-1']![loc] ?? 0) + (assigned['O2-1']![loc] ?? 0);
    expect(v1('A')).toBeLessThanOrEqual(2);
    expect(v1('A') + v1('B')).toBe(5);

    const files = [lp, join(tmp, 'model.b0-i2.lp')];
    const highsModule = await import('highs');
    const loadHighs = highsModule.default as unknown as () => Promise<Highs>;
    const highs = await loadHighs();
    for (const [k, file] of files.entries()) {
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`batch 0, iteration ${k + 1}`);
      const solution = highs.solve(text, { output_flag: false });
      expect(solution.Status).toBe('Optimal');
      const reported = plan.batches[0]!.iterations[k]!.objective!;
      expect(typeof reported).toBe('number');
      expect(Math.abs(solution.ObjectiveValue - reported)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(reported)));
    }
    expect(plan.solver.objective).toBeCloseTo(plan.batches[0]!.iterations.reduce((s, i) => s + i.objective!, 0), 6);
  });

  it('prints a readable summary without --json, naming the LP file written', async () => {
    const lp = join(tmp, 'summary.lp');
    const result = await cli('run', '--data', small, '--profile', 'p', '--as-of', AS_OF, '--export-lp', lp);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Profile');
    // Each level as an operator reads it: 7 units are the most any plan fulfils here; the cost with its bound and gap.
    expect(result.stdout).toMatch(/Units fulfilled\s+7 of 8 \(fill rate 87\.5%\); the most possible\n/);
    expect(result.stdout).toMatch(/Total cost\s+[\d,.]+ \(distance [\d,.]+\); bound [\d,.]+, gap [\d.e-]+%\n/);
    expect(result.stdout).not.toContain('Objective');
    expect(result.stdout).toContain(lp);
    // The exported model names its columns and rows by what they are (a run without --export-lp names none).
    expect(readFileSync(lp, 'utf8')).toMatch(/ y_\d+_\d+ /);
    expect(readFileSync(lp, 'utf8')).toMatch(/^ line_\d+:/m);
  });
});

// --------------------------------------------------------------------------------------------

describe('bad usage exits non-zero with a clear message on stderr', () => {
  it('an unknown profile: names it and lists the known ones', async () => {
    const result = await cli('run', '--data', small, '--profile', 'nope', '--as-of', AS_OF);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('E_PROFILE');
    expect(result.stderr).toContain('"nope"');
    expect(result.stderr).toContain('p, q');
  });

  it('validate on a store that does not exist (nothing is created); --data together with a store for run', async () => {
    const run = await cli('run', '--profile', 'p', '--data', small, '--store', join(tmp, 'store'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--data runs a dataset directory or snapshot read-only and plan only');
    const validate = await cli('validate', '--store', join(tmp, 'no-store'));
    expect([validate.code, validate.stderr]).toEqual([2, `opendom: E_USAGE: there is no store at ${join(tmp, 'no-store')}; import data first (opendom import --data DIR), or validate a dataset directory with --data DIR\n`]);
    expect(existsSync(join(tmp, 'no-store'))).toBe(false);
  });

  it('a dataset directory that does not exist', async () => {
    const missing = join(tmp, 'no-such-dir');
    for (const args of [['validate', '--data', missing], ['run', '--data', missing, '--profile', 'p']]) {
      const result = await cli(...args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(missing);
      expect(result.stderr).toContain('does not exist');
      expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
  });

  it('a dataset with invalid rules: lists every problem with file, record id and field', async () => {
    const bad = join(tmp, 'bad-rules');
    const files: Record<string, unknown> = smallDataset();
    files['rules.json'] = [
      { id: 'r-dist', type: 'dom/max-distance', scope: { groupIds: ['G'] }, options: { maxDistance: -5 } },
      { id: 'r-scope', type: 'dom/offline-location', scope: { groupIds: ['NO-GROUP'] }, options: {} },
      { id: 'r-type', type: 'acme/nope', options: {} },
    ];
    (files['profiles.json'] as Array<{ ruleIds?: string[] }>)[0]!.ruleIds = ['r-dist', 'r-scope', 'r-type'];
    writeDataset(bad, files);
    for (const args of [['validate', '--data', bad], ['run', '--data', bad, '--profile', 'p', '--as-of', AS_OF]]) {
      const result = await cli(...args);
      expect(result.code, args[0]).toBe(2);
      expect(result.stdout).toBe('');
      const err = result.stderr;
      expect(err).toContain('invalid configuration: 3 problems');
      expect(err).toMatch(/rules\.json#1 record "r-dist" at options\.maxDistance: must be > 0/);
      expect(err).toMatch(/rules\.json#2 record "r-scope" at scope\.groupIds\[0\]: unknown group "NO-GROUP"/);
      expect(err).toMatch(/rules\.json#3 record "r-type" at type: no rule plugin "acme\/nope"/);
      expect(err).toContain('acme/nope');
    }
  });

  it('an invalid order is not a usage error: validate lists it, run sets it aside and plans the rest', async () => {
    const dir = join(tmp, 'bad-order');
    const files: Record<string, unknown> = smallDataset();
    const orders = files['orders.json'] as Array<{ lines: Array<{ quantity: number }> }>;
    orders[1]!.lines[0]!.quantity = 1.5; // O2, orders.json#2
    writeDataset(dir, files);
    const validate = await cli('validate', '--data', dir);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('1 order will be set aside as invalid input');
    expect(validate.stdout).toMatch(/orders\.json#2 record "O2" at lines\[0\]\.quantity/);

    const run = await cli('run', '--data', dir, '--profile', 'p', '--json', '--as-of', AS_OF);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as Plan;
    expect(plan.exceptions).toEqual([{ orderId: 'O2', lineId: 'O2-1', exceptionType: 'invalid-input', reason: expect.stringContaining('lines[0].quantity') }]);
    expect(plan.lines.map((l) => l.lineId).sort()).toEqual(['O1-1', 'O1-2', 'O3-1', 'O4-1']);
  });

  it('--removals-listed: a number or all; anything else is refused', async () => {
    const bad = await cli('run', '--data', small, '--profile', 'p', '--removals-listed', 'some');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('whole number ≥ 0, or "all"');
    const none = await cli('run', '--data', small, '--profile', 'p', '--json', '--as-of', AS_OF, '--removals-listed', '0');
    expect(none.code).toBe(0);
    expect((JSON.parse(none.stdout) as Plan).lines.every((l) => l.explanation.removed.length === 0)).toBe(true);
  });

  it('an invalid --as-of or --time-limit', async () => {
    const asOf = await cli('run', '--data', small, '--profile', 'p', '--as-of', 'yesterday');
    expect(asOf.code).not.toBe(0);
    expect(asOf.stderr).toContain('ISO date');
    const limit = await cli('run', '--data', small, '--profile', 'p', '--time-limit', '-3');
    expect(limit.code).not.toBe(0);
    expect(limit.stderr).toContain('positive number');
  });

  it('--gap 0 asks for a proven optimum; a negative gap is refused', async () => {
    const exact = await cli('run', '--data', small, '--profile', 'p', '--gap', '0', '--json');
    expect(exact.code).toBe(0);
    const plan = JSON.parse(exact.stdout) as Plan;
    expect(plan.solver.status).toBe('optimal');
    expect(plan.solver.gap).toBeLessThan(1e-9);
    const negative = await cli('run', '--data', small, '--profile', 'p', '--gap', '-0.1');
    expect([negative.code, negative.stderr]).toEqual([1, expect.stringContaining("option '--gap <ratio>' argument '-0.1' is invalid. must be a number ≥ 0")]);
  });

  it('an unknown solver lists the registered ones', async () => {
    const result = await cli('run', '--data', small, '--profile', 'p', '--solver', 'acme/nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"acme/nope"');
    expect(result.stderr).toContain('dom/highs');
  });
});

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../index.js';
import { CUSTOMER, north, rounded } from 'opendom/testing';

/**
 * Cheapest is not nearest, end to end through the CLI: a far DC with cheaper
 * rates wins over a near store; the stored plan and `opendom explain` say
 * why (cost breakdown against the runner-up, removed candidates). Bad plan
 * files and line ids are usage errors; bad cost configuration is refused.
 */

const ROOT = resolve(import.meta.dirname, '../..');

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'adapters/cli/main.ts', ...args], { cwd: ROOT, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const shipping = {
  id: 'ship-std',
  type: 'dom/shipping-tiered',
  company: 'le',
  options: { modesOfDelivery: ['std'], tiers: [{ from: 0, to: 100, cost: 8 }, { from: 100, to: null, basis: 'distance', cost: 0.02 }], defaultCost: 0 },
};
const storePick = { id: 'store-pick', type: 'dom/other-location', company: 'le', options: { groupId: 'stores', cost: 5 } };

function dataset(costFactors: unknown[], secondAddress: Record<string, unknown> = { city: 'Boston' }) {
  const line = (id: string) => ({ id, variantId: 'V1', quantity: 2, unitPrice: 30, modeOfDelivery: 'std' });
  return {
    'parameters.json': { distanceUnit: 'mi' },
    'locations.json': [
      { id: 'STORE-NEAR', type: 'store', legalEntity: 'le', address: { coordinates: north(10) } },
      { id: 'STORE-OFF', type: 'store', legalEntity: 'le', address: { coordinates: north(5) } },
      { id: 'STORE-EMPTY', type: 'store', legalEntity: 'le', address: { coordinates: north(20) } },
      { id: 'DC-FAR', type: 'distribution-center', legalEntity: 'le', address: { coordinates: north(300) } },
    ],
    'groups.json': [{ id: 'stores', locationIds: ['STORE-NEAR', 'STORE-OFF', 'STORE-EMPTY'] }],
    'categories.json': [{ id: 'cat', name: 'Category' }],
    'products.json': [{ id: 'P', name: 'Product', categoryIds: ['cat'] }],
    'variants.json': [{ id: 'V1', productId: 'P' }],
    'inventory.json': [
      { variantId: 'V1', locationId: 'STORE-NEAR', onHand: 5 },
      { variantId: 'V1', locationId: 'STORE-OFF', onHand: 5 },
      { variantId: 'V1', locationId: 'DC-FAR', onHand: 50 },
    ],
    'profiles.json': [{ id: 'p', legalEntities: ['le'], modesOfDelivery: ['std'], salesOrigins: ['web'], ruleIds: ['off'], costFactorIds: costFactors.map((f) => (f as { id: string }).id) }],
    'rules.json': [{ id: 'off', type: 'dom/offline-location', hardConstraint: true, scope: { locationIds: ['STORE-OFF'] } }],
    'cost-factors.json': costFactors,
    'orders.json': [
      { id: 'SO-1', legalEntity: 'le', salesOrigin: 'web', deliveryAddress: { coordinates: CUSTOMER }, createdAt: '2026-11-19T00:00:00Z', lines: [line('SO-1-1')] },
      { id: 'SO-2', legalEntity: 'le', salesOrigin: 'web', deliveryAddress: secondAddress, createdAt: '2026-11-19T00:01:00Z', lines: [line('SO-2-1')] },
    ],
  };
}

function write(dir: string, files: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
}

let tmp: string;
let planFile: string;
let plan: Plan;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'opendom-explain-'));
  write(join(tmp, 'data'), dataset([shipping, storePick]));
  planFile = join(tmp, 'plan.json');
  const run = await cli('run', '--data', join(tmp, 'data'), '--profile', 'p', '--as-of', '2026-11-20T00:00:00Z', '--out', planFile);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cheapest is not nearest', () => {
  it('ships from the far DC: 0.02 × 300 = 6 against the near store’s 8 + 5', () => {
    const line = plan.lines.find((l) => l.lineId === 'SO-1-1')!;
    expect(rounded(line.assignments)).toEqual([{ locationId: 'DC-FAR', quantity: 2, distance: 300, cost: 6, costBreakdown: [{ factorId: 'ship-std', amount: 6 }], priorityTier: null }]);
    expect(rounded(line.explanation.chosen)).toEqual([{ locationId: 'DC-FAR', distance: 300, cost: 6, costBreakdown: [{ factorId: 'ship-std', amount: 6 }], priorityTier: null }]);
    expect(rounded(line.explanation.alternatives)).toEqual([
      {
        locationId: 'STORE-NEAR',
        distance: 10,
        cost: 13,
        costBreakdown: [{ factorId: 'ship-std', amount: 8 }, { factorId: 'store-pick', amount: 5 }],
        priorityTier: null,
        whyNot: 'costs 7 more',
      },
    ]);
    expect(line.explanation.removed).toMatchObject([{ locationId: 'STORE-OFF', ruleId: 'off', pluginId: 'dom/offline-location' }]);
    expect(line.explanation.removedByRule).toEqual([{ ruleId: 'off', pluginId: 'dom/offline-location', messageId: 'offline', count: 1 }]);
    expect(rounded(plan.totals.costByFactor)).toEqual({ 'ship-std': 6 });
  });

  it('opendom explain prints the chosen location against the runner-up, factor by factor, and the removed candidates', async () => {
    const { code, stdout, stderr } = await cli('explain', '--plan', planFile, '--line', 'SO-1-1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const text = stdout.replace(/ +$/gm, '');
    expect(text).toContain('Line SO-1-1 (order SO-1): 2 × V1, fulfilled in full from DC-FAR');
    expect(text).toContain('Decision: shipped from DC-FAR (2 units, 300 mi); standalone cost 6; lowest-cost of 2 candidates');
    expect(text).toContain('  DC-FAR  2 units  300 mi  cost 6 = ship-std 6');
    expect(text).toContain(
      [
        '  location    mi   priority  cost  ship-std  store-pick  outcome',
        '  DC-FAR      300  -         6     6         -           chosen',
        '  STORE-NEAR  10   -         13    8         5           costs 7 more',
      ].join('\n'),
    );
    expect(text).toContain('Removed candidates:\n  STORE-OFF  rule off (dom/offline-location): STORE-OFF is offline (rule off)');
    expect(text).toContain('Removed by rule:\n  1  rule off (dom/offline-location): offline');
    expect(text).toContain('1 location of the profile holds no stock of V1.');
  });

  it('prints the line as JSON, and the reason of a line that was not brokered', async () => {
    const json = await cli('explain', '--plan', planFile, '--line', 'SO-1-1', '--json');
    expect(JSON.parse(json.stdout)).toEqual(plan.lines.find((l) => l.lineId === 'SO-1-1'));
    const invalid = await cli('explain', '--plan', planFile, '--line', 'SO-2-1');
    expect(invalid.code).toBe(0);
    expect(invalid.stdout).toContain('Line SO-2-1 (order SO-2) was not brokered: invalid-input');
    expect(invalid.stdout).toContain('at deliveryAddress.coordinates');
  });
});

describe('opendom explain usage errors', () => {
  it('a missing file, a file that is not a plan, an unknown line: non-zero exit and a clear message', async () => {
    const missing = await cli('explain', '--plan', join(tmp, 'nope.json'), '--line', 'SO-1-1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`E_USAGE: cannot read plan file "${join(tmp, 'nope.json')}" (ENOENT); write one with opendom run --out FILE`);

    const notPlan = await cli('explain', '--plan', join(tmp, 'data', 'locations.json'), '--line', 'SO-1-1');
    expect(notPlan.code).toBe(2);
    expect(notPlan.stderr).toContain('is not an OpenDOM plan: (the file) must be object');

    writeFileSync(join(tmp, 'broken.json'), '{ "planId": ');
    const broken = await cli('explain', '--plan', join(tmp, 'broken.json'), '--line', 'SO-1-1');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not JSON');

    const unknown = await cli('explain', '--plan', planFile, '--line', 'NOPE');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`E_USAGE: line "NOPE" is not in plan ${plan.planId} (profile p, 1 lines, e.g. SO-1-1)`);
  });
});

describe('invalid cost configuration', () => {
  it('is refused at load, naming the file, record, factor and field', async () => {
    const overlapping = { ...shipping, options: { ...shipping.options, tiers: [{ from: 0, to: 100, cost: 8 }, { from: 90, to: null, cost: 9 }] } };
    write(join(tmp, 'bad'), dataset([overlapping, { ...storePick, options: { locationId: 'STORE-NEAR', groupId: 'stores', cost: 5 } }]));
    const { code, stderr } = await cli('validate', '--data', join(tmp, 'bad'));
    expect(code).toBe(2);
    expect(stderr).toContain(
      'E_PLUGIN_OPTIONS: plugin "dom/shipping-tiered" cost-factors.json#1 record "ship-std" at options.tiers[1].from: tiers[0] [0, 100) and tiers[1] [90, ∞) overlap; start tiers[1] at 100',
    );
    expect(stderr).toContain('E_PLUGIN_OPTIONS: plugin "dom/other-location" cost-factors.json#2 record "store-pick" at options.groupId: a factor names a location or a group, never both');
  });
});

describe('opendom --geocoder', () => {
  it('places orders that have only a ZIP code; without it they are set aside', async () => {
    write(join(tmp, 'zip'), dataset([shipping, storePick], { postalCode: '02108', country: 'US' }));
    const withZip = await cli('run', '--data', join(tmp, 'zip'), '--profile', 'p', '--as-of', '2026-11-20T00:00:00Z', '--geocoder', 'dom/us-zip', '--json');
    expect(withZip.code).toBe(0);
    const zipPlan = JSON.parse(withZip.stdout) as Plan;
    expect(zipPlan.lines.map((l) => l.lineId)).toEqual(['SO-1-1', 'SO-2-1']);
    expect(zipPlan.exceptions).toEqual([]);

    const without = await cli('validate', '--data', join(tmp, 'zip'));
    expect(without.code).toBe(0);
    expect(without.stdout).toContain('1 order will be set aside as invalid input:\n  - E_GEOCODE: plugin "dom/coordinates" orders.json#2 record "SO-2" at deliveryAddress.coordinates');
  });
});

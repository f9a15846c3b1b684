import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-process.js';

/**
 * The npm package as `npm pack` makes it: what it ships, and that a partner
 * package written against its public types (examples/partner-plugin)
 * type-checks against the packed declarations and runs with the packed
 * code — loaded by the packed CLI through a configuration file.
 */
const run = promisify(execFile);
let work: string;
let files: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opendom-package-'));
  await run('npm', ['run', 'build'], { cwd: ROOT });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 26 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed!.files.map((f) => f.path);
  // A partner's project: the packed package in node_modules beside OpenDOM's own dependencies.
  const modules = join(work, 'project/node_modules');
  mkdirSync(join(modules, 'opendom'), { recursive: true });
  await run('tar', ['-xzf', join(work, packed!.filename), '-C', join(modules, 'opendom'), '--strip-components=1']);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'opendom' || name.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('ships the built code with types for every entry, the docs and the example data; no tests, no benchmarks', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; import: string }>; bin: Record<string, string> };
    for (const entry of Object.values(pkg.exports)) {
      expect(files).toContain(entry.import.replace(/^\.\//, ''));
      expect(files).toContain(entry.types.replace(/^\.\//, ''));
    }
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin);
    expect(files.filter((f) => /(^|\/)bench\/|\.test\.|(^|\/)test\//.test(f))).toEqual([]);
    expect(files.filter((f) => !/^(dist\/|docs\/|examples\/retail\/|README\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
  });

  it('has source maps that resolve: each carries the sources it maps', () => {
    const maps = files.filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(100);
    const unresolved = maps.filter((f) => {
      const map = JSON.parse(readFileSync(join(work, 'project/node_modules/opendom', f), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((s) => typeof s !== 'string');
    });
    expect(unresolved).toEqual([]);
  });

  it('type-checks the example partner package against the packed declarations, and its plugins run from the packed CLI', async () => {
    const partner = join(work, 'project/partner');
    cpSync(join(ROOT, 'examples/partner-plugin'), partner, { recursive: true, filter: (src) => !src.includes('/dist') && !src.includes('/test') });
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(partner, 'tsconfig.json')]).catch((error: { stdout?: string }) => {
      throw new Error(`the example does not type-check against the packed declarations:\n${error.stdout}`);
    });
    expect(existsSync(join(partner, 'dist/index.js'))).toBe(true);

    // The bundled example with some hazardous products, the package's rule in standard-ship and its CO2 cost factor.
    const data = join(work, 'project/data');
    cpSync(join(ROOT, 'examples/retail'), data, { recursive: true });
    const edit = (file: string, change: (records: any[]) => void) => {
      const records = JSON.parse(readFileSync(join(data, file), 'utf8')) as any[];
      change(records);
      writeFileSync(join(data, file), JSON.stringify(records));
    };
    edit('products.json', (products) => products.slice(0, 10).forEach((p) => (p.attributes = { hazmat: true })));
    edit('rules.json', (rules) => rules.push({ id: 'hazmat', type: 'acme/hazmat-from-dc-only', hardConstraint: true, options: {} }));
    writeFileSync(join(data, 'cost-factors.json'), JSON.stringify([{ id: 'co2', type: 'acme/co2-per-km', company: 'usrt', options: { gramsPerKm: { standard: 120 }, costPerKg: 0.05 } }]));
    edit('profiles.json', (profiles) => {
      const standard = profiles.find((p) => p.id === 'standard-ship');
      standard.ruleIds.push('hazmat');
      standard.costFactorIds = ['co2'];
    });
    const hazardous = new Set((JSON.parse(readFileSync(join(data, 'variants.json'), 'utf8')) as Array<{ id: string; productId: string }>)
      .filter((v) => (JSON.parse(readFileSync(join(data, 'products.json'), 'utf8')) as Array<{ id: string; attributes?: { hazmat?: boolean } }>).some((p) => p.id === v.productId && p.attributes?.hazmat))
      .map((v) => v.id));
    const dcs = new Set((JSON.parse(readFileSync(join(data, 'locations.json'), 'utf8')) as Array<{ id: string; type: string }>).filter((l) => l.type === 'distribution-center').map((l) => l.id));
    writeFileSync(join(work, 'project/opendom.config.json'), JSON.stringify({ plugins: ['./partner/dist/index.js'] }));

    const cli = join(work, 'project/node_modules/opendom/dist/adapters/cli/main.js');
    const { stdout } = await run(process.execPath, [cli, 'run', '--data', data, '--profile', 'standard-ship', '--json', '--config', join(work, 'project/opendom.config.json')], { cwd: join(work, 'project'), maxBuffer: 1 << 28 });
    const plan = JSON.parse(stdout) as { lines: Array<{ variantId: string; assignments: Array<{ locationId: string }> }>; totals: { costByFactor: Record<string, number> } };
    const hazmatAssignments = plan.lines.filter((l) => hazardous.has(l.variantId)).flatMap((l) => l.assignments.map((a) => a.locationId));
    expect(hazmatAssignments.length).toBeGreaterThan(0);
    expect(hazmatAssignments.filter((id) => !dcs.has(id))).toEqual([]);
    expect(plan.totals.costByFactor.co2).toBeGreaterThan(0);
    expect(Object.keys(plan.totals.costByFactor)).toEqual(['co2']);

    // On a store, with the package's after-apply hook: every assignment the run applied is written to the file.
    const shipments = join(work, 'project/shipments.ndjson');
    writeFileSync(join(work, 'project/opendom.config.json'), JSON.stringify({ plugins: ['./partner/dist/index.js'], store: { directory: 'store' }, applyHooks: [{ id: 'acme/shipments-file', options: { path: shipments } }] }));
    const inProject = { cwd: join(work, 'project'), maxBuffer: 1 << 28 };
    await run(process.execPath, [cli, 'import', '--data', data], inProject);
    const applied = JSON.parse((await run(process.execPath, [cli, 'run', '--profile', 'standard-ship', '--apply', '--json'], inProject)).stdout) as { lines: Array<{ lineId: string; assignments: Array<{ locationId: string; quantity: number }> }> };
    const planned = applied.lines.flatMap((l) => l.assignments.map((a) => `${l.lineId}@${a.locationId}×${a.quantity}`)).sort();
    const written = readFileSync(shipments, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { lineId: string; locationId: string; quantity: number });
    expect(planned.length).toBeGreaterThan(0);
    expect(written.map((w) => `${w.lineId}@${w.locationId}×${w.quantity}`).sort()).toEqual(planned);
  }, 300_000);
});

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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
    await typeCheck(partner);
    await runPartnerExample(join(work, 'project/node_modules/opendom/dist/adapters/cli/main.js'), partner, join(work, 'project/node_modules/opendom/examples/retail'));
  }, 300_000);

  it("runs from the repository as the example's README says: built in place, loaded by the repository's CLI", async () => {
    const partner = join(ROOT, 'examples/partner-plugin');
    await typeCheck(partner);
    await runPartnerExample(join(ROOT, 'dist/adapters/cli/main.js'), partner, join(ROOT, 'examples/retail'));
  }, 300_000);
});

/** Compiles the example package (tsc, its own tsconfig) into its dist/; fails with the compiler's errors. */
async function typeCheck(partner: string): Promise<void> {
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(partner, 'tsconfig.json')]).catch((error: { stdout?: string }) => {
    throw new Error(`the example does not type-check against the declarations:\n${error.stdout}`);
  });
  expect(existsSync(join(partner, 'dist/index.js'))).toBe(true);
}

/**
 * The example's README steps, in a directory of their own: import the
 * bundled example and the example's records (its rule, CO2 factor and
 * standard-ship using both), then run with the example's configuration and
 * apply. Every lithium-battery (hazmat) line ships from a distribution
 * centre, the summary shows the CO2 cost, and the after-apply hook has
 * written exactly the plan's assignments.
 */
async function runPartnerExample(cli: string, partner: string, retail: string): Promise<void> {
  const cwd = mkdtempSync(join(work, 'run-'));
  const config = join(partner, 'opendom.config.json');
  const opendom = async (...args: string[]) => (await run(process.execPath, [cli, ...args], { cwd, maxBuffer: 1 << 28 })).stdout;
  await opendom('import', '--data', retail);
  await opendom('import', '--data', join(partner, 'records'), '--config', config);
  const summary = await opendom('run', '--config', config, '--profile', 'standard-ship', '--apply');
  expect(summary).toMatch(/Total cost\s+[\d,.]+ \(co2 [\d,.]+\)/);
  const plan = JSON.parse(await opendom('run', '--config', config, '--profile', 'standard-ship', '--json')) as { lines: unknown[] };
  expect(plan.lines).toEqual([]); // everything was applied by the first run

  const records = (file: string) => JSON.parse(readFileSync(join(retail, file), 'utf8')) as Array<Record<string, any>>;
  const hazardous = new Set(records('products.json').filter((p) => p.attributes?.hazmat === true).map((p) => p.id));
  const hazmatVariants = new Set(records('variants.json').filter((v) => hazardous.has(v.productId)).map((v) => v.id));
  const dcs = new Set(records('locations.json').filter((l) => l.type === 'distribution-center').map((l) => l.id));
  const shipments = readFileSync(join(cwd, 'shipments.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { variantId: string; locationId: string; quantity: number });
  const hazmat = shipments.filter((s) => hazmatVariants.has(s.variantId));
  expect(hazmat.length).toBeGreaterThan(0);
  expect(hazmat.filter((s) => !dcs.has(s.locationId))).toEqual([]);
  expect(shipments.some((s) => !dcs.has(s.locationId))).toBe(true); // other lines still ship from stores
  const units = Number(/Units fulfilled\s+(\d+)/.exec(summary)![1]);
  expect(shipments.reduce((sum, s) => sum + s.quantity, 0)).toBe(units);
}

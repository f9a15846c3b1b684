import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, collect, ROOT, startServe } from './cli-process.js';

/**
 * The configuration file and partner plugin packages, as a partner's
 * customer runs them: `opendom.config.json` names a package (by npm name,
 * installed in node_modules beside it, or by path), and every command —
 * `plugins`, `validate`, `run`, `serve` and its runs' worker threads —
 * loads it. The package (test/fixtures/partner-package) is plain
 * JavaScript with a rule `acme/dc-only`; the bundled example gets a rule
 * record of that type in `standard-ship`, so a run with the package ships
 * every line from a distribution centre, and one without it is refused.
 */
const FIXTURE = resolve(ROOT, 'test/fixtures/partner-package');
const DCS = new Set(
  (JSON.parse(readFileSync(join(ROOT, 'examples/retail/locations.json'), 'utf8')) as Array<{ id: string; type: string }>).filter((l) => l.type === 'distribution-center').map((l) => l.id),
);

let work: string;
const config = (name: string, body: unknown) => {
  const file = join(work, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'opendom-config-'));
  cpSync(FIXTURE, join(work, 'node_modules/acme-dc-only'), { recursive: true });
  cpSync(FIXTURE, join(work, 'local'), { recursive: true });
  const data = join(work, 'data');
  cpSync(join(ROOT, 'examples/retail'), data, { recursive: true });
  const rules = JSON.parse(readFileSync(join(data, 'rules.json'), 'utf8')) as unknown[];
  rules.push({ id: 'rule-acme-dc-only', type: 'acme/dc-only', hardConstraint: true, scope: {}, options: {} });
  writeFileSync(join(data, 'rules.json'), JSON.stringify(rules));
  const profiles = JSON.parse(readFileSync(join(data, 'profiles.json'), 'utf8')) as Array<{ id: string; ruleIds: string[] }>;
  profiles.find((p) => p.id === 'standard-ship')!.ruleIds.push('rule-acme-dc-only');
  writeFileSync(join(data, 'profiles.json'), JSON.stringify(profiles));
  mkdirSync(join(work, 'broken'));
  writeFileSync(join(work, 'broken/throws.js'), "throw new Error('acme licence server unreachable');\n");
  writeFileSync(join(work, 'broken/nothing.js'), 'export const version = 3;\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('opendom.config.json: plugin packages loaded by every command', () => {
  it('opendom plugins lists the built-in plugins and the package\'s, with id, version, kind, package and options schema', async () => {
    const file = config('opendom.config.json', { plugins: ['acme-dc-only'] });
    const table = await cli(['plugins', '--config', file]);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/rule\s+acme\/dc-only\s+1\.2\.0\s+acme-dc-only\s+—/);
    expect(table.stdout).toMatch(/solver\s+dom\/highs\s+1\.0\.0\s+opendom-builtin/);
    expect(table.stdout).toContain(`configuration: ${file}`);
    const listed = JSON.parse((await cli(['plugins', '--json', '--config', file])).stdout) as Array<{ kind: string; id: string; package: string; optionsSchema: object }>;
    expect(listed.find((p) => p.id === 'acme/dc-only')).toEqual({ kind: 'rule', id: 'acme/dc-only', version: '1.2.0', description: 'Lines in scope ship from distribution centres only.', package: 'acme-dc-only', optionsSchema: { type: 'object', additionalProperties: false, properties: {} } });
    expect(listed.find((p) => p.id === 'acme/applied-file')).toMatchObject({ kind: 'apply-hook', package: 'acme-dc-only' });
    expect(listed.filter((p) => p.package === 'opendom-builtin').length).toBe(listed.length - 2);
  });

  it.each([['an npm package name', 'acme-dc-only'], ['a path beside the file', './local/index.js']])('run ships every line from a DC with the package given by %s; without it the rule type is unknown', async (_how, spec) => {
    const file = config(`by-${spec.startsWith('.') ? 'path' : 'name'}.json`, { plugins: [spec] });
    const run = await cli(['run', '--data', join(work, 'data'), '--profile', 'standard-ship', '--json', '--config', file]);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as { lines: Array<{ assignments: Array<{ locationId: string }> }> };
    const locations = plan.lines.flatMap((l) => l.assignments.map((a) => a.locationId));
    expect(locations.length).toBeGreaterThan(10);
    expect(locations.filter((id) => !DCS.has(id))).toEqual([]);
    const without = await cli(['run', '--data', join(work, 'data'), '--profile', 'standard-ship', '--json'], {});
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('no rule plugin "acme/dc-only" is registered');
  });

  it("serve loads the package: its runs (in worker threads) apply the rule, and its apply hook hears each apply, through the API or a run's", async () => {
    const applied = join(work, 'applied.ndjson');
    const file = config('serve.json', { plugins: ['acme-dc-only'], store: { directory: './served' }, serve: { port: 0 }, applyHooks: [{ id: 'acme/applied-file', options: { path: applied } }] });
    expect((await cli(['import', '--data', join(work, 'data'), '--config', file])).code).toBe(0);
    const key = (await cli(['keys', 'create', '--role', 'operate', '--config', file])).stdout.trim();
    const { child: serve, url } = await startServe(['--config', file]);
    const ended = collect(serve);
    try {
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const started = await fetch(`${url}/api/runs`, { method: 'POST', headers, body: JSON.stringify({ profileId: 'standard-ship', apply: false }) });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      let run: { status: string; planId: string | null };
      do {
        await new Promise((r) => setTimeout(r, 250));
        run = (await (await fetch(`${url}/api/runs/${id}`, { headers })).json()) as typeof run;
      } while (run.status === 'running');
      expect(run.status).toBe('planned');
      const page = (await (await fetch(`${url}/api/plans/${run.planId}?limit=1000`, { headers })).json()) as { lines: Array<{ assignments: Array<{ locationId: string }> }> };
      const locations = page.lines.flatMap((l) => l.assignments.map((a) => a.locationId));
      expect(locations.length).toBeGreaterThan(10);
      expect(locations.filter((loc) => !DCS.has(loc))).toEqual([]);

      const heard = () => readFileSync(applied, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { planId: string; orders: number });
      expect((await fetch(`${url}/api/plans/${run.planId}/apply`, { method: 'POST', headers: { authorization: headers.authorization } })).status).toBe(202);
      let settled: { state: string; settled: { outcomes: { applied: number } } };
      do {
        await new Promise((r) => setTimeout(r, 250));
        settled = (await (await fetch(`${url}/api/plans/${run.planId}/apply`, { headers })).json()) as typeof settled;
      } while (settled.state === 'applying');
      expect(settled.state).toBe('applied');
      expect(heard()).toEqual([{ planId: run.planId, orders: settled.settled.outcomes.applied }]);

      // A run that applies, in its worker thread, goes through the hook too (it finds nothing left to broker).
      const second = (await (await fetch(`${url}/api/runs`, { method: 'POST', headers, body: JSON.stringify({ profileId: 'standard-ship', apply: true }) })).json()) as { id: string };
      do {
        await new Promise((r) => setTimeout(r, 250));
        run = (await (await fetch(`${url}/api/runs/${second.id}`, { headers })).json()) as typeof run;
      } while (run.status === 'running' || run.status === 'applying');
      expect(run.status).toBe('applied');
      expect(heard().map((h) => h.planId)).toEqual([expect.any(String), run.planId]);
    } finally {
      serve.kill('SIGTERM');
      await ended;
    }
  });
});

describe('a configuration or package that cannot be used is refused, naming the file, the field and the package', () => {
  it.each([
    ['a package that is not installed', { plugins: ['acme-missing'] }, ['plugins[0]', 'cannot find the plugin package "acme-missing"', 'npm install acme-missing']],
    ['a package that throws while loading', { plugins: ['./broken/throws.js'] }, ['plugins[0]', 'failed to load: acme licence server unreachable']],
    ['a module that exports no plugin package', { plugins: ['acme-dc-only', './broken/nothing.js'] }, ['plugins[1]', 'exports no plugin package']],
    ['an unknown setting', { plugin: ['acme-dc-only'] }, ['at plugin: is not a known field']],
    ['a setting of the wrong type', { serve: { port: 'eighty' } }, ['serve.port', 'must be integer']],
    ['two stores', { store: { directory: 'a', database: 'postgres://x' } }, ['at store', 'not both']],
    ['a file that is not JSON', '{ "plugins": [', ['not valid JSON']],
  ])('%s', async (_case, body, expected) => {
    const file = config('bad.json', body);
    const result = await cli(['plugins', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_CONFIG');
    expect(result.stderr).toContain(file);
    for (const text of expected) expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr).toContain('(see docs/errors/E_CONFIG.md)');
  });

  it('a --config that does not exist', async () => {
    const result = await cli(['plugins', '--config', join(work, 'nowhere.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`E_CONFIG: ${join(work, 'nowhere.json')}: no such file`);
  });

  it('a package whose plugin id clashes with a registered one', async () => {
    writeFileSync(join(work, 'broken/clash.js'), "export default { name: 'acme-clash', register(api) { api.addSolver({ meta: { id: 'dom/highs', version: '1.0.0', compatibility: '^1.0.0', description: 'x', optionsSchema: { type: 'object' } }, create: async () => ({}) }); } };\n");
    const result = await cli(['plugins', '--config', config('clash.json', { plugins: ['./broken/clash.js'] })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_PLUGIN_DUPLICATE');
    expect(result.stderr).toContain('already registered (by package "opendom-builtin")');
    expect(result.stderr).toContain('(see docs/errors/E_PLUGIN_DUPLICATE.md)');
  });
});

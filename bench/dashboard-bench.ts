/**
 * The dashboard on a 100,000-line plan, in headless Chromium against a real
 * `opendom serve`: how long the plan view takes to open (header, totals and
 * the first page of lines shown), to page (next page, a page far in), to
 * filter by location, and the map to draw (its API answer alone, then the
 * whole view). Medians of several tries.
 *
 *   npm run build && npx tsx bench/dashboard-bench.ts [--lines 100000] [--locations 200] [--tries 5] [--database URL]
 *
 * The plan is made by the engine (greedy solver, to keep the set-up short)
 * on the seeded generator's dataset, in a new embedded store (or a
 * PostgreSQL schema) that is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, FileDataSource, pgliteStore, postgresStore, type SqlStore } from '../index.js';
import { importDataset } from '../adapters/import/import-dataset.js';
import { startService } from '../adapters/http/service.js';
import { launchBrowser } from '../test/dashboard/browser.js';
import { benchDataset, BENCH_PROFILE } from './bench-sizes.js';
import { writeDataset } from './generate-dataset.js';

const { values } = parseArgs({ options: { lines: { type: 'string' }, locations: { type: 'string' }, tries: { type: 'string' }, database: { type: 'string' } } });
const lines = Number(values.lines ?? 100_000);
const tries = Number(values.tries ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'opendom-dashboard-bench-'));
const schema = `opendom_dashboard_bench_${process.pid}`;
const storeOptions: { url: string; schema: string } | { directory: string } = values.database ? { url: values.database, schema } : { directory: join(dir, 'store') };
const open = (): SqlStore => ('url' in storeOptions ? postgresStore(storeOptions) : pgliteStore(storeOptions));
const since = (start: number) => performance.now() - start;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let setup = performance.now();
writeDataset(join(dir, 'data'), benchDataset({ name: 'XL', lines, locations: Number(values.locations ?? 200), variants: 2_000 }, 'ample'));
const store = open();
await importDataset(new FileDataSource(join(dir, 'data')), store);
const engine = await createEngine({ data: store });
const run = await store.startRun(BENCH_PROFILE, new Date());
const plan = await engine.run({ profileId: BENCH_PROFILE, asOf: new Date('2026-11-20T00:00:00Z'), solver: 'dom/greedy' });
await store.savePlan(run.id, plan);
await store.finishRun(run.id, { status: 'planned' }, new Date());
await engine.close();
const { key } = await store.createKey('read', 'dashboard bench');
await store.close();
console.log(`set-up: ${plan.lines.length.toLocaleString('en-US')} plan lines, ${plan.totals.orders.toLocaleString('en-US')} orders, ${(since(setup) / 1000).toFixed(1)} s`);

const total = plan.lines.length.toLocaleString('en-US');
const service = await startService({ port: 0, store: storeOptions, logStream: { write: () => {} } });
const browser = await launchBrowser();
const figures: Record<string, number[]> = { open: [], next: [], far: [], filter: [], 'map API': [], map: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${service.url}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const shows = (pattern: RegExp) => page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="page-info"]')?.textContent ?? ''), pattern.source, { timeout: 60_000 });
  const busiest = [...plan.lines.reduce((m, l) => (l.assignments[0] ? m.set(l.assignments[0].locationId, (m.get(l.assignments[0].locationId) ?? 0) + 1) : m), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]![0];
  for (let i = 0; i < tries; i++) {
    await page.goto(`${service.url}/#/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    let start = performance.now();
    await page.goto(`${service.url}/#/plans/${plan.planId}`);
    await shows(new RegExp(`^Lines 1–100 of ${total} `));
    figures.open!.push(since(start));

    start = performance.now();
    await page.getByRole('button', { name: 'Next' }).click();
    await shows(/^Lines 101–200 /);
    figures.next!.push(since(start));

    start = performance.now();
    await page.getByLabel('Go to page').fill('900');
    await page.getByLabel('Go to page').press('Enter');
    await shows(/^Lines 89901–90000 /);
    figures.far!.push(since(start));

    start = performance.now();
    await page.getByLabel('Location').fill(busiest);
    await page.getByRole('button', { name: 'Filter' }).click();
    await shows(/^Lines 1–100 of (?!100,000)/);
    figures.filter!.push(since(start));

    start = performance.now();
    await (await fetch(`${service.url}/api/plans/${plan.planId}/map`, { headers: { authorization: `Bearer ${key}` } })).json();
    figures['map API']!.push(since(start));

    start = performance.now();
    await page.goto(`${service.url}/#/plans/${plan.planId}/map`);
    await page.getByRole('table', { name: 'Load of each location' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    figures.map!.push(since(start));
  }
} finally {
  await browser.close();
  await service.close();
  if ('url' in storeOptions) {
    const pg = open();
    await (await pg.client()).query(`drop schema if exists ${schema} cascade`);
    await pg.close();
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${values.database ? 'PostgreSQL' : 'embedded store (PGlite)'}, ${total} lines, ${tries} tries: median (min–max) in ms`);
for (const [name, xs] of Object.entries(figures)) {
  console.log(`${name.padEnd(8)} ${Math.round(median(xs)).toString().padStart(6)}  (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`);
}

/**
 * The service under load: `opendom serve` on the embedded store with a
 * dataset imported (default: the bundled example), suggest over HTTP on
 * loopback at a fixed rate of random valid lines (autocannon, latencies
 * corrected for coordinated omission), first alone, then while scheduled
 * runs of a profile plan in the same process (each run in a worker thread
 * of lower scheduling priority). serve runs as installed (built first).
 * Also the idle memory of `serve` on the dataset, and optionally on a
 * larger one (--memory-data).
 *
 *   npx tsx bench/service-bench.ts [--data DIR] [--rate 1000] [--seconds 30] [--repeat 3]
 *     [--run-profile standard-ship] [--run-nice N] [--memory-data DIR]
 *
 * Prints a markdown report and writes it to bench/results/service-<time>.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { FileDataSource, pgliteStore } from '../index.js';
import { importDataset } from '../adapters/import/import-dataset.js';
import { machineLine } from './report.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(ROOT, 'examples/retail') },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    repeat: { type: 'string', default: '3' },
    'run-profile': { type: 'string', default: 'standard-ship' },
    'memory-data': { type: 'string' },
    'run-nice': { type: 'string' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const repeat = Number(values.repeat);
const runProfile = values['run-profile']!;

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

interface Phase {
  p50: number;
  p975: number;
  p99: number;
  max: number;
  requests: number;
  rps: number;
  errors: number;
  runsPlanning?: number;
}

const work = mkdtempSync(join(tmpdir(), 'opendom-service-bench-'));
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

try {
  // serve as installed: the built JavaScript, not compiled on the fly.
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const { directory, keys } = await prepare(values.data!, 'store');
  const served = await serve(directory);
  const idle = await idleMemory(served);
  const line = randomLine(VARIANTS(values.data!));

  say('# Service benchmark');
  say();
  say(`Machine: ${machineLine()}. Dataset: ${values.data}. Runs' threads at nice ${values['run-nice'] ?? '10 (the default)'}. Suggest at ${rate} requests/s for ${seconds} s over 10 connections, ${repeat} times per phase; latencies in ms (autocannon, corrected for coordinated omission).`);
  say();
  await load(served.url, keys.operate, line, 3); // warm-up

  const alone: Phase[] = [];
  for (let i = 0; i < repeat; i++) alone.push(await load(served.url, keys.operate, line, seconds));

  // Scheduled runs of a profile every 10 s: each tick finds the previous run done, or is skipped.
  await schedule(served.url, keys.admin, runProfile, '*/10 * * * * *');
  // The schedule is a configuration change: suggest's first answer after it reloads its data in full.
  await load(served.url, keys.operate, line, 1);
  const during: Phase[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = new Date();
    const phase = await load(served.url, keys.operate, line, seconds);
    phase.runsPlanning = await runsBetween(served.url, keys.read, runProfile, started, new Date());
    during.push(phase);
  }
  await schedule(served.url, keys.admin, runProfile, null);
  await stop(served);

  say('| phase | run | p50 | p97.5 | p99 | max | requests | req/s | errors | runs of the profile overlapping |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, phases] of [['suggest alone', alone], [`suggest while ${runProfile} runs`, during]] as const) {
    phases.forEach((p, i) => say(`| ${name} | ${i + 1} | ${p.p50} | ${p.p975} | ${p.p99} | ${p.max} | ${p.requests} | ${p.rps} | ${p.errors} | ${p.runsPlanning ?? '—'} |`));
    say(`| ${name} | **median** | **${median(phases.map((p) => p.p50))}** | ${median(phases.map((p) => p.p975))} | **${median(phases.map((p) => p.p99))}** | ${median(phases.map((p) => p.max))} | | ${median(phases.map((p) => p.rps))} | ${phases.reduce((s, p) => s + p.errors, 0)} | |`);
  }
  say();
  say(`Targets: p99 ≤ 10 ms, p50 ≤ 2 ms, no errors. Alone: p50 ${median(alone.map((p) => p.p50))} ms, p99 ${median(alone.map((p) => p.p99))} ms. While runs plan: p50 ${median(during.map((p) => p.p50))} ms, p99 ${median(during.map((p) => p.p99))} ms.`);
  say();
  say(`Idle memory of serve (resident set, after start-up and 5 s idle): ${idle} MiB on ${values.data}.`);
  if (values['memory-data']) {
    const big = await prepare(values['memory-data'], 'big');
    const bigServed = await serve(big.directory);
    say(`Idle memory of serve on ${values['memory-data']} (${big.lines.toLocaleString('en-US')} lines): ${await idleMemory(bigServed)} MiB.`);
    await stop(bigServed);
  }
  const file = join(ROOT, 'bench/results', `service-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  process.stdout.write(`\nWritten to ${file}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** A new embedded store with the dataset imported and a key of each role. */
async function prepare(data: string, name: string): Promise<{ directory: string; keys: Record<'read' | 'operate' | 'admin', string>; lines: number }> {
  const directory = join(work, name);
  const store = pgliteStore({ directory });
  try {
    await importDataset(new FileDataSource(data), store);
    const keys = { read: '', operate: '', admin: '' };
    for (const role of ['read', 'operate', 'admin'] as const) keys[role] = (await store.createKey(role, 'bench')).key;
    const [row] = await (await store.client()).query<{ n: number }>('select count(*)::int as n from sales_lines');
    return { directory, keys, lines: row!.n };
  } finally {
    await store.close();
  }
}

async function serve(directory: string): Promise<Served> {
  const nice = values['run-nice'] ? ['--run-nice', values['run-nice']] : [];
  const child = spawn(process.execPath, ['dist/adapters/cli/main.js', 'serve', '--store', directory, '--port', '0', ...nice], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const match = /"msg":"OpenDOM serving at (http:\/\/[^"]+)"/.exec(out);
      if (match) {
        // The request log keeps flowing; it is read and dropped, as a log collector would.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        done(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => fail(new Error(`serve exited: ${out}`)));
  });
  return { child, url, exited };
}

async function stop(served: Served): Promise<void> {
  served.child.kill('SIGTERM');
  await served.exited;
}

async function idleMemory(served: Served): Promise<number> {
  await new Promise((r) => setTimeout(r, 5000));
  const status = readFileSync(`/proc/${served.child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

async function load(url: string, key: string, line: () => string, duration: number): Promise<Phase> {
  const result = await autocannon({
    url,
    connections: 10,
    overallRate: rate,
    duration,
    requests: [{ method: 'POST', path: '/api/suggest', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: line() }) }],
  });
  return {
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Sets (or removes) the run profile's schedule through the API. */
async function schedule(url: string, key: string, profileId: string, cron: string | null): Promise<void> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const { profile } = (await (await fetch(`${url}/api/profiles/${profileId}`, { headers })).json()) as { profile: Record<string, unknown> };
  const { nextDue: _nextDue, schedule: _schedule, ...stored } = profile;
  const body = { profiles: [{ ...stored, ...(cron ? { schedule: { cron, timeZone: 'UTC' } } : {}) }] };
  const answer = await fetch(`${url}/api/imports`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`setting the schedule failed: ${await answer.text()}`);
  await new Promise((r) => setTimeout(r, 1000));
}

/** Runs of the profile that were under way at some point in [from, to]. */
async function runsBetween(url: string, key: string, profileId: string, from: Date, to: Date): Promise<number> {
  const { runs } = (await (await fetch(`${url}/api/runs?profileId=${profileId}&limit=100`, { headers: { authorization: `Bearer ${key}` } })).json()) as { runs: Array<{ startedAt: string; finishedAt: string | null }> };
  return runs.filter((r) => new Date(r.startedAt) <= to && (r.finishedAt === null || new Date(r.finishedAt) >= from)).length;
}

function VARIANTS(data: string): string[] {
  return readFileSync(join(data, 'variants.json'), 'utf8').match(/"id":\s*"[^"]+"/g)!.map((m) => m.split('"')[3]!);
}

/** Random valid lines (seeded): variants of the dataset, 1–4 units, places in the contiguous US, both channels of the example. */
function randomLine(variants: string[]): () => string {
  let state = 42;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const channels = [{ modeOfDelivery: 'standard', salesOrigin: 'web' }, { modeOfDelivery: 'express', salesOrigin: 'app' }, { modeOfDelivery: 'standard', salesOrigin: 'marketplace' }];
  return () => JSON.stringify({
    variantId: variants[Math.floor(next() * variants.length)],
    quantity: 1 + Math.floor(next() * 4),
    deliveryAddress: { coordinates: { latitude: 26 + next() * 22, longitude: -123 + next() * 52 } },
    legalEntity: 'usrt',
    ...channels[Math.floor(next() * channels.length)],
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 100) / 100;
}

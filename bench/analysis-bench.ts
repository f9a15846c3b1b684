/**
 * Simulation and why-not at size, timed:
 *
 * - simulate: the L dataset (10,000 lines × 500 locations) as a snapshot,
 *   its base and three variants (a DC offline, +20 % stock at the DCs, the
 *   greedy solver), each run's wall time;
 * - why-not: on the M dataset (one batch of 1,500 lines × 200 locations),
 *   `tries` lines each asked about a runner-up location (a `dearer`
 *   answer, the slow kind: a re-solve) and about a random location of the
 *   profile; p50 and p90 of each.
 *
 *   npx tsx bench/analysis-bench.ts [--tries 20] [--skip-simulate]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, FileDataSource } from '../index.js';
import { simulate } from '../adapters/snapshot/simulate.js';
import { snapshotDataset, takeSnapshot, type Snapshot } from '../adapters/snapshot/snapshot.js';
import { Random } from '../testing/random.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import { writeDataset } from './generate-dataset.js';

const { values } = parseArgs({ options: { tries: { type: 'string' }, 'skip-simulate': { type: 'boolean' } } });
const tries = Number(values.tries ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'opendom-analysis-bench-'));
const AS_OF = '2026-11-20T00:00:00.000Z';
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function snapshotOf(size: 'M' | 'L'): Promise<Snapshot> {
  const data = join(dir, size);
  writeDataset(data, benchDataset(BENCH_SIZES.find((s) => s.name === size)!, 'ample'));
  return takeSnapshot(await new FileDataSource(data).read(), { profileId: BENCH_PROFILE, asOf: AS_OF, source: `bench ${size}`, run: {}, engine: {} }, new Date());
}

try {
  if (!values['skip-simulate']) {
    const snapshot = await snapshotOf('L');
    const dc = (snapshot.dataset.locations as Array<{ id: string; type: string }>).find((l) => l.type === 'distribution-center')!.id;
    const started = performance.now();
    const runs = await simulate(snapshot, [
      { name: `${dc} offline`, offline: [dc] },
      { name: 'DC stock +20 %', stock: [{ locationType: 'distribution-center', factor: 1.2 }] },
      { name: 'greedy', solver: 'dom/greedy' },
    ], {});
    const total = (performance.now() - started) / 1000;
    console.log(`simulate, L (${runs[0]!.plan.lines.length.toLocaleString('en-US')} lines × 500 locations), base + 3 variants: ${total.toFixed(1)} s in all`);
    for (const r of runs) console.log(`  ${r.name.padEnd(22)} ${r.seconds.toFixed(1).padStart(6)} s  cost ${Math.round(r.metrics.cost).toLocaleString('en-US')}  fill ${(r.metrics.fillRate * 100).toFixed(2)} %  ${r.metrics.solver.id} ${r.metrics.solver.status}`);
  }

  const snapshot = await snapshotOf('M');
  const engine = await createEngine({ data: { read: async () => snapshotDataset(snapshot) } });
  try {
    const plan = await engine.run({ profileId: BENCH_PROFILE, asOf: new Date(AS_OF), deterministic: true });
    const random = new Random(7);
    const locations = [...new Set(plan.lines.flatMap((l) => [...l.explanation.alternatives, ...l.explanation.chosen].map((c) => c.locationId)))];
    const withRunnerUp = plan.lines.filter((l) => l.explanation.alternatives.length > 0);
    await engine.whyNot(plan, withRunnerUp[0]!.lineId, withRunnerUp[0]!.explanation.alternatives[0]!.locationId); // warm-up
    const timed: Record<string, number[]> = { 'runner-up (dearer)': [], 'random location': [] };
    const kinds = new Map<string, number>();
    for (let i = 0; i < tries; i++) {
      const line = random.pick(withRunnerUp);
      for (const [name, locationId] of [['runner-up (dearer)', line.explanation.alternatives[0]!.locationId], ['random location', random.pick(locations)]] as const) {
        const started = performance.now();
        const answer = await engine.whyNot(plan, line.lineId, locationId);
        timed[name]!.push(performance.now() - started);
        kinds.set(answer.kind, (kinds.get(answer.kind) ?? 0) + 1);
      }
    }
    console.log(`\nwhy-not, M (one batch of ${plan.lines.length.toLocaleString('en-US')} lines × 200 locations), ${tries} lines, ms:`);
    for (const [name, xs] of Object.entries(timed)) console.log(`  ${name.padEnd(20)} p50 ${Math.round(quantile(xs, 0.5)).toString().padStart(5)}  p90 ${Math.round(quantile(xs, 0.9)).toString().padStart(5)}  max ${Math.round(Math.max(...xs))}`);
    console.log(`  answers: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  } finally {
    await engine.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

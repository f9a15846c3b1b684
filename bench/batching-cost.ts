/**
 * The cost of batching: the plan of a run in its batches (the profile's
 * batch size, the solver's default) against the plan of the whole pool
 * solved as one batch, and the bound HiGHS proves for that one.
 *
 *   npx tsx bench/batching-cost.ts [--sizes M,L] [--stock ample,scarce] [--time-limit 600]
 *
 * Batching can only cost: a batch plans without seeing the orders of later
 * batches. Costs compare plans that fulfil the same units; when the pool
 * plan fulfils more (batches gave contested units away too early), that is
 * reported beside the cost.
 */
import { parseArgs } from 'node:util';
import { createEngine, MemoryDataSource, type MemoryRecords, type Plan } from '../index.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import type { StockLevel } from './generate-dataset.js';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, stock: { type: 'string' }, 'time-limit': { type: 'string' } } });
const sizes = (values.sizes ?? 'M,L').split(',');
const stocks = (values.stock ?? 'ample,scarce').split(',') as StockLevel[];
const timeLimitSeconds = Number(values['time-limit'] ?? 600);
const AS_OF = new Date('2026-11-20T12:00:00Z');

async function plan(records: MemoryRecords, maxLines: number | null): Promise<{ plan: Plan; seconds: number }> {
  const data = maxLines === null ? records : { ...records, profiles: (records.profiles as Array<{ id: string }>).map((p) => (p.id === BENCH_PROFILE ? { ...p, maxLinesPerOptimization: maxLines } : p)) };
  const engine = await createEngine({ data: new MemoryDataSource(data) });
  try {
    const started = performance.now();
    const result = await engine.run({ profileId: BENCH_PROFILE, asOf: AS_OF, solver: 'dom/highs', timeLimitSeconds });
    return { plan: result, seconds: (performance.now() - started) / 1000 };
  } finally {
    await engine.close();
  }
}

console.log('| size | stock | batches | batched: units, cost | one batch: units, cost, status | bound | batched vs one batch | batched vs bound | times (s) |');
console.log('| --- | --- | ---: | --- | --- | ---: | ---: | ---: | --- |');
for (const size of sizes) {
  for (const stock of stocks) {
    const spec = BENCH_SIZES.find((s) => s.name === size)!;
    const records = benchDataset(spec, stock) as unknown as MemoryRecords;
    const batched = await plan(records, null);
    const whole = await plan(records, spec.lines + 1);
    const b = batched.plan.totals;
    const w = whole.plan.totals;
    const bound = whole.plan.solver.cost.bound;
    const sameUnits = b.unitsFulfilled === w.unitsFulfilled;
    const pct = (x: number, y: number) => `${(((x - y) / y) * 100).toFixed(3)} %`;
    console.log(`| ${size} | ${stock} | ${batched.plan.batches.length} | ${b.unitsFulfilled}, ${Math.round(b.cost)} | ${w.unitsFulfilled}, ${Math.round(w.cost)}, ${whole.plan.solver.status} | ${bound === null ? '—' : Math.round(bound)} | ${sameUnits ? pct(b.cost, w.cost) : `${w.unitsFulfilled - b.unitsFulfilled} units fewer`} | ${sameUnits && bound !== null ? pct(b.cost, bound) : '—'} | ${batched.seconds.toFixed(1)}, ${whole.seconds.toFixed(1)} |`);
  }
}

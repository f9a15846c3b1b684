/**
 * The cost of batching: the plan of a run in its batches (the profile's
 * batch size, the solver's default), in arrival order alone and guided by a
 * plan of the whole pool (docs/spec.md §3.2, in windows of
 * `poolGuideWindowLines`: the dataset's, or `--window`), against
 * the plan of the whole pool solved as one batch and two bounds: the one
 * HiGHS proves for that plan, and the sum of each order's best plan on its
 * own (every order alone with all the stock — a bound on the cost of any
 * plan that ships every line, cheap at any size).
 *
 *   npx tsx bench/batching-cost.ts [--sizes M,L] [--stock ample,scarce] [--time-limit 600] [--whole false] [--window LINES]
 *
 * `--whole false` skips the whole pool's solve (at XL it does not fit the
 * WebAssembly solver's heap). Costs compare plans that fulfil the same
 * units; when one fulfils more, the units are reported instead.
 */
import { parseArgs } from 'node:util';
import { createEngine, MemoryDataSource, type MemoryRecords, type Plan } from '../index.js';
import { RunLedger } from '../core/engine/ledger.js';
import { lexicographicSearch, SCORE_DIMS } from '../core/solve/plan-scores.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import type { StockLevel } from './generate-dataset.js';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, stock: { type: 'string' }, 'time-limit': { type: 'string' }, whole: { type: 'string' }, window: { type: 'string' } } });
const sizes = (values.sizes ?? 'M,L').split(',');
const stocks = (values.stock ?? 'ample,scarce').split(',') as StockLevel[];
const timeLimitSeconds = Number(values['time-limit'] ?? 600);
const solveWhole = values.whole !== 'false';
const guideWindow = values.window === undefined ? undefined : Number(values.window);
const AS_OF = new Date('2026-11-20T12:00:00Z');

/** The records with the bench profile's batch size and the pool guide's window changed (each when given). */
function withSettings(records: MemoryRecords, maxLines: number | null, poolGuideWindowLines: number | undefined): MemoryRecords {
  const profiles = (records.profiles as Array<{ id: string }>).map((p) => (p.id === BENCH_PROFILE && maxLines !== null ? { ...p, maxLinesPerOptimization: maxLines } : p));
  return { ...records, profiles, parameters: { ...(records.parameters as object), ...(poolGuideWindowLines === undefined ? {} : { poolGuideWindowLines }) } };
}

async function plan(records: MemoryRecords): Promise<{ plan: Plan; seconds: number }> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    const started = performance.now();
    const result = await engine.run({ profileId: BENCH_PROFILE, asOf: AS_OF, solver: 'dom/highs', timeLimitSeconds });
    return { plan: result, seconds: (performance.now() - started) / 1000 };
  } finally {
    await engine.close();
  }
}

/**
 * Σ over orders of the cost of the order's best plan on its own, with every
 * soft rule dropped (iteration 2's candidates, a superset of iteration 1's),
 * batch by batch so that the whole pool's problem is never in memory. A
 * plan that ships every line pays at least this; null when some order
 * cannot ship every line even alone.
 */
async function standaloneBound(records: MemoryRecords): Promise<number | null> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    const prepared = await engine.prepare({ profileId: BENCH_PROFILE, asOf: AS_OF, solver: 'dom/highs' });
    let bound = 0;
    for (const orders of prepared.batches) {
      const problem = await prepared.problem(orders, 2, new RunLedger());
      const { search } = lexicographicSearch(problem);
      for (const order of problem.orders) {
        const best = search.best(order.index, { maxShipments: order.structure.maxLocations, allOrNothing: order.structure.allOrNothing });
        if (best.arcs.length < order.lines.length || !best.exact) return null;
        bound += best.score[SCORE_DIMS - 1]!;
      }
    }
    return bound;
  } finally {
    await engine.close();
  }
}

const units = (p: Plan) => p.totals.unitsFulfilled;
const pct = (x: number, y: number) => `${(((x - y) / y) * 100).toFixed(2)} %`;
/** `x` against `y`: the cost difference when both fulfil as many units, else the units. */
const versus = (x: Plan, y: Plan) => (units(x) === units(y) ? pct(x.totals.cost, y.totals.cost) : `${units(x) - units(y)} units`);

console.log('| size | stock | batches | arrival order: units, cost, s | guided: units, cost, s | whole pool: units, cost, status, s | HiGHS bound | standalone bound | arrival vs whole | guided vs whole | arrival vs standalone | guided vs standalone |');
console.log('| --- | --- | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const size of sizes) {
  for (const stock of stocks) {
    const spec = BENCH_SIZES.find((s) => s.name === size)!;
    const records = benchDataset(spec, stock) as unknown as MemoryRecords;
    const arrival = await plan(withSettings(records, null, 0));
    const guided = await plan(withSettings(records, null, guideWindow));
    const whole = solveWhole ? await plan(withSettings(records, spec.lines + 1, 0)) : null;
    const bound = await standaloneBound(records);
    const cells = (p: { plan: Plan; seconds: number }) => `${units(p.plan)}, ${Math.round(p.plan.totals.cost)}, ${p.seconds.toFixed(1)}`;
    const fullFill = (p: Plan) => p.totals.fillRate === 1;
    const vsBound = (p: Plan) => (bound !== null && fullFill(p) ? pct(p.totals.cost, bound) : '—');
    const highsBound = whole?.plan.solver.cost.bound ?? null;
    console.log(
      `| ${size} | ${stock} | ${arrival.plan.batches.length} | ${cells(arrival)} | ${cells(guided)} | ${whole ? `${cells(whole).split(', ').slice(0, 2).join(', ')}, ${whole.plan.solver.status}, ${whole.seconds.toFixed(1)}` : 'not solved'} | ${highsBound === null ? '—' : Math.round(highsBound)} | ${bound === null ? '—' : Math.round(bound)} | ${whole ? versus(arrival.plan, whole.plan) : '—'} | ${whole ? versus(guided.plan, whole.plan) : '—'} | ${vsBound(arrival.plan)} | ${vsBound(guided.plan)} |`,
    );
  }
}

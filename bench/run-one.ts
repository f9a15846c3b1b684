/**
 * One benchmark measurement, in a process of its own so that its peak memory
 * and warm-up are its own: generates the dataset of a size, runs the engine
 * `repeat` times with one solver (timed) and prints the result as JSON. With
 * `bounds` as second argument it runs once, untimed, and prints the plan's
 * priority-and-cost and the LP bound of its batch iterations instead (the
 * benchmark does that in another process: the LP relaxations of the batch
 * models are no part of the measured run's memory).
 *
 *   npx tsx bench/run-one.ts '{"size":"M","stock":"ample","solver":"highs","repeat":3,"bounds":true}' [bounds]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLinearModel } from '../core/model/build-linear-model.js';
import { columnValuesOf } from '../core/model/column-values.js';
import { levelValue } from '../core/model/linear-model.js';
import { createEngine, MemoryDataSource, type MemoryRecords, type OpenDomPlugin, type Plan, type RunOptions, type SolverPlugin } from '../index.js';
import { glpkSolver } from '../plugins/solvers/glpk/glpk.solver.js';
import { highsSolver } from '../plugins/solvers/highs/highs.solver.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import type { StockLevel } from './generate-dataset.js';
import { lpCostBound } from './lp-bound.js';
import { perOrderBaseline } from './per-order-baseline.js';

/** The MIP solvers run as `bench/…`: the built-in solver with its solve calls timed (`Measurement.time.solverCalls`). */
export const BENCH_SOLVERS = {
  highs: { id: 'bench/highs' },
  glpk: { id: 'bench/glpk' },
  greedy: { id: 'dom/greedy' },
  baseline: { id: 'bench/per-order' },
  /** The greedy solver in batches of 100 lines, its default before 1,500 (the documented product's). */
  'greedy-100': { id: 'dom/greedy', batchLines: 100 },
  /** HiGHS on each order's 5 best locations (candidate pruning). */
  'highs-k5': { id: 'bench/highs', candidateLimit: 5 },
  /** HiGHS with batches solved at once in worker threads on every core (threadUtilization 100); its calls are not timed. */
  'highs-parallel': { id: 'dom/highs', threadUtilization: 100 },
} as const;
export type BenchSolver = keyof typeof BENCH_SOLVERS;

export interface RunConfig {
  size: (typeof BENCH_SIZES)[number]['name'];
  stock: StockLevel;
  solver: BenchSolver;
  repeat: number;
  bounds: boolean;
  timeLimitSeconds?: number;
}

export interface Measurement {
  config: RunConfig;
  orders: number;
  lines: number;
  batches: number;
  /** Full batch models summed over batch iterations (production solvers). */
  model: { columns: number; rows: number; nonZeros: number; largestColumns: number } | null;
  /** What the MIP solver was given after settling and splitting, summed. */
  solved: { columns: number; rows: number; nonZeros: number; largestColumns: number; settledOrders: number } | null;
  /** Milliseconds: the median of the timed runs, and every run; `solverCalls`: inside the MIP solver's own calls (0 for the others). */
  time: { endToEnd: number; load: number; filter: number; build: number; solve: number; solverCalls: number; postProcess: number; runs: number[] };
  status: string;
  fallbacks: number;
  objective: number | null;
  /** The solver's own relative gap (objective vs its proven bound). */
  solverGap: number | null;
  fillRate: number;
  unitsFulfilled: number;
  cost: number;
  /** Priority and cost levels of the plan, and the LP bound on them at the plan's fulfilment. */
  priorityAndCost: number | null;
  lpBound: number | null;
  splitOrders: number;
  shipmentsPerOrder: number;
  peakRssMiB: number;
}

/** The dataset and run options of a configuration. */
function setUp(config: RunConfig): { records: MemoryRecords; options: RunOptions } {
  const size = BENCH_SIZES.find((s) => s.name === config.size)!;
  const solver = BENCH_SOLVERS[config.solver];
  const dataset = benchDataset(size, config.stock);
  if ('batchLines' in solver) for (const profile of dataset.profiles) profile.maxLinesPerOptimization = solver.batchLines;
  if ('threadUtilization' in solver) dataset.parameters.threadUtilization = solver.threadUtilization;
  const options: RunOptions = {
    profileId: BENCH_PROFILE,
    solver: solver.id,
    asOf: new Date('2026-11-20T12:00:00Z'),
    ...('candidateLimit' in solver ? { candidateLimit: solver.candidateLimit } : {}),
    ...(config.timeLimitSeconds ? { timeLimitSeconds: config.timeLimitSeconds } : {}),
  };
  return { records: dataset as unknown as MemoryRecords, options };
}

/** The timed runs; the LP bound fields are null (`boundsOf` computes them). */
export async function measure(config: RunConfig): Promise<Measurement> {
  const { records, options } = setUp(config);
  const runs: Array<{ wall: number; solverCalls: number; timings: Plan['timings'] }> = [];
  let first: PlanSummary | undefined;
  for (let r = 0; r < config.repeat; r++) {
    // Worker threads load plugin packages by their module URL: the bench's own package has none, so a parallel run goes without it.
    const run = await timedRun(records, options, 'threadUtilization' in BENCH_SOLVERS[config.solver] ? [] : [BENCH_PLUGINS]);
    runs.push(run);
    first ??= run.summary;
  }
  return summarise(config, first!, runs, process.resourceUsage().maxRSS / 1024);
}

/**
 * One timed run, keeping only the plan's summary (the solvers are deterministic). A function
 * of its own so that nothing holds the plan's lines once it returns: a suspended async
 * function keeps its locals, and the next run would carry this one's plan in its peak memory.
 */
async function timedRun(records: MemoryRecords, options: RunOptions, plugins: OpenDomPlugin[]): Promise<{ wall: number; solverCalls: number; timings: Plan['timings']; summary: PlanSummary }> {
  const engine = await createEngine({ data: new MemoryDataSource(records), plugins });
  try {
    const callsBefore = solverCallMs;
    const started = performance.now();
    const plan = await engine.run(options);
    const wall = performance.now() - started;
    return { wall, solverCalls: solverCallMs - callsBefore, timings: plan.timings, summary: { totals: plan.totals, batches: plan.batches, solver: plan.solver } };
  } finally {
    await engine.close();
  }
}

export interface Bounds {
  /** The plan's priority and cost levels, summed over batch iterations. */
  value: number;
  /** The LP bound on them at the plan's fulfilment; null when an LP did not solve to optimality. */
  bound: number | null;
}

/** An untimed run that computes, for each batch iteration, the plan's priority-and-cost and its LP bound. */
export async function boundsOf(config: RunConfig): Promise<Bounds> {
  const { records, options } = setUp(config);
  const engine = await createEngine({ data: new MemoryDataSource(records), plugins: [BENCH_PLUGINS] });
  const pending: Array<Promise<Bounds>> = [];
  await engine.run({
    ...options,
    onSolved: ({ problem, model, outcome }) => {
      const batchModel = model ?? buildLinearModel(problem);
      const values = columnValuesOf(batchModel, outcome.arcQuantities);
      const value = batchModel.levels.filter((l) => l.name !== 'fulfilment').reduce((sum, l) => sum + l.weight * levelValue(l, values), 0);
      pending.push(lpCostBound(batchModel, outcome.arcQuantities).then((bound) => ({ value, bound })));
    },
  });
  await engine.close();
  const parts = await Promise.all(pending);
  const bound = parts.some((p) => p.bound === null) ? null : parts.reduce((sum, p) => sum + p.bound!, 0);
  return { value: parts.reduce((sum, p) => sum + p.value, 0), bound };
}

type PlanSummary = Pick<Plan, 'totals' | 'batches' | 'solver'>;

/** Milliseconds spent inside the timed solvers' `solve` calls in this process. */
let solverCallMs = 0;

/** The solver with its `solve` calls timed, as `bench/<name>`. */
function timed<O>(solver: SolverPlugin<O>): SolverPlugin<O> {
  return {
    ...solver,
    meta: { ...solver.meta, id: `bench/${solver.meta.id.split('/')[1]}`, description: `${solver.meta.id}, its solve calls timed` },
    async create(options) {
      const instance = await solver.create(options);
      return {
        solve: async (input) => {
          const started = performance.now();
          try {
            return await instance.solve(input);
          } finally {
            solverCallMs += performance.now() - started;
          }
        },
      };
    },
  };
}

const BENCH_PLUGINS: OpenDomPlugin = {
  name: 'bench',
  register: (api) => {
    api.addSolver(perOrderBaseline);
    api.addSolver(timed(highsSolver));
    api.addSolver(timed(glpkSolver));
  },
};

function summarise(
  config: RunConfig,
  plan: PlanSummary,
  runs: Array<{ wall: number; solverCalls: number; timings: Plan['timings'] }>,
  peakRssMiB: number,
): Measurement {
  const iterations = plan.batches.flatMap((b) => b.iterations);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const timing = (stage: keyof Plan['timings']) => median(runs.map((r) => r.timings[stage]));
  const models = iterations.flatMap((i) => (i.model ? [i.model] : []));
  const parts = iterations.flatMap((i) => (i.decomposition ? [i.decomposition] : []));
  return {
    config,
    orders: plan.totals.orders,
    lines: plan.totals.lines,
    batches: plan.batches.length,
    model: models.length === 0 ? null : {
      columns: sum(models.map((m) => m.columns)),
      rows: sum(models.map((m) => m.rows)),
      nonZeros: sum(models.map((m) => m.nonZeros)),
      largestColumns: Math.max(...models.map((m) => m.columns)),
    },
    solved: parts.length === 0 ? null : {
      columns: sum(parts.map((p) => p.columns)),
      rows: sum(parts.map((p) => p.rows)),
      nonZeros: sum(parts.map((p) => p.nonZeros)),
      largestColumns: Math.max(...parts.map((p) => p.largestColumns)),
      settledOrders: sum(parts.map((p) => p.settledOrders)),
    },
    time: {
      endToEnd: median(runs.map((r) => r.wall)),
      load: timing('load'),
      filter: timing('filter'),
      build: timing('build-model'),
      solve: timing('solve'),
      solverCalls: median(runs.map((r) => r.solverCalls)),
      postProcess: timing('post-process'),
      runs: runs.map((r) => Math.round(r.wall)),
    },
    status: plan.solver.status,
    fallbacks: plan.solver.fallbacks.length,
    objective: plan.solver.objective,
    solverGap: plan.solver.gap,
    fillRate: plan.totals.fillRate,
    unitsFulfilled: plan.totals.unitsFulfilled,
    cost: plan.totals.cost,
    priorityAndCost: null,
    lpBound: null,
    splitOrders: plan.totals.splitOrders,
    shipmentsPerOrder: plan.totals.shipmentsPerOrder,
    peakRssMiB: Math.round(peakRssMiB),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const config = JSON.parse(process.argv[2] ?? '{}') as RunConfig;
  (process.argv[3] === 'bounds' ? boundsOf(config) : measure(config)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * The solver benchmark: seeded instances S, M, L and XL with ample and
 * scarce stock, each solver and the per-order baseline, every measurement in
 * a process of its own (its peak memory is its own), timings as medians over
 * repeated runs. Writes bench/results/bench-<time>.{json,md} and latest.{json,md}.
 *
 *   npm run bench -- [--sizes S,M,L,XL] [--stock ample,scarce] [--solvers highs,glpk,greedy,greedy-100,baseline,highs-k5]
 *                    [--repeat N] [--no-bounds] [--time-limit SECONDS] [--heap-mib MIB] [--merge]
 *
 * --merge adds the new measurements to those of bench/results/latest.json
 * (replacing the same size, stock and solver), for a benchmark run piecewise.
 * GLPK runs at size S only (its models are too large beyond: the run would
 * hit its time limit batch after batch); --glpk-sizes overrides. At XL only
 * HiGHS, greedy and the baseline run (each XL measurement takes minutes; the
 * other variants are measured at S–L); --xl-solvers overrides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_SIZES } from './bench-sizes.js';
import type { StockLevel } from './generate-dataset.js';
import { renderReport } from './report.js';
import { BENCH_SOLVERS, type BenchSolver, type Bounds, type Measurement, type RunConfig } from './run-one.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Repetitions by size: small instances are cheap to repeat, XL takes minutes per run. */
const DEFAULT_REPEAT: Record<RunConfig['size'], number> = { S: 5, M: 5, L: 3, XL: 3 };
/**
 * V8 heap limit of the XL measurements: a run that fits under it proves the
 * peak-memory target; without a limit V8 lets its heap grow towards its
 * default of about 4 GiB before collecting, and the peak measures that laziness.
 */
const DEFAULT_HEAP_MIB: Partial<Record<RunConfig['size'], number>> = { XL: 1700 };

interface Cli {
  sizes: RunConfig['size'][];
  stock: StockLevel[];
  solvers: BenchSolver[];
  glpkSizes: RunConfig['size'][];
  xlSolvers: BenchSolver[];
  repeat: number | null;
  bounds: boolean;
  timeLimitSeconds: number | undefined;
  /** V8 heap limit of each measurement process (Node's default is about 4 GiB). */
  heapMiB: number | undefined;
  merge: boolean;
}

function parseCli(argv: string[]): Cli {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: 'S,M,L,XL' },
      stock: { type: 'string', default: 'ample,scarce' },
      solvers: { type: 'string', default: 'highs,glpk,greedy,greedy-100,baseline,highs-k5' },
      'glpk-sizes': { type: 'string', default: 'S' },
      'xl-solvers': { type: 'string', default: 'highs,greedy,baseline' },
      repeat: { type: 'string' },
      'no-bounds': { type: 'boolean', default: false },
      'time-limit': { type: 'string' },
      'heap-mib': { type: 'string' },
      merge: { type: 'boolean', default: false },
    },
  });
  const list = <T extends string>(text: string, allowed: readonly string[], what: string): T[] =>
    text.split(',').map((item) => {
      if (!allowed.includes(item)) throw new Error(`unknown ${what} "${item}" (one of ${allowed.join(', ')})`);
      return item as T;
    });
  const sizeNames = BENCH_SIZES.map((s) => s.name);
  return {
    sizes: list(values.sizes, sizeNames, 'size'),
    stock: list(values.stock, ['ample', 'scarce'], 'stock level'),
    solvers: list(values.solvers, Object.keys(BENCH_SOLVERS), 'solver'),
    glpkSizes: list(values['glpk-sizes'], sizeNames, 'size'),
    xlSolvers: list(values['xl-solvers'], Object.keys(BENCH_SOLVERS), 'solver'),
    repeat: values.repeat === undefined ? null : Number(values.repeat),
    bounds: !values['no-bounds'],
    timeLimitSeconds: values['time-limit'] === undefined ? undefined : Number(values['time-limit']),
    heapMiB: values['heap-mib'] === undefined ? undefined : Number(values['heap-mib']),
    merge: values.merge,
  };
}

/** Runs `run-one.ts` in a child process and reads its JSON; a failed one (e.g. out of memory) is reported, not fatal. */
function runChild<T>(config: RunConfig, phase: 'measure' | 'bounds', heapMiB: number | undefined): T | string {
  const heap = heapMiB ? [`--max-old-space-size=${heapMiB}`] : [];
  const child = spawnSync(process.execPath, [...heap, '--import', 'tsx', join(here, 'run-one.ts'), JSON.stringify(config), ...(phase === 'bounds' ? ['bounds'] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) return `${config.size} ${config.stock} ${config.solver}: the ${phase === 'bounds' ? 'LP bound' : 'measurement'} process failed (exit code ${child.status}, signal ${child.signal ?? 'none'})`;
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as T;
}

/**
 * The timed runs under the size's heap limit, then the LP bounds in a process of their own
 * (no limit: they are not measured). A failed bound leaves the measurement without its bound.
 */
function measureOne(config: RunConfig, heapMiB: number | undefined): { measurement: Measurement | null; failure: string | null } {
  const result = runChild<Measurement>(config, 'measure', heapMiB);
  if (typeof result === 'string') return { measurement: null, failure: result };
  if (!config.bounds) return { measurement: result, failure: null };
  const bounds = runChild<Bounds>(config, 'bounds', undefined);
  if (typeof bounds === 'string') return { measurement: result, failure: bounds };
  return { measurement: { ...result, priorityAndCost: bounds.value, lpBound: bounds.bound }, failure: null };
}

function main(): void {
  const cli = parseCli(process.argv.slice(2));
  const measurements: Measurement[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  for (const size of cli.sizes) {
    for (const stock of cli.stock) {
      for (const solver of cli.solvers) {
        if (solver === 'glpk' && !cli.glpkSizes.includes(size)) {
          skipped.push(`glpk at ${size}/${stock}`);
          continue;
        }
        if (size === 'XL' && !cli.xlSolvers.includes(solver)) {
          skipped.push(`${solver} at ${size}/${stock}`);
          continue;
        }
        const config: RunConfig = { size, stock, solver, repeat: cli.repeat ?? DEFAULT_REPEAT[size], bounds: cli.bounds, ...(cli.timeLimitSeconds ? { timeLimitSeconds: cli.timeLimitSeconds } : {}) };
        const started = performance.now();
        const { measurement: result, failure } = measureOne(config, cli.heapMiB ?? DEFAULT_HEAP_MIB[size]);
        if (failure) {
          failed.push(failure);
          console.error(failure);
        }
        if (!result) continue;
        measurements.push(result);
        console.error(`${size} ${stock} ${solver}: ${Math.round(result.time.endToEnd)} ms end-to-end (median of ${config.repeat}), cost ${result.cost}, fill ${result.fillRate} [${((performance.now() - started) / 1000).toFixed(0)} s]`);
      }
    }
  }
  const out = resolve(here, 'results');
  if (cli.merge) mergeEarlier(join(out, 'latest.json'), measurements, skipped);
  const report = renderReport(measurements, skipped, failed);
  mkdirSync(out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = `${JSON.stringify({ machine: machine(), measurements, skipped, failed }, null, 2)}\n`;
  for (const name of [`bench-${stamp}`, 'latest']) {
    writeFileSync(join(out, `${name}.json`), json);
    writeFileSync(join(out, `${name}.md`), report);
  }
  console.log(report);
}

/** Adds the earlier run's measurements (and what it skipped) that this run did not measure again, in size, stock and solver order. */
function mergeEarlier(file: string, measurements: Measurement[], skipped: string[]): void {
  if (!existsSync(file)) throw new Error(`--merge: no earlier results at ${file}`);
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as { measurements: Measurement[]; skipped: string[] };
  const key = (m: Measurement) => `${m.config.size}/${m.config.stock}/${m.config.solver}`;
  const measured = new Set(measurements.map(key));
  measurements.push(...earlier.measurements.filter((m) => !measured.has(key(m))));
  const rank = (m: Measurement) => [
    BENCH_SIZES.findIndex((s) => s.name === m.config.size),
    m.config.stock === 'ample' ? 0 : 1,
    Object.keys(BENCH_SOLVERS).indexOf(m.config.solver),
  ];
  measurements.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  const measuredNow = new Set(measurements.map((m) => `${m.config.solver} at ${m.config.size}/${m.config.stock}`));
  const notRun = [...new Set([...skipped, ...earlier.skipped])].filter((entry) => !measuredNow.has(entry));
  skipped.splice(0, skipped.length, ...notRun);
}

function machine(): Record<string, string | number> {
  return { node: process.version, platform: `${process.platform} ${process.arch}`, cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}

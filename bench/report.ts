import { cpus, totalmem } from 'node:os';
import type { Measurement } from './run-one.js';

/** The benchmark's markdown: the machine, one table of every measurement, comparisons, and the targets met or not. */
export function renderReport(measurements: Measurement[], skipped: string[], failed: string[] = []): string {
  const lines = [
    '# Solver benchmark',
    '',
    `Machine: ${machineLine()}. Times are medians over the repeated runs (ms); quality figures are the same in every run (all solvers are deterministic).`,
    '',
    '| size | stock | solver | lines | batches | model cols / rows / nnz | MIP given (cols, largest part) | settled orders | build | solve | in solver | end-to-end | runs | status | objective | solver gap | fill | cost | LP bound | gap to LP | split orders | shipments/order | peak MiB |',
    '| --- | --- | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measurements.map(row),
    '',
    '"in solver" is the time inside the MIP solver\'s own calls; the rest of "solve" is the decomposition, the MIP start and the checks. "gap to LP" compares the plan\'s priority-and-cost with the LP relaxation of each batch model held at the plan\'s own fulfilment (a bound over every plan, fractional ones included, that fills at least as much). "solver gap" is the MIP solver\'s own gap to its proven bound.',
    '',
    ...(skipped.length > 0 ? [`Not run: ${skipped.join(', ')} (GLPK runs on small instances only; at XL only HiGHS, greedy and the per-order baseline run by default).`, ''] : []),
    ...(failed.length > 0 ? ['Failed:', '', ...failed.map((f) => `- ${f}`), ''] : []),
    '## Comparisons',
    '',
    ...comparisons(measurements),
    '',
    '## Targets',
    '',
    ...targets(measurements),
    '',
  ];
  return lines.join('\n');
}

/** The machine a benchmark ran on, in one line. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}`;
}

function row(m: Measurement): string {
  const { config, time } = m;
  const model = m.model ? `${m.model.columns} / ${m.model.rows} / ${m.model.nonZeros}` : '—';
  const solved = m.solved ? `${m.solved.columns}, ${m.solved.largestColumns}` : '—';
  return `| ${config.size} | ${config.stock} | ${config.solver} | ${m.lines} | ${m.batches} | ${model} | ${solved} | ${m.solved?.settledOrders ?? '—'} | ${ms(time.build)} | ${ms(time.solve)} | ${ms(time.solverCalls)} | ${ms(time.endToEnd)} | ${time.runs.join(', ')} | ${m.status}${m.fallbacks > 0 ? ` (${m.fallbacks} fallbacks)` : ''} | ${num(m.objective)} | ${pct(m.solverGap)} | ${m.fillRate} | ${num(m.cost)} | ${num(m.lpBound)} | ${pct(lpGap(m))} | ${m.splitOrders} | ${m.shipmentsPerOrder} | ${m.peakRssMiB} |`;
}

/** Excess of the plan's priority-and-cost over its LP bound, relative to it. */
export function lpGap(m: Measurement): number | null {
  if (m.lpBound === null || m.priorityAndCost === null) return null;
  return (m.priorityAndCost - m.lpBound) / Math.max(1, Math.abs(m.priorityAndCost));
}

function find(all: Measurement[], size: string, stock: string, solver: string): Measurement | undefined {
  return all.find((m) => m.config.size === size && m.config.stock === stock && m.config.solver === solver);
}

function instances(all: Measurement[]): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const m of all) seen.set(`${m.config.size}/${m.config.stock}`, [m.config.size, m.config.stock]);
  return [...seen.values()];
}

/** Relative saving of `a` over `b` (positive: `a` is cheaper). */
function saving(a: number, b: number): number {
  return (b - a) / b;
}

function comparisons(all: Measurement[]): string[] {
  const out = [
    '| size | stock | HiGHS vs per-order: cost | split orders | fill (HiGHS / per-order) | greedy vs HiGHS: cost | fill (greedy / HiGHS) | greedy in 100-line batches vs HiGHS | fill | HiGHS K=5 vs HiGHS: cost | end-to-end |',
    '| --- | --- | ---: | ---: | --- | ---: | --- | ---: | --- | ---: | --- |',
  ];
  for (const [size, stock] of instances(all)) {
    const highs = find(all, size, stock, 'highs');
    const baseline = find(all, size, stock, 'baseline');
    const greedy = find(all, size, stock, 'greedy');
    const k5 = find(all, size, stock, 'highs-k5');
    const greedySmall = find(all, size, stock, 'greedy-100');
    const vsGreedySmall = highs && greedySmall ? `${pct(-saving(greedySmall.cost, highs.cost))} dearer` : '—';
    const greedySmallFill = highs && greedySmall ? `${greedySmall.fillRate} / ${highs.fillRate}` : '—';
    const vsBaseline = highs && baseline ? `${pct(saving(highs.cost, baseline.cost))} cheaper` : '—';
    const splits = highs && baseline ? `${pct(baseline.splitOrders === 0 ? 0 : saving(highs.splitOrders, baseline.splitOrders))} fewer` : '—';
    const fills = highs && baseline ? `${highs.fillRate} / ${baseline.fillRate}` : '—';
    const vsGreedy = highs && greedy ? `${pct(-saving(greedy.cost, highs.cost))} dearer` : '—';
    const greedyFill = highs && greedy ? `${greedy.fillRate} / ${highs.fillRate}` : '—';
    const vsK5 = highs && k5 ? `${pct(-saving(k5.cost, highs.cost))} dearer` : '—';
    const k5Time = highs && k5 ? `${ms(k5.time.endToEnd)} vs ${ms(highs.time.endToEnd)} ms` : '—';
    out.push(`| ${size} | ${stock} | ${vsBaseline} | ${splits} | ${fills} | ${vsGreedy} | ${greedyFill} | ${vsGreedySmall} | ${greedySmallFill} | ${vsK5} | ${k5Time} |`);
  }
  out.push('', 'Costs are compared as measured; the fill rates are shown beside them — a plan that fills less ships fewer units and so usually costs less.');
  return out;
}

interface Target {
  name: string;
  check: (all: Measurement[]) => { met: boolean; measured: string } | null;
}

/** The performance targets (end-to-end medians, peak memory; a size's target holds for both stock levels). */
const SIZE_TARGETS = [
  { size: 'M', highs: 1_000, greedy: 300, peakMiB: null },
  { size: 'L', highs: 3_000, greedy: 1_000, peakMiB: 600 },
  { size: 'XL', highs: 30_000, greedy: 5_000, peakMiB: 1_229 },
] as const;

const TARGETS: Target[] = [
  ...SIZE_TARGETS.flatMap(({ size, highs, greedy, peakMiB }): Target[] => [
    ...(['highs', 'greedy'] as const).map((solver): Target => {
      const limit = solver === 'highs' ? highs : greedy;
      return {
        name: `${size}: ${solver} end-to-end ≤ ${limit / 1000} s`,
        check: (all) => {
          const runs = (['ample', 'scarce'] as const).flatMap((stock) => find(all, size, stock, solver) ?? []);
          if (runs.length === 0) return null;
          return { met: runs.every((m) => m.time.endToEnd <= limit), measured: runs.map((m) => `${m.config.stock} ${ms(m.time.endToEnd)} ms`).join('; ') };
        },
      };
    }),
    ...(peakMiB === null ? [] : [peakMemoryTarget(size, peakMiB)]),
  ]),
  {
    name: "XL: time outside the MIP solver's own calls ≤ 40 % of HiGHS end-to-end",
    check: (all) => {
      const runs = (['ample', 'scarce'] as const).flatMap((stock) => find(all, 'XL', stock, 'highs') ?? []);
      if (runs.length === 0) return null;
      const outside = (m: Measurement) => 1 - m.time.solverCalls / m.time.endToEnd;
      return {
        met: runs.every((m) => outside(m) <= 0.4),
        measured: runs.map((m) => `${m.config.stock} ${pct(outside(m))} outside (${ms(m.time.solverCalls)} of ${ms(m.time.endToEnd)} ms in the solver)`).join('; '),
      };
    },
  },
  ...(['ample', 'scarce'] as const).map((stock): Target => {
    const most = stock === 'ample' ? 0.005 : 0.015;
    return {
      name: `${stock}: greedy within ${pct(most)} of HiGHS's cost at M and L, at no lower fill`,
      check: (all) => {
        const pairs = (['M', 'L'] as const).flatMap((size) => {
          const [h, g] = [find(all, size, stock, 'highs'), find(all, size, stock, 'greedy')];
          return h && g ? [{ size, h, g }] : [];
        });
        if (pairs.length === 0) return null;
        return {
          met: pairs.every(({ h, g }) => g.fillRate >= h.fillRate && -saving(g.cost, h.cost) <= most),
          measured: pairs.map(({ size, h, g }) => `${size}: ${pct(-saving(g.cost, h.cost))} dearer at fill ${g.fillRate}/${h.fillRate}`).join('; '),
        };
      },
    };
  }),
  ...(['ample', 'scarce'] as const).map(
    (stock): Target => ({
      name: `${stock}: HiGHS fills no less than per-order routing, and costs less at equal fill (every size)`,
      check: (all) => {
        const pairs = instances(all)
          .filter(([, s]) => s === stock)
          .flatMap(([size]) => {
            const [h, b] = [find(all, size, stock, 'highs'), find(all, size, stock, 'baseline')];
            return h && b ? [{ size, h, b }] : [];
          });
        if (pairs.length === 0) return null;
        return {
          met: pairs.every(({ h, b }) => h.fillRate > b.fillRate || (h.fillRate === b.fillRate && h.cost <= b.cost)),
          measured: pairs.map(({ size, h, b }) => `${size}: ${pct(saving(h.cost, b.cost))} cheaper, fill ${h.fillRate}/${b.fillRate}`).join('; '),
        };
      },
    }),
  ),
];

function peakMemoryTarget(size: string, peakMiB: number): Target {
  return {
    name: `${size}: peak memory ≤ ${peakMiB} MiB`,
    check: (all) => {
      const runs = all.filter((m) => m.config.size === size && (m.config.solver === 'highs' || m.config.solver === 'greedy'));
      if (runs.length === 0) return null;
      return { met: runs.every((m) => m.peakRssMiB <= peakMiB), measured: runs.map((m) => `${m.config.solver}/${m.config.stock} ${m.peakRssMiB} MiB`).join('; ') };
    },
  };
}

function targets(all: Measurement[]): string[] {
  return TARGETS.map((target) => {
    const result = target.check(all);
    if (!result) return `- ${target.name}: not measured in this run`;
    return `- ${target.name}: **${result.met ? 'met' : 'not met'}** — ${result.measured}`;
  });
}

function ms(value: number): string {
  return Math.round(value).toString();
}

function num(value: number | null): string {
  return value === null ? '—' : Number(value.toFixed(2)).toString();
}

function pct(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(2)} %`;
}

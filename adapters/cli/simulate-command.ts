import type { Command } from 'commander';
import { readSnapshot } from '../snapshot/snapshot.js';
import { simulate, type SimulatedRun } from '../snapshot/simulate.js';
import { readVariant } from '../snapshot/variant.js';
import { locationsChangingMost } from '../../core/plan/plan-metrics.js';
import { engineChoices } from './cli-config.js';
import { table } from './format.js';
import { nonNegativeNumber, positiveNumber } from './option-values.js';
import { usage } from './store-options.js';

interface SimulateCliOptions {
  snapshot: string;
  variant: string[];
  json?: boolean;
  solver?: string;
  timeLimit?: number;
  gap?: number;
}

/** `opendom simulate`: the snapshot as it is and with each variant, side by side; nothing is written. */
export function addSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run a snapshot as it is and with each variant (a patch of rules, cost factors, parameters, profiles, solver, locations offline, stock), nothing written anywhere, and compare the plans side by side')
    .requiredOption('--snapshot <file>', 'a snapshot (opendom snapshot --out FILE)')
    .option('--variant <file>', 'a variant (JSON, docs/simulation.md); repeat for several', (file: string, files: string[]) => [...files, file], [] as string[])
    .option('--json', 'print every run\'s metrics as JSON')
    .option('--solver <id>', 'solver of every run a variant does not set (default: the snapshot\'s)')
    .option('--time-limit <seconds>', 'time limit of each solve', positiveNumber)
    .option('--gap <ratio>', 'relative MIP gap at which a solve may stop', nonNegativeNumber)
    .action(async (options: SimulateCliOptions) => {
      if (options.variant.length === 0) throw usage('give at least one --variant FILE to compare with the snapshot as it is');
      const snapshot = readSnapshot(options.snapshot);
      const variants = options.variant.map(readVariant);
      const runs = await simulate(snapshot, variants, engineChoices(), {
        ...(options.solver ? { solver: options.solver } : {}),
        ...(options.timeLimit ? { timeLimitSeconds: options.timeLimit } : {}),
        ...(options.gap !== undefined ? { relativeGap: options.gap } : {}),
      });
      const shown = runs.map(({ name, plan, metrics, seconds }) => ({ name, planId: plan.planId, seconds, ...metrics }));
      process.stdout.write(options.json ? `${JSON.stringify({ profileId: snapshot.profileId, asOf: snapshot.asOf, runs: shown }, null, 2)}\n` : formatSimulation(snapshot.profileId, snapshot.asOf, runs));
    });
}

function formatSimulation(profileId: string, asOf: string, runs: SimulatedRun[]): string {
  const n = (v: number, digits = 2) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
  const row = (label: string, value: (r: SimulatedRun) => string) => [label, ...runs.map(value)];
  const factors = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.costByFactor)))];
  const exceptions = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.exceptionsByType)))].sort();
  const unit = runs[0]!.metrics.distance.unit;
  const rows = [
    ['', ...runs.map((r) => r.name)],
    row('fill rate', (r) => `${(r.metrics.fillRate * 100).toFixed(2)} %`),
    row('units fulfilled', (r) => `${n(r.metrics.unitsFulfilled, 0)} of ${n(r.metrics.units, 0)}`),
    row('cost', (r) => n(r.metrics.cost)),
    ...factors.map((f) => row(`  ${f}`, (r) => n(r.metrics.costByFactor[f] ?? 0))),
    row('cost per unit', (r) => n(r.metrics.costPerUnit)),
    row('shipments per order', (r) => n(r.metrics.shipmentsPerOrder, 3)),
    row('split orders', (r) => n(r.metrics.splitOrders, 0)),
    row(`distance, mean (${unit})`, (r) => n(r.metrics.distance.mean, 1)),
    row(`distance, 95th pct (${unit})`, (r) => n(r.metrics.distance.p95, 1)),
    ...(exceptions.length > 0 ? exceptions.map((t) => row(`exceptions: ${t}`, (r) => n(r.metrics.exceptionsByType[t] ?? 0, 0))) : [row('exceptions', () => '0')]),
    row('solver', (r) => `${r.metrics.solver.id} ${r.metrics.solver.status}`),
    row('time (s)', (r) => n(r.seconds, 1)),
  ];
  const locations = locationsChangingMost(runs.map((r) => r.metrics.byLocation));
  const load = locations.map((id) => row(`  ${id}`, (r) => `${n(r.metrics.byLocation[id]?.orders ?? 0, 0)} / ${n(r.metrics.byLocation[id]?.units ?? 0, 0)}`));
  return [
    `Simulation of ${profileId} as of ${asOf}: the snapshot as it is (base) and ${runs.length - 1} variant${runs.length === 2 ? '' : 's'}; nothing was written`,
    table(rows),
    '',
    locations.length > 0 ? `Orders / units of the ${locations.length} location${locations.length === 1 ? '' : 's'} whose load changes most:` : 'No location\'s load changes.',
    ...(locations.length > 0 ? [table([['', ...runs.map((r) => r.name)], ...load])] : []),
  ].join('\n') + '\n';
}

/**
 * Checks on a benchmark instance that the engine's shortcuts (orders settled
 * alone, the decomposition, the MIP start) leave every batch optimal: runs
 * HiGHS, then solves each batch iteration's problem again on its whole
 * linear model (every candidate a column) and compares the run's plan,
 * valued in that model, with its optimum.
 *
 *   npx tsx bench/batch-optimality.ts [--size L] [--stock ample]
 */
import { parseArgs } from 'node:util';
import { createEngine, MemoryDataSource, type FulfillmentProblem, type MemoryRecords } from '../index.js';
import { buildLinearModel } from '../core/model/build-linear-model.js';
import { columnValuesOf } from '../core/model/column-values.js';
import { combinedObjective } from '../core/model/linear-model.js';
import { solveIteration } from '../core/solve/solve-iteration.js';
import { highsSolver } from '../plugins/solvers/highs/highs.solver.js';
import { BENCH_PROFILE, BENCH_SIZES, benchDataset } from './bench-sizes.js';
import type { StockLevel } from './generate-dataset.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'L' }, stock: { type: 'string', default: 'ample' } } });
const size = BENCH_SIZES.find((s) => s.name === values.size);
if (!size) throw new Error(`unknown size ${values.size} (one of ${BENCH_SIZES.map((s) => s.name).join(', ')})`);
const engine = await createEngine({ data: new MemoryDataSource(benchDataset(size, values.stock as StockLevel) as unknown as MemoryRecords) });
const solved: Array<{ problem: FulfillmentProblem; quantities: ArrayLike<number>; where: string }> = [];
await engine.run({
  profileId: BENCH_PROFILE,
  solver: 'dom/highs',
  asOf: new Date('2026-11-20T12:00:00Z'),
  onSolved: ({ problem, outcome }, { batch, iteration }) => solved.push({ problem, quantities: outcome.arcQuantities, where: `batch ${batch} iteration ${iteration}` }),
});
await engine.close();
const solver = await highsSolver.create({});
let worst = 0;
for (const { problem, quantities, where } of solved) {
  const whole = buildLinearModel(problem);
  const { outcome } = await solveIteration({ solver, meta: highsSolver.meta, problem, model: whole, timeLimitSeconds: 600, relativeGap: 0 });
  const plan = combinedObjective(whole, columnValuesOf(whole, quantities));
  const excess = (plan - outcome.objective!) / Math.max(1, Math.abs(outcome.objective!));
  worst = Math.max(worst, excess);
  console.log(`${where}: ${whole.numCols} columns, optimum ${outcome.objective} (${outcome.status}), the run's plan ${plan}, excess ${(excess * 100).toExponential(2)} %`);
}
console.log(`${size.name}/${values.stock}: ${solved.length} batch iterations, largest excess of the run's plan over the whole model's optimum ${(worst * 100).toExponential(2)} %`);

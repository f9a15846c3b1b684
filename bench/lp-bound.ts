import highsModule from 'highs';
import { columnValuesOf } from '../core/model/column-values.js';
import { levelValue, type LinearModel } from '../core/model/linear-model.js';
import { mergedRows } from '../core/model/row-entries.js';

/** The ES build's default export is the loader; TypeScript (NodeNext, CommonJS types) sees the exports object. */
const loadHighs = highsModule as unknown as typeof highsModule.default;
type Highs = Awaited<ReturnType<typeof loadHighs>>;

let highs: Promise<Highs> | undefined;

/**
 * A lower bound on priority and cost (the objective without its fulfilment
 * level) over every plan — fractional ones included — that fulfils at least
 * as much as the given plan: the LP relaxation of the batch model with the
 * fulfilment level held at the plan's. So a plan is compared with plans that
 * fill as well as it does, never with ones that ship more. Null when the LP
 * does not solve to optimality.
 */
export async function lpCostBound(model: LinearModel, arcQuantities: ArrayLike<number>): Promise<number | null> {
  const fulfilment = model.levels.find((level) => level.name === 'fulfilment');
  if (model.numCols === 0 || !fulfilment) return 0;
  const reached = levelValue(fulfilment, columnValuesOf(model, arcQuantities));
  const others = model.levels.filter((level) => level !== fulfilment);
  const colCost = new Float64Array(model.numCols);
  for (const level of others) level.coefficients.forEach((c, col) => (colCost[col]! += level.weight * c));
  const rows = mergedRows(model);
  const numRows = model.rows.lower.length + 1;
  const [indices, values] = [Array.from(rows.indices), Array.from(rows.values)];
  fulfilment.coefficients.forEach((c, col) => {
    if (c !== 0) {
      indices.push(col);
      values.push(c);
    }
  });
  const input: LpInput = {
    numCols: model.numCols,
    numRows,
    offset: others.reduce((sum, level) => sum + level.weight * level.offset, 0),
    colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: Float64Array.from([...model.rows.lower, -Infinity]),
    // Fulfilment at least the plan's: its level (a shortfall) at most the plan's, with float slack.
    rowUpper: Float64Array.from([...model.rows.upper, reached - fulfilment.offset + 1e-9 * Math.max(1, Math.abs(reached))]),
    matrix: { format: 'csr', numRows, numCols: model.numCols, starts: Int32Array.from([...rows.starts, indices.length]), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  };
  // An instance that aborted (its heap is capped at 2 GiB and never shrinks) is dropped: once more on a new one.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await solveLp(input);
    } catch {
      highs = undefined;
    }
  }
  return null;
}

type LpInput = Parameters<Highs['createModel']>[0];

async function solveLp(input: LpInput): Promise<number | null> {
  const instance = await (highs ??= loadHighs());
  const solver = instance.createModel(input);
  try {
    solver.options.set({ output_flag: false });
    const { modelStatus } = solver.run();
    return modelStatus === instance.constants.modelStatus.optimal ? solver.getObjectiveValue() : null;
  } finally {
    solver.dispose();
  }
}

import type { LinearModel } from './linear-model.js';
import type { FulfillmentProblem } from './problem.js';
import { appended } from './typed-arrays.js';

/**
 * When a known plan (the MIP start) already ships every line that has a
 * column in the model, in full, fulfilment cannot do better: every optimal
 * plan ships them all too (fulfilment comes first). The model can then say
 * so — one row per line, "ships its whole quantity" — and drop the
 * fulfilment level from the objective, which is constant on those plans.
 * The optimum is unchanged, and so is the objective's value there (the
 * level's constant share cancels what the shipped lines score); the solver
 * gets a tighter model with small objective coefficients.
 *
 * Returns null when the plan leaves a line short, or when the fulfilment
 * level scores a line's arcs differently per unit (then it is not constant).
 */
export function withEveryLineShipped(model: LinearModel, problem: FulfillmentProblem, plan: ArrayLike<number>): LinearModel | null {
  const fulfilment = model.levels.find((level) => level.name === 'fulfilment');
  if (!fulfilment) return null;
  const lineArcs = new Map<number, number[]>();
  for (let arc = 0; arc < model.arcColumns.length; arc++) {
    if (model.arcColumns[arc]! < 0) continue;
    const line = problem.arcs.line[arc]!;
    let arcs = lineArcs.get(line);
    if (!arcs) lineArcs.set(line, (arcs = []));
    arcs.push(arc);
  }
  for (const [line, arcs] of lineArcs) {
    const shipped = arcs.reduce((sum, arc) => sum + (plan[arc] ?? 0), 0);
    if (shipped !== problem.lines[line]!.line.quantity) return null;
    const perUnit = (arc: number) => fulfilment.coefficients[model.arcColumns[arc]!]! / model.arcUnits[arc]!;
    if (arcs.some((arc) => Math.abs(perUnit(arc) - perUnit(arcs[0]!)) > 1e-9 * Math.abs(perUnit(arcs[0]!)))) return null;
  }

  // The new rows, appended to the model's: its rows are copied once, into arrays of the final size.
  const rows = model.rows;
  const names = [...rows.names];
  const named = names.length > 0;
  const added = { quantities: [] as number[], starts: [] as number[], indices: [] as number[], values: [] as number[] };
  for (const [line, arcs] of lineArcs) {
    for (const arc of arcs) {
      added.indices.push(model.arcColumns[arc]!);
      added.values.push(model.arcUnits[arc]!);
    }
    added.starts.push(rows.indices.length + added.indices.length);
    added.quantities.push(problem.lines[line]!.line.quantity);
    if (named) names.push(`ships_${line}`);
  }
  const levels = model.levels.filter((level) => level !== fulfilment);
  const colCost = new Float64Array(model.numCols);
  for (const level of levels) level.coefficients.forEach((c, col) => (colCost[col]! += level.weight * c));
  return {
    ...model,
    rows: {
      names,
      lower: appended(rows.lower, added.quantities),
      upper: appended(rows.upper, added.quantities),
      starts: appended(rows.starts, added.starts),
      indices: appended(rows.indices, added.indices),
      values: appended(rows.values, added.values),
    },
    levels,
    colCost,
    objectiveOffset: levels.reduce((sum, level) => sum + level.weight * level.offset, 0),
  };
}

import type { LinearModel } from './linear-model.js';
import { typedArrayOf } from './typed-arrays.js';

/**
 * The column values of a linear model that ship the given units on each arc:
 * the inverse of `arcQuantitiesFromColumns`. Arc columns come from the
 * quantities; every other column (a shipment's binary, an all-or-nothing
 * order's binary …) takes the least value that the rows in which it is the
 * only non-arc column need — "the shipment is used if one of its arcs is".
 * So the mapping follows the model's rows and needs no knowledge of how the
 * builder named or merged its columns. Used as a MIP start and to evaluate a
 * plan (e.g. a greedy one) with the model's objective.
 */
export function columnValuesOf(model: LinearModel, arcQuantities: ArrayLike<number>): Float64Array {
  const values = typedArrayOf(Float64Array, model.numCols, (col) => (Number.isFinite(model.colLower[col]!) ? model.colLower[col]! : 0));
  const arcColumn = arcColumnMask(model);
  for (let arc = 0; arc < model.arcColumns.length; arc++) {
    const col = model.arcColumns[arc]!;
    if (col >= 0) values[col] = (arcQuantities[arc] ?? 0) / model.arcUnits[arc]!;
  }
  for (let row = 0; row < model.rows.lower.length; row++) raiseToRow(model, values, arcColumn, row);
  return values;
}

/** 1 for the columns that stand for an arc. */
export function arcColumnMask(model: LinearModel): Uint8Array {
  const mask = new Uint8Array(model.numCols);
  const { arcColumns } = model;
  for (let a = 0; a < arcColumns.length; a++) if (arcColumns[a]! >= 0) mask[arcColumns[a]!] = 1;
  return mask;
}

/**
 * When the row has exactly one column outside `fixed`, raises that column to
 * the least value (integral if it is an integer column) the row allows.
 */
export function raiseToRow(model: LinearModel, values: Float64Array, fixed: Uint8Array, row: number): void {
  const { starts, indices, values: coefficients, lower, upper } = model.rows;
  let other = -1;
  let activity = 0;
  let a = 0;
  for (let k = starts[row]!; k < starts[row + 1]!; k++) {
    const col = indices[k]!;
    if (fixed[col]) activity += coefficients[k]! * values[col]!;
    else if (other === -1 || col === other) {
      other = col;
      a += coefficients[k]!;
    } else return;
  }
  if (other === -1 || a === 0) return;
  // lower ≤ activity + a·v ≤ upper: the least v the row allows.
  const least = a > 0 ? (lower[row]! - activity) / a : (activity - upper[row]!) / -a;
  if (!Number.isFinite(least)) return;
  const needed = model.colInteger[other] ? Math.ceil(least - 1e-9) : least;
  values[other] = Math.min(model.colUpper[other]!, Math.max(values[other]!, needed));
}

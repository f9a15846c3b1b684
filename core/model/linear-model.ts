/**
 * The solver-neutral linear model: the second model layer (docs/architecture.md).
 * Columns with bounds and integrality, rows in compressed sparse row form,
 * and a lexicographic objective given as weighted levels whose weights make
 * the single combined objective respect the order of the levels.
 */

export type ObjectiveLevelName = 'fulfilment' | 'priority' | 'cost';

export interface ObjectiveLevel {
  name: ObjectiveLevelName;
  /** Multiplier of this level in the combined objective. */
  weight: number;
  /** Constant part of the level (e.g. the units of every line, unfulfilled until assigned). */
  offset: number;
  /** Dense coefficients, one per column. */
  coefficients: Float64Array;
}

export interface LinearRows {
  /** Row names, for an LP file; empty unless the model was built with names. */
  names: string[];
  lower: Float64Array;
  upper: Float64Array;
  /** CSR: row i holds entries starts[i] .. starts[i+1]-1. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface LinearModel {
  numCols: number;
  /** Column names, for an LP file; empty unless the model was built with names. */
  colNames: string[];
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 for integer (binary when bounds are 0..1), 0 for continuous. */
  colInteger: Uint8Array;
  rows: LinearRows;
  /** Levels in lexicographic order (most important first). */
  levels: ObjectiveLevel[];
  /** Combined objective: Σ weight × coefficients, minimised. */
  colCost: Float64Array;
  /** Combined constant: Σ weight × offset. */
  objectiveOffset: number;
  /** Column of each arc of the problem; -1 when the arc cannot be used (no column was made). */
  arcColumns: Int32Array;
  /** Units of the line one unit of the arc's column stands for (the quantity for binary arcs, 1 otherwise). */
  arcUnits: Float64Array;
  /** Column of each shipment of the problem (its own binary, or its single arc's column); -1 when none. */
  shipmentColumns?: Int32Array;
}

/** Units shipped on each arc, from a solver's column values (rounded: columns are integral). */
export function arcQuantitiesFromColumns(model: LinearModel, columnValues: ArrayLike<number>): number[] {
  const quantities = new Array<number>(model.arcColumns.length);
  for (let arc = 0; arc < model.arcColumns.length; arc++) {
    const col = model.arcColumns[arc]!;
    quantities[arc] = col < 0 ? 0 : Math.round(columnValues[col] ?? 0) * model.arcUnits[arc]!;
  }
  return quantities;
}

/** Value of the combined objective at the given column values. */
export function combinedObjective(model: LinearModel, columnValues: ArrayLike<number>): number {
  let value = model.objectiveOffset;
  for (let col = 0; col < model.numCols; col++) value += model.colCost[col]! * (columnValues[col] ?? 0);
  return value;
}

/** Value of one level (without its weight) at the given column values. */
export function levelValue(level: ObjectiveLevel, columnValues: ArrayLike<number>): number {
  let value = level.offset;
  for (let col = 0; col < level.coefficients.length; col++) value += level.coefficients[col]! * (columnValues[col] ?? 0);
  return value;
}

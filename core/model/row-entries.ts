import type { LinearModel } from './linear-model.js';

/** The rows in CSR form with entries that name one column twice in a row summed (solvers refuse such rows). */
export interface MergedRows {
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** The model's rows with repeated entries summed; the model's own arrays when a row repeats no column. */
export function mergedRows(model: LinearModel): MergedRows {
  const { starts, indices, values } = model.rows;
  const numRows = model.rows.lower.length;
  const nnz = starts[numRows] ?? 0;
  if (!hasDuplicateEntries(model)) return { starts: starts.subarray(0, numRows + 1), indices: indices.subarray(0, nnz), values: values.subarray(0, nnz) };
  const merged = { starts: [0], indices: [] as number[], values: [] as number[] };
  for (let row = 0; row < numRows; row++) {
    const sums = new Map<number, number>();
    for (let k = starts[row]!; k < starts[row + 1]!; k++) sums.set(indices[k]!, (sums.get(indices[k]!) ?? 0) + values[k]!);
    for (const [col, value] of sums) {
      merged.indices.push(col);
      merged.values.push(value);
    }
    merged.starts.push(merged.indices.length);
  }
  return { starts: Int32Array.from(merged.starts), indices: Int32Array.from(merged.indices), values: Float64Array.from(merged.values) };
}

function hasDuplicateEntries(model: LinearModel): boolean {
  const { starts, indices } = model.rows;
  const lastRow = new Int32Array(model.numCols).fill(-1);
  for (let row = 0; row < model.rows.lower.length; row++) {
    for (let k = starts[row]!; k < starts[row + 1]!; k++) {
      const col = indices[k]!;
      if (lastRow[col] === row) return true;
      lastRow[col] = row;
    }
  }
  return false;
}

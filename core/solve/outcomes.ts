import type { LinearModel } from '../model/linear-model.js';
import type { SolveOutcome } from '../plugin-api/contracts.js';

/** Outcomes every production solver gives the same way. */

/** A model without columns: nothing to choose; optimal at the offset when every row accepts 0, else infeasible. */
export function emptyModelOutcome(model: LinearModel): SolveOutcome {
  const { lower, upper } = model.rows;
  const feasible = lower.every((lo, row) => lo <= 0 && 0 <= upper[row]!);
  if (!feasible) return { ...failedOutcome(model, ['A row without columns excludes 0: the model is infeasible.']), status: 'infeasible' };
  const objective = model.objectiveOffset;
  return { status: 'optimal', arcQuantities: noShipments(model), objective, bound: objective, gap: 0, notes: [] };
}

/** An `error` outcome that ships nothing, with the notes saying why. */
export function failedOutcome(model: LinearModel, notes: string[]): SolveOutcome {
  return { status: 'error', arcQuantities: noShipments(model), objective: null, bound: null, gap: null, notes };
}

export function noShipments(model: LinearModel): number[] {
  return new Array<number>(model.arcColumns.length).fill(0);
}

import { injectable } from 'tsyringe';
import { solveIteration, type IterationSolve, type IterationSolveInput } from '../solve/solve-iteration.js';
import type { Stage } from './stage.js';

export type SolveStageInput = IterationSolveInput;

/**
 * Hands the problem (and model) to the chosen solver — a production solver
 * gets the batch in independent parts with a MIP start — and checks the
 * answer; see `solveIteration`.
 */
@injectable()
export class SolveStage implements Stage<SolveStageInput, IterationSolve> {
  readonly name = 'solve' as const;

  async run(input: SolveStageInput): Promise<IterationSolve> {
    return solveIteration(input);
  }
}

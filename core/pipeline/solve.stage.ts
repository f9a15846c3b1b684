import { injectable } from 'tsyringe';
import type { SolveInput, SolveOutcome, SolverInstance } from '../plugins/contracts.js';
import type { Stage } from './stage.js';

export interface SolveStageInput extends SolveInput {
  solver: SolverInstance;
}

/** Hands the problem (and model) to the chosen solver; a solver that throws yields an `error` outcome. */
@injectable()
export class SolveStage implements Stage<SolveStageInput, SolveOutcome> {
  readonly name = 'solve' as const;

  async run({ solver, ...input }: SolveStageInput): Promise<SolveOutcome> {
    try {
      return await solver.solve(input);
    } catch (error) {
      return {
        status: 'error',
        arcQuantities: input.problem.arcs.map(() => 0),
        objective: null,
        bound: null,
        gap: null,
        notes: [`solver failed: ${(error as Error).message}`],
      };
    }
  }
}

import { injectable } from 'tsyringe';
import { buildLinearModel } from '../model/build-linear-model.js';
import { arcsOfSettledAlone } from '../model/settled-alone.js';
import type { LinearModel } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { Stage } from './stage.js';

export interface BuildModelInput {
  problem: FulfillmentProblem;
  /** Name the columns and rows (for an LP file); solvers need no names. */
  names: boolean;
}

/**
 * Builds the solver-neutral linear model of a fulfillment problem
 * (production solvers only); an order settled alone brings only the arcs of
 * its own best plan (`arcsOfSettledAlone`).
 */
@injectable()
export class BuildModelStage implements Stage<BuildModelInput, LinearModel> {
  readonly name = 'build-model' as const;

  async run({ problem, names }: BuildModelInput): Promise<LinearModel> {
    const arcs = arcsOfSettledAlone(problem);
    return buildLinearModel(problem, { names, ...(arcs ? { arcs } : {}) });
  }
}

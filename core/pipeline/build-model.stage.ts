import { injectable } from 'tsyringe';
import { buildLinearModel } from '../model/build-linear-model.js';
import type { LinearModel } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { Stage } from './stage.js';

/** Builds the solver-neutral linear model of a fulfillment problem (production solvers only). */
@injectable()
export class BuildModelStage implements Stage<FulfillmentProblem, LinearModel> {
  readonly name = 'build-model' as const;

  async run(problem: FulfillmentProblem): Promise<LinearModel> {
    return buildLinearModel(problem);
  }
}

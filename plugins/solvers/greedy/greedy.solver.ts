import { greedyPlan, type SolveInput, type SolveOutcome, type SolverPlugin } from '../../../core/index.js';

/**
 * The simplified solver: plans on the fulfillment problem directly, without
 * a MIP (see `greedyPlan` in the core and README.md). It ignores the partial
 * orders rule and the rules' custom rows (docs/spec.md §4.3); the engine says so
 * in the run's log.
 */

export interface GreedySolverOptions {
  /** Rounds of improving two-order moves after the construction (0: construction only). */
  improvementRounds?: number;
}

const DEFAULT_IMPROVEMENT_ROUNDS = 3;

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    improvementRounds: {
      type: 'integer',
      minimum: 0,
      maximum: 20,
      default: DEFAULT_IMPROVEMENT_ROUNDS,
      description: 'Rounds of improving moves of two orders that compete for stock or capacity (0: construction only).',
    },
  },
} as const;

export const greedySolver: SolverPlugin<GreedySolverOptions> = {
  meta: {
    id: 'dom/greedy',
    version: '1.0.0',
    compatibility: '^1.0.0',
    kind: 'simplified',
    // Measured (docs/performance.md, "The simplified solver's batch"): 1,500-line batches fill more and cost less than 100-line ones for little more time.
    defaultBatchSize: 1500,
    description: 'Plans each order, hardest first, on its best set of locations, then improves by moves of orders that share stock, within a move and a time budget; no MIP.',
    optionsSchema,
  },
  create(options) {
    const improvementRounds = options.improvementRounds ?? DEFAULT_IMPROVEMENT_ROUNDS;
    return { solve: async (input) => solveGreedy(input, improvementRounds) };
  },
};

function solveGreedy(input: SolveInput, improvementRounds: number): SolveOutcome {
  // Moves stop at the move budget (rounds) or the batch's time limit, whichever comes first.
  const deadline = input.timeLimitSeconds > 0 ? performance.now() + input.timeLimitSeconds * 1000 : undefined;
  const { arcQuantities, optimal, outOfTime } = greedyPlan(input.problem, { structure: 'default', improvementRounds, ...(deadline === undefined ? {} : { deadline }) });
  const notes = outOfTime ? [`the time limit (${input.timeLimitSeconds} s) stopped the improving moves before ${improvementRounds} rounds`] : [];
  // No linear model, so no objective or bound; `optimal` only when every order got its own best plan.
  return { status: optimal ? 'optimal' : 'feasible', arcQuantities, objective: null, bound: null, gap: null, notes };
}

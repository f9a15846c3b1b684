import { describe, expect, it } from 'vitest';
import {
  columnValuesOf,
  combinedObjective,
  createEngine,
  MemoryDataSource,
  planSchema,
  validateAgainst,
  type MemoryRecords,
  type OpenDomPlugin,
  type Plan,
  type RulePlugin,
  type RunOptions,
  type SolveInput,
  type SolveOutcome,
  type SolverPlugin,
} from '../../index.js';
import { AS_OF, assignmentsOf, location, order, rounded, rule, scenario, stock } from 'opendom/testing';

/** O1 and O2 both want A's single unit; B and C are dearer second choices. */
const contested = scenario({
  locations: [location('A', 10), location('B', 20), location('C', 80)],
  inventory: [stock('V1', 'A', 1), stock('V1', 'B', 5), stock('V1', 'C', 5)],
  orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]])],
});

/** A production solver answering with `answer` (e.g. a broken plan), registered like a partner's. */
function fakeSolver(answer: (input: SolveInput) => SolveOutcome, meta: Partial<SolverPlugin['meta']> = {}): OpenDomPlugin {
  const plugin: SolverPlugin = {
    meta: { id: 'test/fake', version: '1.0.0', compatibility: '^1.0.0', description: 'test solver', optionsSchema: { type: 'object', additionalProperties: false }, kind: 'production', defaultBatchSize: 1500, ...meta },
    create: () => ({ solve: async (input) => answer(input) }),
  };
  return { name: 'test-solvers', register: (api) => api.addSolver(plugin) };
}

async function run(records: MemoryRecords, plugins: OpenDomPlugin[], options: Partial<RunOptions> = {}): Promise<Plan> {
  const engine = await createEngine({ data: new MemoryDataSource(records), plugins });
  try {
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF, solver: 'test/fake', ...options });
    expect(validateAgainst(planSchema, structuredClone(plan))).toEqual([]);
    return plan;
  } finally {
    await engine.close();
  }
}

/** Units of the component's arcs in the MIP start (the greedy plan): a feasible plan for it. */
function startOf(input: SolveInput): number[] {
  return input.problem.arcs.objects().map((_, arc) => (input.model!.arcColumns[arc]! >= 0 ? input.start![arc]! : 0));
}

const warnings = (plan: Plan) => plan.log.filter((l) => l.level === 'warn').map((l) => l.message);

describe('solver fallback', () => {
  it("never applies a plan the checker refuses: the run completes with the greedy plan and says why", async () => {
    // Both orders from A, which has one unit.
    const overselling = fakeSolver((input) => ({
      status: 'optimal',
      arcQuantities: input.problem.arcs.objects().map((arc) => (input.problem.locations[arc.location]!.location.id === 'A' ? 1 : 0)),
      objective: 0,
      bound: 0,
      gap: 0,
      notes: [],
    }));
    const plan = await run(contested, [overselling]);
    expect(plan.solver.fallbacks).toEqual([{ batch: 0, iteration: 1, used: 'greedy', reason: "the plan checker refused the solver's plan: 2 units of V1 taken at A, only 1 usable" }]);
    expect(plan.batches[0]!.iterations[0]!).toMatchObject({ status: 'error', fallback: { used: 'greedy' } });
    expect(warnings(plan)).toContainEqual(expect.stringMatching(/^batch 0 iteration 1: the plan checker refused .*; the greedy plan is used instead$/));
    // The greedy plan: A to one order, B (20, the next best) to the other.
    expect(rounded({ ...assignmentsOf(plan, 'O1-1'), ...assignmentsOf(plan, 'O2-1') })).toEqual({ A: 1, B: 1 });
    expect(rounded(plan.totals)).toMatchObject({ unitsFulfilled: 2, cost: 30 });
  });

  it('falls back when the solver throws or stops without a solution', async () => {
    const throwing = fakeSolver(() => {
      throw new Error('out of licences');
    });
    const thrown = await run(contested, [throwing]);
    expect(thrown.solver.fallbacks[0]).toMatchObject({ used: 'greedy', reason: 'the solver ended with status error (solver failed: out of licences)' });
    expect(thrown.solver.status).toBe('error');

    const timedOut = fakeSolver((input) => ({ status: 'no-solution', arcQuantities: new Array<number>(input.problem.arcs.length).fill(0), objective: null, bound: null, gap: null, notes: ['time limit reached, no solution'] }));
    const plan = await run(contested, [timedOut]);
    expect(plan.solver.fallbacks[0]).toMatchObject({ used: 'greedy', reason: 'the solver ended with status no-solution (time limit reached, no solution)' });
    expect(plan.totals.unitsFulfilled).toBe(2);
  });

  it('uses a feasible incumbent found by the time limit and reports its gap', async () => {
    const incumbent = fakeSolver((input) => {
      const arcQuantities = startOf(input);
      const objective = combinedObjective(input.model!, columnValuesOf(input.model!, arcQuantities));
      return { status: 'feasible', arcQuantities, objective, bound: objective - 5, gap: 5 / objective, notes: ['time limit reached'] };
    });
    const plan = await run(contested, [incumbent]);
    expect(plan.solver.fallbacks).toEqual([]);
    expect(plan.solver.status).toBe('feasible');
    expect(plan.solver.objective! - plan.solver.bound!).toBeCloseTo(5, 6);
    expect(plan.solver.gap).toBeCloseTo(5 / plan.solver.objective!, 9);
    expect(warnings(plan)).toContain('batch 0 iteration 1: time limit reached');
  });
});

describe("the run's log about the solver", () => {
  it('says which rules and custom rows the simplified solver ignores', async () => {
    const customRowRule: RulePlugin = {
      meta: { id: 'test/one-order-at-a', version: '1.0.0', compatibility: '^1.0.0', description: 'A ships one order', optionsSchema: { type: 'object' }, messages: {}, productScope: false, simplifiedSolver: 'ignored' },
      create: (context) => ({
        customRows: (problem) => [{ name: 'a-once', ruleId: context.rules[0]!.record.id, lower: 0, upper: 1, terms: problem.shipments.objects().filter((s) => problem.locations[s.location]!.location.id === 'A').map((s) => ({ shipment: s.index, coefficient: 1 })) }],
      }),
    };
    const records = {
      ...contested,
      rules: [rule('partial', 'dom/partial-orders', { maxFulfillingLocations: 1 }), rule('once', 'test/one-order-at-a', {})],
      profiles: [{ ...(contested.profiles![0] as object), ruleIds: ['partial', 'once'] }],
    };
    const plan = await run(records, [{ name: 'test-rules', register: (api) => api.addRule(customRowRule) }], { solver: 'dom/greedy' });
    expect(warnings(plan)).toEqual([
      'the simplified solver dom/greedy ignores rule partial (dom/partial-orders): orders are planned with any number of locations, partial orders on and whole lines',
      'the simplified solver dom/greedy ignores rule once (test/one-order-at-a): orders are planned with any number of locations, partial orders on and whole lines',
      'batch 0 iteration 1: the simplified solver dom/greedy ignores the rules\' custom rows: a-once (rule once)',
    ]);
  });

  it('warns when a batch is larger than the solver handles, and says what batch size to use', async () => {
    const small = fakeSolver((input) => ({ status: 'optimal', arcQuantities: startOf(input), objective: 0, bound: 0, gap: 0, notes: [] }), { maxBatchLines: 1 });
    const plan = await run(contested, [small]);
    expect(warnings(plan)).toContain("a batch of 2 lines is too large for test/fake, which solves at most about 1 lines within its time limit: set the profile's maxLinesPerOptimization to 1 or less");
  });
});

describe('candidate limit', () => {
  it("keeps each order's best locations and explains the others as removed by the limit", async () => {
    const plan = await run(contested, [], { solver: 'dom/highs', candidateLimit: 1 });
    // O1 keeps A (its best location) and B (its line's second best); C goes.
    const removed = plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed;
    expect(removed).toEqual([expect.objectContaining({ locationId: 'C', messageId: 'candidateLimit', reason: 'not among the 1 best locations of the order (candidate limit)' })]);
    expect(rounded(plan.totals)).toMatchObject({ unitsFulfilled: 2, cost: 30 });
  });
});

import { greedyPlan, type SolverPlugin } from '../core/index.js';

/**
 * The yardstick of the benchmark, not a solver users pick: each order, in
 * arrival order, takes its best set of locations given what the orders
 * before it took (fulfilment first, then priority, then cost; the order's
 * structure honoured) — what per-order routing engines do. No order ever
 * gives anything back to a later one.
 */
export const perOrderBaseline: SolverPlugin<Record<string, never>> = {
  meta: {
    id: 'bench/per-order',
    version: '1.0.0',
    compatibility: '^1.0.0',
    kind: 'simplified',
    // The production solvers' batches, so both see the same iterations.
    defaultBatchSize: 1500,
    description: 'Per-order routing: each order in arrival order takes its best location set.',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: () => ({
    solve: async ({ problem }) => ({
      status: 'feasible',
      arcQuantities: greedyPlan(problem, { structure: 'order', sequence: 'arrival', improvementRounds: 0 }).arcQuantities,
      objective: null,
      bound: null,
      gap: null,
      notes: [],
    }),
  }),
};

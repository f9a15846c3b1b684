import type { Id, SolverInstance } from '../../index.js';
import type { RunLedger } from '../../core/engine/ledger.js';
import type { PreparedRun } from '../../core/engine/prepared-run.js';
import type { BatchResult, ExplainedBatch, IterationResult } from '../../core/pipeline/post-process.stage.js';
import type { StageTimings } from '../../core/pipeline/stage.js';

/** What a batch's claim commits: the solved iterations whose assignments it takes, and its plan lines. */
export interface SettledBatch {
  takes: IterationResult[];
  explained: ExplainedBatch;
}

/**
 * A solved batch settled against what the run has taken by the time of its
 * claim (docs/scale-out.md, "Guarantees"), when some of its orders no longer
 * fit: the orders that still fit keep their assignments, and only the
 * orders that lost are planned again — against what the run took
 * plus what the kept orders take — and the two are one batch. The kept
 * part's iterations then report no objective, bound or levels: they are no
 * longer one solve's answer.
 */
export async function settleBatch(
  prepared: PreparedRun,
  solver: SolverInstance,
  result: BatchResult,
  lost: ReadonlySet<Id>,
  current: RunLedger,
  timings: StageTimings,
): Promise<SettledBatch> {
  const kept: BatchResult = { ...result, iterations: result.iterations.map((iteration) => withoutOrders(iteration, lost)) };
  const explainedKept = await prepared.explain(kept, timings);
  const ledger = current.fork();
  for (const { problem, outcome } of kept.iterations) ledger.takeAssigned(problem, outcome.arcQuantities);
  const orders = prepared.batches[result.index]!.filter((o) => lost.has(o.order.id));
  const replanned = await prepared.solveBatch(solver, orders, result.index, ledger, timings);
  const explainedReplanned = await prepared.explain(replanned, timings);
  const isKept = (e: { orderId: string | null }) => e.orderId === null || !lost.has(e.orderId);
  return {
    takes: [...kept.iterations, ...replanned.iterations],
    explained: {
      summary: {
        ...explainedKept.summary,
        iterations: [...explainedKept.summary.iterations.map((i) => ({ ...i, objective: null, bound: null, gap: null, levels: null, bounds: null })), ...explainedReplanned.summary.iterations],
      },
      lines: [...explainedKept.lines.filter(isKept), ...explainedReplanned.lines],
      exceptions: [...explainedKept.exceptions.filter(isKept), ...explainedReplanned.exceptions],
      orderLimits: minimumOf(explainedKept.orderLimits, explainedReplanned.orderLimits),
      costByFactor: sumOf(explainedKept.costByFactor, explainedReplanned.costByFactor),
      log: [
        ...explainedKept.log,
        { level: 'info', message: `batch ${result.index}: ${lost.size} order${lost.size === 1 ? '' : 's'} planned again at its claim: batches committed meanwhile on other workers took stock or order slots they had planned on` },
        ...explainedReplanned.log,
      ],
    },
  };
}

/** The iteration with nothing assigned to the lost orders' lines. */
function withoutOrders(iteration: IterationResult, lost: ReadonlySet<Id>): IterationResult {
  const { problem, outcome } = iteration;
  const arcQuantities = outcome.arcQuantities.slice();
  for (let a = 0; a < arcQuantities.length; a++) {
    if (arcQuantities[a] !== 0 && lost.has(problem.orders[problem.lines[problem.arcs.line[a]!]!.order]!.order.id)) arcQuantities[a] = 0;
  }
  const { columnValues: _stale, ...rest } = outcome;
  return { ...iteration, outcome: { ...rest, arcQuantities, objective: null, bound: null, gap: null } };
}

function minimumOf(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const merged = new Map(a);
  for (const [key, value] of b) merged.set(key, Math.min(value, merged.get(key) ?? Infinity));
  return merged;
}

function sumOf(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const merged = new Map(a);
  for (const [key, value] of b) merged.set(key, (merged.get(key) ?? 0) + value);
  return merged;
}

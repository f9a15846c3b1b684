import type { DependencyContainer } from 'tsyringe';
import { PLUGIN_PACKAGES, PLUGIN_REGISTRY } from '../di/tokens.js';
import type { LogEntry, Plan } from '../plan/plan.js';
import type { SolverInstance, SolverPlugin } from '../plugin-api/contracts.js';
import { BuildModelStage } from '../pipeline/build-model.stage.js';
import { FilterStage } from '../pipeline/filter.stage.js';
import type { LoadedRun } from '../pipeline/load.stage.js';
import { allLineIds, ExplainBatchStage, finalTimings, PostProcessStage, type BatchResult, type ExplainedBatch, type IterationResult } from '../pipeline/post-process.stage.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import { SolveStage } from '../pipeline/solve.stage.js';
import { runTimed, type StageTimings } from '../pipeline/stage.js';
import { keepBestLocations } from '../model/prune-candidates.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { RunOptions } from './engine.js';
import { RunLedger } from './ledger.js';
import { guideAssignmentsOf, PoolGuide, type GuideAssignment, type LaterBatches } from './pool-guide.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import { openBatchSolver } from './batch-solver.js';
import { iterationLog } from './solver-warnings.js';
import { partitionIntoBatches } from './batches.js';

export const DEFAULT_TIME_LIMIT_SECONDS = 60;
export const DEFAULT_RELATIVE_GAP = 1e-6;

/** The solver that plans the pool guide: the simplified one, fast on a whole pool. */
const GUIDE_SOLVER = 'dom/greedy';

/**
 * A run loaded and split into batches, ready for its batches to be solved —
 * in this process one after another or at once (`Engine.run`), or on worker
 * processes elsewhere (docs/scale-out.md) — and for the solved batches to be
 * assembled into its plan. Each batch is solved against a ledger of what
 * the run already took; its log entries travel with it.
 */
export class PreparedRun {
  private lineIds: Set<string> | undefined;
  private guide: Promise<GuideState> | undefined;
  private windows: SelectedOrder[][] | undefined;

  constructor(
    private readonly container: DependencyContainer,
    readonly run: LoadedRun,
    readonly options: RunOptions,
    readonly asOf: Date,
    readonly solverPlugin: SolverPlugin,
    readonly solverOptions: Record<string, unknown>,
    /** The run's orders in batches (docs/spec.md §3.2). */
    readonly batches: SelectedOrder[][],
    readonly secondIteration: boolean,
    /** The run's log so far: selection, batches, warnings. */
    readonly log: LogEntry[],
    /** Stage times, each batch's added as it is solved and explained. */
    readonly timings: StageTimings,
  ) {}

  /** The solver the batches use: its own instance, or worker threads for `concurrency` batches at once. */
  openSolver(concurrency: number, log: LogEntry[]): Promise<{ solver: SolverInstance; concurrency: number }> {
    return openBatchSolver(this.solverPlugin, this.solverOptions, concurrency, this.container.resolve(PLUGIN_PACKAGES), log);
  }

  /**
   * The fulfillment problem of these orders in an iteration (2: soft rules
   * dropped), less what `ledger` took, as the filter builds it for a batch.
   */
  async problem(orders: SelectedOrder[], iteration: 1 | 2, ledger: RunLedger, timings: StageTimings = this.timings, distanceCache = new Map(), laterBatches?: LaterBatches): Promise<FulfillmentProblem> {
    const { run, options, asOf } = this;
    const filtered = await runTimed(
      this.container.resolve(FilterStage),
      { dataset: run.dataset, catalog: run.catalog, profile: run.profile, locations: run.locations, orders, iteration, asOf, ledger, laterBatches, distanceCache, removalsListed: options.removalsListed },
      timings,
    );
    return options.candidateLimit ? keepBestLocations(filtered, options.candidateLimit) : filtered;
  }

  /** Solves one batch (both iterations), taking what it assigns from `ledger`. */
  async solveBatch(solver: SolverInstance, orders: SelectedOrder[], index: number, ledger: RunLedger, timings: StageTimings = this.timings): Promise<BatchResult> {
    const { options } = this;
    const iterations: IterationResult[] = [];
    const log: LogEntry[] = [];
    const distanceCache = new Map();
    const { guide, failure } = await this.poolGuide(timings);
    // Reported once, with the first batch, by whichever process solves it.
    if (failure !== undefined && index === 0) log.push({ level: 'warn', message: `pool guide not used: ${failure}; the batches are planned in arrival order` });
    const laterBatches = guide?.after(index);
    let pending: SelectedOrder[] = orders;
    for (const iteration of this.secondIteration ? ([1, 2] as const) : ([1] as const)) {
      if (pending.length === 0) break;
      const problem = await this.problem(pending, iteration, ledger, timings, distanceCache, laterBatches);
      const model = this.solverPlugin.meta.kind === 'production' ? await runTimed(this.container.resolve(BuildModelStage), { problem, names: options.onModel !== undefined }, timings) : null;
      if (model) options.onModel?.(model, { batch: index, iteration });
      const solved = await runTimed(
        this.container.resolve(SolveStage),
        {
          solver,
          meta: this.solverPlugin.meta,
          problem,
          model,
          timeLimitSeconds: options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
          relativeGap: options.relativeGap ?? DEFAULT_RELATIVE_GAP,
        },
        timings,
      );
      const { outcome } = solved;
      for (const note of outcome.notes) log.push({ level: outcome.status === 'optimal' ? 'info' : 'warn', message: `batch ${index} iteration ${iteration}: ${note}` });
      log.push(...iterationLog(index, iteration, solved));
      const result: IterationResult = { problem, model, outcome, fallback: solved.fallback, decomposition: solved.decomposition };
      options.onSolved?.(result, { batch: index, iteration });
      iterations.push(result);
      ledger.takeAssigned(problem, outcome.arcQuantities);
      pending = unassignedOrders(problem, outcome.arcQuantities);
    }
    return { index, iterations, log };
  }

  /**
   * The pool guide (docs/spec.md §3.2), planned once, when the first batch
   * is solved: for a run of more than one batch, the simplified solver's
   * plan of the whole pool, in windows of `poolGuideWindowLines` lines.
   * Deterministic, so every process that solves batches of the run plans
   * the same guide. A guide that cannot be planned (a rule that throws on
   * one order's data) leaves the batches unguided: one order must not stop
   * every batch.
   */
  private poolGuide(timings: StageTimings): Promise<GuideState> {
    return (this.guide ??= !this.usesPoolGuide
      ? Promise.resolve({ guide: null })
      : this.planPoolGuide(timings).then(
          (guide) => ({ guide }),
          (error: unknown) => ({ guide: null, failure: error instanceof Error ? error.message : String(error) }),
        ));
  }

  /** What the batches after batch `index` keep (the pool guide), or undefined when the run has none. */
  async laterBatches(index: number, timings: StageTimings = this.timings): Promise<LaterBatches | undefined> {
    return (await this.poolGuide(timings)).guide?.after(index);
  }

  /**
   * Whether the run's batches are guided by a plan of the whole pool
   * (`poolGuideWindowLines` > 0). Only a production solver's: the
   * simplified solver's own plan of the pool is the guide.
   */
  get usesPoolGuide(): boolean {
    return this.solverPlugin.meta.kind === 'production' && this.batches.length > 1 && this.run.dataset.parameters.poolGuideWindowLines > 0;
  }

  /**
   * The windows the guide plans the pool in, in arrival order: the whole
   * pool when it has at most `poolGuideWindowLines` lines. Each window is
   * one batch of the simplified solver, planned after the earlier windows
   * took their stock, so that one window's problem is in memory at a time.
   */
  get poolGuideWindows(): SelectedOrder[][] {
    return (this.windows ??= partitionIntoBatches(this.batches.flat(), this.run.dataset.parameters.poolGuideWindowLines));
  }

  private async planPoolGuide(timings: StageTimings): Promise<PoolGuide> {
    const registry = this.container.resolve<PluginRegistry>(PLUGIN_REGISTRY);
    const plugin = registry.get('solver', GUIDE_SOLVER, 'pool guide');
    const solver = await plugin.create(registry.validateOptions<Record<string, unknown>>(plugin, {}, 'solver.options'));
    try {
      // The run's own callbacks hear of its batches only, not of the guide's solves; nothing explains the guide's plan, so its removals are counted, never listed.
      const options: RunOptions = { ...this.options, removalsListed: 0, onModel: undefined, onSolved: undefined, onBatch: undefined };
      const pool = new PreparedRun(this.container, this.run, options, this.asOf, plugin, {}, this.poolGuideWindows, this.secondIteration, [], timings);
      const ledger = new RunLedger();
      const assignments: GuideAssignment[] = [];
      for (const [index, window] of pool.batches.entries()) {
        const { iterations } = await pool.solveBatch(solver, window, index, ledger, timings);
        for (const assignment of guideAssignmentsOf(iterations)) assignments.push(assignment);
      }
      return new PoolGuide(this.batches, assignments);
    } finally {
      solver.dispose?.();
    }
  }

  /** A solved batch as plan lines, exceptions and summary, so that its problems can be freed. */
  explain(batch: BatchResult, timings: StageTimings = this.timings): Promise<ExplainedBatch> {
    return runTimed(this.container.resolve(ExplainBatchStage), { run: this.run, batch, takenLineIds: () => (this.lineIds ??= allLineIds(this.run)) }, timings);
  }

  /** The plan of the explained batches, given in batch order; `log` is added after their entries. */
  async finish(batches: ExplainedBatch[], log: LogEntry[] = []): Promise<Plan> {
    const runLog = [...this.log, ...batches.flatMap((b) => b.log), ...log];
    const plan = await runTimed(this.container.resolve(PostProcessStage), { run: this.run, batches, solver: { ...this.solverPlugin.meta }, asOf: this.asOf, timings: this.timings, log: runLog }, this.timings);
    plan.timings = finalTimings(this.timings);
    return plan;
  }
}

/** The pool guide of a run, or why it could not be planned. */
interface GuideState {
  guide: PoolGuide | null;
  failure?: string;
}

/** Lines with nothing assigned, grouped by order, for the next iteration. */
function unassignedOrders(problem: IterationResult['problem'], arcQuantities: number[]): SelectedOrder[] {
  return problem.orders
    .map((order) => ({
      order: order.order,
      lines: order.lines.filter((l) => problem.lines[l]!.arcs.every((a) => arcQuantities[a] === 0)).map((l) => problem.lines[l]!.line),
      runLines: order.runLines,
    }))
    .filter((o) => o.lines.length > 0);
}

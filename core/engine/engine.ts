import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { isWithinDates } from '../domain/dates.js';
import { DISTANCE_PROVIDER, DISTANCE_PROVIDER_META, GEOCODER, PLUGIN_PACKAGES, PLUGIN_REGISTRY } from '../di/tokens.js';
import { OpenDomError } from '../errors/errors.js';
import type { LinearModel } from '../model/linear-model.js';
import type { FulfillmentProblem } from '../model/problem.js';
import type { DataSource, OpenDomPlugin } from '../plugin-api/contracts.js';
import { PluginRegistry, type PluginListing } from '../plugin-api/registry.js';
import type { LogEntry, Plan } from '../plan/plan.js';
import { BuildModelStage } from '../pipeline/build-model.stage.js';
import { FilterStage } from '../pipeline/filter.stage.js';
import { LoadStage, type LoadedRun } from '../pipeline/load.stage.js';
import type { ExplainedBatch, IterationResult } from '../pipeline/post-process.stage.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import { SolveStage } from '../pipeline/solve.stage.js';
import { emptyTimings, runTimed } from '../pipeline/stage.js';
import { DEFAULT_RELATIVE_GAP, DEFAULT_TIME_LIMIT_SECONDS, PreparedRun } from './prepared-run.js';
import type { InvalidOrder } from '../validation/dataset-validator.js';
import type { Dataset, Profile } from '../domain/types.js';
import type { EngineOptions, PluginChoice } from './engine-options.js';
import { RunLedger } from './ledger.js';
import { batchLinesOf, countLines, partitionIntoBatches } from './batches.js';
import { runBatches } from './batch-runner.js';
import { deterministicPlan } from './deterministic-plan.js';
import { whyNot, type WhyNot } from './why-not.js';
import { batchConcurrency } from './batch-solver.js';
import { solverWarnings } from './solver-warnings.js';
import { Suggester, type SuggestRequest, type SuggestResult } from './suggest.js';
import { ExtensionHooks, type ChosenHook, type HookedApply } from './extension-hooks.js';
import type { HookLifecycle } from '../plugin-api/extension-points.js';
import type { ApplyOptions, DataStore, PluginMeta } from '../plugin-api/contracts.js';

export interface RunOptions {
  profileId: string;
  /** Solver plugin id (default: the dataset's `parameters.solver`), optionally with options. */
  solver?: string | PluginChoice;
  /** Time limit of each solve, in seconds (default 60). */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which a solve may stop (default 1e-6). */
  relativeGap?: number;
  /**
   * Keep only each order's K best candidate locations (and each line's two best)
   * before the model is built: smaller models, possibly a costlier plan. Off by default.
   */
  candidateLimit?: number;
  /**
   * Removed candidates each line's explanation lists with their reason, the
   * nearest first chosen (default 10; `Infinity` lists every one). Every
   * removal is counted by rule in `removedByRule` whatever the limit.
   */
  removalsListed?: number;
  /** The instant the run treats as now (default: the current time). */
  asOf?: Date;
  /** Called with each linear model built (e.g. to export it as an LP file). */
  onModel?: (model: LinearModel, where: { batch: number; iteration: 1 | 2 }) => void;
  /** Called with each solved batch iteration: its problem, model (production solvers) and the outcome applied. */
  onSolved?: (solved: IterationResult, where: { batch: number; iteration: 1 | 2 }) => void;
  /** Called after each batch, for progress display. */
  onBatch?: (done: number, total: number) => void;
  /**
   * A plan that depends only on the data and the options (docs/spec.md §6.12):
   * its id is a hash of its content, its `createdAt` the run's instant, its
   * timings zero, and batches solved at once give exactly the plan of one at
   * a time (a batch whose problem another batch changed is solved again),
   * whatever `threadUtilization` and the machine's cores. Off by default.
   */
  deterministic?: boolean;
}

export interface ValidationReport {
  dataset: Dataset;
  invalidOrders: InvalidOrder[];
}

const DEFAULT_HOOK_TIMEOUT_SECONDS = 30;

/**
 * One engine: its own child container with its registered plugins, a data
 * source and a distance provider. Runs are independent of each other.
 */
export class Engine {
  constructor(
    private readonly container: DependencyContainer,
    private readonly source: DataSource,
    private readonly hooks: ExtensionHooks,
  ) {}

  get registry(): PluginRegistry {
    return this.container.resolve(PLUGIN_REGISTRY);
  }

  /** Validates the whole dataset without running; throws E_CONFIG on invalid configuration. */
  async validate(): Promise<ValidationReport> {
    const { dataset, invalidOrders } = await this.container.resolve(LoadStage).validate(this.source);
    return { dataset, invalidOrders };
  }

  /**
   * A suggester over the data as it is now (docs/spec.md §6.8): read and
   * validated once, then as many suggestions as needed, none of which
   * writes anything. Build a new one when the data changes.
   */
  async suggester(): Promise<Suggester> {
    const { dataset, catalog } = await this.container.resolve(LoadStage).validate(this.source);
    const locations = (profile: Profile) => this.hooks.locations(profile, catalog, dataset, new Date());
    return new Suggester(dataset, catalog, this.container.resolve(FilterStage), this.container.resolve(GEOCODER), locations);
  }

  /** One suggestion on the data as it is now; for many, keep a {@link Engine.suggester}. */
  async suggest(request: SuggestRequest): Promise<SuggestResult> {
    return (await this.suggester()).suggest(request);
  }

  /**
   * Loads a run of one profile and splits it into batches, ready for them
   * to be solved here (`run`) or on worker processes (docs/scale-out.md).
   */
  async prepare(options: RunOptions): Promise<PreparedRun> {
    const listed = options.removalsListed;
    if (listed !== undefined && !(listed === Infinity || (Number.isInteger(listed) && listed >= 0))) {
      throw new OpenDomError('E_USAGE', `removalsListed must be a whole number ≥ 0 or Infinity, got ${listed}`);
    }
    const timings = emptyTimings();
    const log: LogEntry[] = [];
    const asOf = options.asOf ?? new Date();
    const run = await this.load(options.profileId, asOf, timings);
    const choice = typeof options.solver === 'string' ? { id: options.solver } : options.solver ?? { id: run.dataset.parameters.solver };
    const solverPlugin = this.registry.get('solver', choice.id, options.solver ? 'solver' : 'parameters.solver');
    const solverOptions = this.registry.validateOptions<Record<string, unknown>>(solverPlugin, { ...(choice.options ?? {}) }, 'solver.options');
    const batchSize = batchLinesOf(run.profile, solverPlugin.meta, run.dataset.parameters);
    const batches = partitionIntoBatches(run.selected, batchSize);
    log.push({ level: 'info', message: `${run.selected.length} orders, ${countLines(run.selected)} lines selected; ${batches.length} batch${batches.length === 1 ? '' : 'es'} of at most ${batchSize} lines` });
    const prepared = new PreparedRun(this.container, run, options, asOf, solverPlugin, solverOptions, batches, this.needsSecondIteration(run, asOf), log, timings);
    if (!prepared.secondIteration) log.push({ level: 'info', message: 'iteration 2 not needed: no active rule of the profile is soft' });
    if (prepared.usesPoolGuide) {
      const windows = prepared.poolGuideWindows.length;
      const how = windows === 1 ? 'whole' : `in ${windows} windows of at most ${run.dataset.parameters.poolGuideWindowLines} lines, in arrival order,`;
      log.push({ level: 'info', message: `pool guide: the ${countLines(run.selected)} lines are planned ${how} by the simplified solver first; each batch keeps for later batches the stock and order slots that plan gives their orders` });
    }
    log.push(...solverWarnings(solverPlugin.meta, Math.max(0, ...batches.map(countLines)), run.profile, run.dataset, this.registry, asOf));
    return prepared;
  }

  /** Runs one profile and returns its fulfillment plan. */
  async run(options: RunOptions): Promise<Plan> {
    const prepared = await this.prepare(options);
    const concurrency = batchConcurrency(prepared.run.dataset.parameters.threadUtilization, prepared.batches.length, prepared.solverPlugin);
    // How the batches were spread over threads is not part of a deterministic plan: it depends on the machine.
    const coordination: LogEntry[] = [];
    const { solver, concurrency: width } = await prepared.openSolver(concurrency, options.deterministic ? [] : prepared.log);
    let results: ExplainedBatch[];
    try {
      const solveBatch = (orders: SelectedOrder[], index: number, ledger: RunLedger) => prepared.solveBatch(solver, orders, index, ledger);
      const done = await runBatches(prepared.batches, solveBatch, { concurrency: width, commit: (batch) => prepared.explain(batch), onBatch: options.onBatch, exact: options.deterministic ?? false });
      for (const { batch, orders } of done.resolved) {
        coordination.push({ level: 'info', message: `batch ${batch} solved again: batches solved at the same time took stock or order capacity that ${orders} of its order${orders === 1 ? '' : 's'} had planned on` });
      }
      results = done.results;
    } finally {
      solver.dispose?.();
    }
    const plan = await prepared.finish(results, options.deterministic ? [] : coordination);
    return options.deterministic ? deterministicPlan(plan) : plan;
  }

  /**
   * Why a line of a plan did not go to a location (docs/explain.md, "Why
   * not this location"): removed before the solve (by which rule, and
   * whether it is soft), no usable stock (and who took it), no order slot
   * left, or a candidate that costs more — then the line's independent part
   * of its batch is solved again with the line forced there. The engine's
   * data must be the data the plan was made from (a snapshot of its run);
   * it keeps the plan's run and problems for the next question about the
   * same plan, so ask an engine on data that does not change.
   */
  async whyNot(plan: Plan, lineId: string, locationId: string): Promise<WhyNot> {
    const asOf = new Date(plan.asOf);
    const solverPlugin = this.registry.get('solver', plan.solver.id, 'plan.solver.id');
    // Questions about one plan come in series (an operator, a store manager): its run is read and its batches' problems built once.
    if (this.whyNotCache?.planId !== plan.planId) {
      const run = await this.load(plan.profileId, asOf, emptyTimings());
      const batches = partitionIntoBatches(run.selected, batchLinesOf(run.profile, solverPlugin.meta, run.dataset.parameters));
      // The run as it was prepared, for what its later batches kept (the pool guide, planned again: it is deterministic).
      const prepared = new PreparedRun(this.container, run, { profileId: plan.profileId, asOf }, asOf, solverPlugin, {}, batches, this.needsSecondIteration(run, asOf), [], emptyTimings());
      this.whyNotCache = { planId: plan.planId, prepared, problems: new Map() };
    }
    const { prepared, problems } = this.whyNotCache;
    const { run, batches } = prepared;
    const solver = await solverPlugin.create(this.registry.validateOptions<Record<string, unknown>>(solverPlugin, {}, 'solver.options'));
    try {
      return await whyNot(
        {
          plan,
          batches,
          locationIds: new Set(run.locations.map((l) => l.id)),
          isSoft: (ruleId) => {
            const rule = run.dataset.rules.find((r) => r.id === ruleId);
            return rule !== undefined && this.isSoft(rule);
          },
          filter: async (orders, ledger) => {
            const whole = batches.indexOf(orders);
            const laterBatches = await prepared.laterBatches(batches.findIndex((batch) => batch.includes(orders[0]!)));
            const built =
              problems.get(whole) ??
              (await this.container.resolve(FilterStage).run({ dataset: run.dataset, catalog: run.catalog, profile: run.profile, locations: run.locations, orders, iteration: 1, asOf, ledger, laterBatches, distanceCache: new Map(), removalsListed: Infinity }));
            if (whole >= 0) problems.set(whole, built);
            return built;
          },
          solve: async (problem) => {
            const model = solverPlugin.meta.kind === 'production' ? await this.container.resolve(BuildModelStage).run({ problem, names: false }) : null;
            const solved = await this.container.resolve(SolveStage).run({ solver, meta: solverPlugin.meta, problem, model, timeLimitSeconds: DEFAULT_TIME_LIMIT_SECONDS, relativeGap: DEFAULT_RELATIVE_GAP });
            return solved.outcome.arcQuantities;
          },
        },
        lineId,
        locationId,
      );
    } finally {
      solver.dispose?.();
    }
  }

  /**
   * Applies a stored plan to the store through the engine's apply hooks
   * (docs/spec.md §6.10): before-apply hooks may veto orders or hold lines
   * back, after-apply hooks are told what was applied. `store` must hold the plan.
   */
  async applyPlan(store: DataStore, plan: Plan, options: Omit<ApplyOptions, 'verdict'>): Promise<HookedApply> {
    return this.hooks.applyPlan(store, plan, options);
  }

  async close(): Promise<void> {
    try {
      await this.hooks.close();
    } finally {
      await this.source.close?.();
    }
  }

  /** Reads the run's data, then asks the location set which locations ship and the inventory provider what they hold. */
  private async load(profileId: string, asOf: Date, timings: ReturnType<typeof emptyTimings>): Promise<LoadedRun> {
    const loaded = await runTimed(this.container.resolve(LoadStage), { source: this.source, profileId }, timings);
    const locations = await this.hooks.locations(loaded.profile, loaded.catalog, loaded.dataset, asOf);
    const variantIds = [...new Set(loaded.selected.flatMap((o) => o.lines.map((l) => l.variantId)))];
    const dataset = await this.hooks.inventory(loaded.dataset, profileId, variantIds, locations, asOf);
    return { ...loaded, dataset, locations };
  }

  /** The run and batch problems of the plan last asked about (`whyNot`). */
  private whyNotCache?: { planId: string; prepared: PreparedRun; problems: Map<number, FulfillmentProblem> };

  /** Iteration 2 only changes anything when an active rule of the profile would be dropped (docs/spec.md §3.4). */
  private needsSecondIteration(run: LoadedRun, asOf: Date): boolean {
    return run.profile.ruleIds.some((id) => {
      const rule = run.dataset.rules.find((r) => r.id === id)!;
      return !rule.disabled && isWithinDates(rule.startDate, rule.endDate, asOf) && this.isSoft(rule);
    });
  }

  /** A rule iteration 2 drops: neither marked a hard constraint nor hard by its plugin. */
  private isSoft(rule: Dataset['rules'][number]): boolean {
    return !rule.hardConstraint && !this.registry.get('rule', rule.type, `rules[${rule.id}].type`).meta.alwaysHard;
  }
}

/**
 * Creates an engine: a child container, every plugin package registered into
 * it through the public plugin API, the data source, the distance provider and the geocoder.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const container = rootContainer.createChildContainer();
  const registry = new PluginRegistry(container);
  container.register(PLUGIN_REGISTRY, { useValue: registry });
  container.register(PLUGIN_PACKAGES, { useValue: options.plugins });
  for (const pkg of options.plugins) registry.registerPackage(pkg);
  const distanceChoice = options.distance ?? { id: 'dom/aerial' };
  const distancePlugin = registry.get('distance-provider', distanceChoice.id, 'distance.id');
  container.register(DISTANCE_PROVIDER, {
    useValue: distancePlugin.create(registry.validateOptions(distancePlugin, { ...(distanceChoice.options ?? {}) }, 'distance.options')),
  });
  container.register(DISTANCE_PROVIDER_META, { useValue: distancePlugin.meta });
  const geocoderChoice = options.geocoder ?? { id: 'dom/coordinates' };
  const geocoderPlugin = registry.get('geocoder', geocoderChoice.id, 'geocoder.id');
  const geocoder = await geocoderPlugin.create(registry.validateOptions(geocoderPlugin, { ...(geocoderChoice.options ?? {}) }, 'geocoder.options'));
  container.register(GEOCODER, { useValue: { pluginId: geocoderPlugin.meta.id, geocoder } });
  const source = 'read' in options.data ? options.data : createSource(registry, options.data);
  return new Engine(container, source, await extensionHooks(registry, options));
}

/** The chosen location set, inventory provider and apply hooks, made by their plugins with their options checked. */
async function extensionHooks(registry: PluginRegistry, options: EngineOptions): Promise<ExtensionHooks> {
  const made = async <T extends HookLifecycle>(plugin: { meta: PluginMeta; create(options: Record<string, unknown>): T | Promise<T> }, choice: PluginChoice, path: string): Promise<ChosenHook<T>> => ({
    pluginId: plugin.meta.id,
    hooks: await plugin.create(registry.validateOptions(plugin, { ...(choice.options ?? {}) }, `${path}.options`)),
  });
  const timeout = options.hookTimeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS;
  if (!(timeout > 0)) throw OpenDomError.of({ code: 'E_USAGE', field: 'hookTimeoutSeconds', message: `must be a number of seconds > 0, got ${timeout}` });
  const locationSet = options.locationSet ?? { id: 'dom/profile-locations' };
  const inventory = options.inventory ?? { id: 'dom/dataset-inventory' };
  return new ExtensionHooks(
    await made(registry.get('location-set', locationSet.id, 'locationSet.id'), locationSet, 'locationSet'),
    await made(registry.get('inventory-provider', inventory.id, 'inventory.id'), inventory, 'inventory'),
    await Promise.all((options.applyHooks ?? []).map((choice, i) => made(registry.get('apply-hook', choice.id, `applyHooks[${i}].id`), choice, `applyHooks[${i}]`))),
    timeout,
  );
}

/** Every plugin that these packages register, as `opendom plugins` lists them (a package that fails to register throws). */
export function listPlugins(packages: OpenDomPlugin[]): PluginListing[] {
  const registry = new PluginRegistry(rootContainer.createChildContainer());
  for (const pkg of packages) registry.registerPackage(pkg);
  return registry.list();
}

function createSource(registry: PluginRegistry, choice: PluginChoice): DataSource {
  const plugin = registry.get('data-adapter', choice.id, 'data.id');
  return plugin.create(registry.validateOptions(plugin, { ...(choice.options ?? {}) }, 'data.options'));
}



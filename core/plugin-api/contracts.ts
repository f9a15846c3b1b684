import type {
  Address,
  Coordinates,
  CostFactorRecord,
  Dataset,
  DistanceUnit,
  Id,
  Location,
  Parameters,
  Profile,
  RuleRecord,
  SalesLine,
  SalesOrder,
} from '../domain/types.js';
import type { Catalog } from '../domain/catalog.js';
import type { CollectionName, RawDataset } from '../domain/raw-dataset.js';
import type { Plan } from '../plan/plan.js';
import type { FulfillmentProblem, OrderStructure, CustomRow } from '../model/problem.js';
import type { LinearModel } from '../model/linear-model.js';
import type { ApplyHookPlugin, InventoryProviderPlugin, LocationSetPlugin } from './extension-points.js';

/**
 * Plugin contracts. A plugin is an object with `meta` (who it is, what it
 * accepts) and `create(...)` (what it does), in the manner of ESLint rules.
 * Built-in plugins are written against exactly these types.
 */

/** Version of the plugin API; plugins declare a semver range of it in `compatibility`. */
export const PLUGIN_API_VERSION = '1.0.0';

export interface PluginMeta {
  /** Namespaced id, e.g. `dom/max-distance` or `acme/hazmat-from-dc-only`. */
  id: string;
  /** The plugin's own semver version. */
  version: string;
  /** Semver range of {@link PLUGIN_API_VERSION} the plugin works with, e.g. `^1.0.0`. */
  compatibility: string;
  description: string;
  /** JSON Schema of the plugin's options (`additionalProperties: false` recommended). */
  optionsSchema: object;
}

/** A message the plugin may report, with `{name}` placeholders filled from the report's data. */
export type MessageTemplates = Record<string, string>;

/** What a rule hook returns to explain a decision: a message id and its data. */
export interface RuleReport {
  messageId: string;
  data: Record<string, string | number>;
}

/** A problem with a rule's or cost factor's own configuration, beyond its schema. */
export interface ConfigProblem {
  /** Path inside the record, e.g. `options.maxFulfillingLocations`. */
  field: string;
  message: string;
}

// ---------------------------------------------------------------- rules ----

/** A location's distance limit (`RuleHandlers.distanceLimit`). */
export interface DistanceLimit {
  /** The farthest the location ships: exact distance, in the run's unit. */
  limit: number;
  /** The rule instance that removes the candidates beyond the limit, and its message id. */
  ruleId: Id;
  messageId: string;
  /** The message data of a candidate beyond the limit: asked only for the removals listed one by one (every one is counted). */
  data(candidate: Candidate): Record<string, string | number>;
}

export interface RuleMeta extends PluginMeta {
  messages: MessageTemplates;
  /** Whether the rule's scope may name products, variants and categories. */
  productScope: boolean;
  /** Rules kept in iteration 2 even when not hard (location priority). */
  alwaysHard?: boolean;
  /** Whether the simplified solver honours the rule; when false the run's log says it was ignored. */
  simplifiedSolver: 'honoured' | 'ignored';
}

/** A rule record that is active in this iteration, with helpers for its scope. */
export interface ActiveRule<O> {
  record: RuleRecord<O>;
  options: O;
  /** Whether the rule's location scope covers the location (an empty scope covers all). */
  coversLocation(locationId: Id): boolean;
  /** Whether the rule's product scope covers the variant (an empty scope covers all). */
  coversVariant(variantId: Id): boolean;
}

/** What a rule sees: its active instances in this run and read-only data. */
export interface RuleContext<O> {
  rules: ActiveRule<O>[];
  iteration: 1 | 2;
  /** The instant the run treats as now (rule dates, rejection periods). */
  asOf: Date;
  parameters: Parameters;
  profile: Profile;
  catalog: Catalog;
  /** The whole validated dataset, read-only (e.g. orders assigned in earlier runs, other profiles' rules). */
  dataset: Readonly<Dataset>;
}

/** A candidate (line, location) pair, offered to rules before it enters the problem. */
export interface Candidate {
  order: SalesOrder;
  line: SalesLine;
  location: Location;
  /** Exact distance in the run's unit. */
  distance: number;
  /** Region-grouped distance (docs/spec.md §5). */
  costDistance: number;
  unit: DistanceUnit;
}

/**
 * The hooks a rule may implement; each is optional. Several instances of the
 * same rule type are given to one `create` call, so a rule decides its own
 * precedence (e.g. the lowest of overlapping distance limits). `R` narrows the
 * reports to the rule's own messages ({@link defineRule} does).
 */
export interface RuleHandlers<R extends RuleReport = RuleReport> {
  /** Hold a line back from the run (it becomes an exception with the report). */
  holdLine?(line: SalesLine, order: SalesOrder): (R & { exceptionType: 'maximum-rejections' | 'maximum-attempts' | null; ruleId: Id }) | undefined;
  /** Quantity of a variant at a location that DOM may use, given what is available. */
  adjustAvailable?(variantId: Id, location: Location, available: number): (R & { usable: number; ruleId: Id }) | undefined;
  /**
   * Remove a location for every line of the run: return why, or nothing to
   * keep it. Asked once per location and batch: the fast form for a
   * decision that depends on the location only (offline, capacity, type).
   */
  filterLocation?(location: Location): (R & { ruleId: Id }) | undefined;
  /**
   * Remove a location for every line of one variant: return why, or nothing
   * to keep it. Asked once per (variant, location) and batch: the fast form
   * for a product rule.
   */
  filterVariant?(variantId: Id, location: Location): (R & { ruleId: Id }) | undefined;
  /**
   * The farthest a location ships, with the rule instance and message of
   * every candidate beyond it; nothing for no limit. Asked once per location
   * and batch: the fast form of a distance rule.
   */
  distanceLimit?(location: Location): DistanceLimit | undefined;
  /**
   * Remove a candidate: return why, or nothing to keep it. Called for every
   * (line, location) pair the other filters keep: the slow path, for
   * decisions that need the line or the order. Prefer `filterLocation`,
   * `filterVariant` or `distanceLimit` when the decision fits one of them.
   */
  filterCandidate?(candidate: Candidate): (R & { ruleId: Id }) | undefined;
  /**
   * Most orders the location may take in this run (`capacity`), and, when the
   * rule caps the orders a location holds at all, that cap (`limit`): applying
   * a plan later checks it again against what the location holds then.
   */
  locationCapacity?(location: Location): (R & { capacity: number; limit?: number; ruleId: Id }) | undefined;
  /** Structure of an order (max locations, all-or-nothing, partial lines). */
  orderStructure?(order: SalesOrder, lines: SalesLine[]): (R & { structure: Partial<OrderStructure>; ruleId: Id }) | undefined;
  /** Priority tier of a location for an order (1 best … 10; undefined: none). */
  priorityTier?(location: Location, order: SalesOrder): number | undefined;
  /** Linear rows the problem layer cannot express (production solvers only). */
  customRows?(problem: FulfillmentProblem): CustomRow[];
}

/**
 * A rule plugin.
 *
 * @example
 * ```ts
 * export const hazmatFromDcOnly: RulePlugin<{ productIds: string[] }> = {
 *   meta: { id: 'acme/hazmat-from-dc-only', version: '1.0.0', compatibility: '^1.0.0',
 *     description: 'Hazardous products ship from distribution centres only.',
 *     optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
 *     messages: { notDc: '{location} is a {type}, hazardous goods ship from DCs' },
 *     productScope: true, simplifiedSolver: 'honoured' },
 *   create: (ctx) => ({
 *     filterCandidate: (c) => {
 *       const rule = ctx.rules.find((r) => r.coversVariant(c.line.variantId) && r.coversLocation(c.location.id));
 *       if (!rule || c.location.type === 'distribution-center') return undefined;
 *       return { ruleId: rule.record.id, messageId: 'notDc', data: { location: c.location.id, type: c.location.type } };
 *     },
 *   }),
 * };
 * ```
 */
export interface RulePlugin<O = Record<string, unknown>> {
  meta: RuleMeta;
  /** Checks a record beyond its options schema (disallowed combinations …). */
  check?(record: RuleRecord<O>, catalog: Catalog): ConfigProblem[];
  create(context: RuleContext<O>): RuleHandlers;
}

// --------------------------------------------------------- cost factors ----

export interface CostFactorMeta extends PluginMeta {
  messages?: MessageTemplates;
}

export interface CostFactorContext<O> {
  factor: CostFactorRecord<O>;
  options: O;
  parameters: Parameters;
  catalog: Catalog;
}

/** Cost of shipping part of an order from one location. */
export interface ShipmentInfo {
  order: SalesOrder;
  location: Location;
  modeOfDelivery: Id;
  /** Exact distance from the location to the order's delivery address, in the run's unit: for costs that must not be overstated (CO2, per mile). */
  distance: number;
  /** Region-grouped distance (docs/spec.md §5): local stores within the radius count as equally near. */
  costDistance: number;
  unit: DistanceUnit;
}

export interface CostHandlers {
  /** Paid once per shipment (order, location, mode of delivery). */
  shipmentCost?(shipment: ShipmentInfo): number;
  /** Paid once per (line, location) assignment. */
  assignmentCost?(candidate: Candidate): number;
  /** Paid per unit shipped from the location. */
  unitCost?(candidate: Candidate): number;
}

/** What {@link CostFactorPlugin.checkProfile} sees: the profile and the dataset's parameters. */
export interface CostFactorProfileContext {
  profile: Profile;
  parameters: Parameters;
}

/**
 * A cost factor plugin: one term of the cost objective (docs/spec.md §5).
 *
 * @example
 * ```ts
 * export const giftWrap: CostFactorPlugin<{ cost: number }> = {
 *   meta: { id: 'acme/gift-wrap', version: '1.0.0', compatibility: '^1.0.0',
 *     description: 'Gift wrapping costs per unit shipped from a store.',
 *     optionsSchema: { type: 'object', additionalProperties: false, required: ['cost'],
 *       properties: { cost: { type: 'number', minimum: 0 } } } },
 *   create: ({ options }) => ({ unitCost: (c) => (c.location.type === 'store' ? options.cost : 0) }),
 * };
 * ```
 */
export interface CostFactorPlugin<O = Record<string, unknown>> {
  meta: CostFactorMeta;
  /** Checks a record beyond its options schema; `field` paths start at the record (`options.tiers[1].from`). */
  check?(record: CostFactorRecord<O>, catalog: Catalog): ConfigProblem[];
  /**
   * Checks the factors of this type that one profile uses together (whatever
   * their dates), e.g. that no mode of delivery is priced over two kinds of
   * distance. Called only when every one of them passed its schema and `check`.
   */
  checkProfile?(factors: CostFactorRecord<O>[], context: CostFactorProfileContext): Array<ConfigProblem & { factorId: Id }>;
  create(context: CostFactorContext<O>): CostHandlers;
}

// -------------------------------------------------------------- solvers ----

export interface SolverMeta extends PluginMeta {
  /** Production solvers read the linear model; simplified ones read the problem. */
  kind: 'production' | 'simplified';
  /** Lines per batch when the profile's max lines per optimization is 0 (docs/spec.md §3.2). */
  defaultBatchSize: number;
  /** Most lines per batch the solver handles within its time limit; the run's log warns about larger batches. */
  maxBatchLines?: number;
}

/**
 * What a solver is asked. A production solver may be given one independent
 * part of a batch: `model` then has columns for some of the problem's arcs only
 * (the others' `arcColumns` are -1) and the solver answers for those.
 */
export interface SolveInput {
  problem: FulfillmentProblem;
  /** The linear model; null for simplified solvers. */
  model: LinearModel | null;
  timeLimitSeconds: number;
  relativeGap: number;
  /**
   * A feasible plan to start from (units per arc of the problem, e.g. the
   * greedy planner's): a MIP start. `columnValuesOf(model, start)` gives the
   * model's column values. Solvers that cannot use it ignore it.
   */
  start?: ArrayLike<number>;
}

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'no-solution' | 'error';

export interface SolveOutcome {
  status: SolveStatus;
  /** Units shipped on each arc of the problem. */
  arcQuantities: number[];
  /** Value of each column of the linear model (production solvers; used to report objective levels). */
  columnValues?: ArrayLike<number>;
  /** Combined objective of the linear model (null when the solver has none). */
  objective: number | null;
  bound: number | null;
  /** Relative gap between objective and bound. */
  gap: number | null;
  /** Notes for the run's log (what was ignored, limits reached …). */
  notes: string[];
}

export interface SolverInstance {
  solve(input: SolveInput): Promise<SolveOutcome>;
  dispose?(): void;
}

export interface SolverPlugin<O = Record<string, unknown>> {
  meta: SolverMeta;
  create(options: O): SolverInstance | Promise<SolverInstance>;
}

// ----------------------------------------------------- distance providers ----

export interface DistanceProviderMeta extends PluginMeta {
  /** Aerial (great circle) or road distance. */
  distanceKind: 'aerial' | 'road';
}

export interface DistanceProvider {
  /** Distances from one origin to many destinations, in the unit asked. */
  distances(origin: Coordinates, destinations: Coordinates[], unit: DistanceUnit): Promise<number[]>;
}

export interface DistanceProviderPlugin<O = Record<string, unknown>> {
  meta: DistanceProviderMeta;
  create(options: O): DistanceProvider;
}

// ------------------------------------------------------------ geocoders ----

/** Why an address could not be geocoded: the address field at fault and what to do. */
export interface GeocodeFailure {
  /** The address field at fault, e.g. `postalCode`. */
  field: keyof Address;
  message: string;
}

export type GeocodeResult = { coordinates: Coordinates } | { failure: GeocodeFailure };

export interface Geocoder {
  /**
   * Coordinates of each address, in order; a failure says which field and
   * why. Only addresses without coordinates are asked: coordinates in the
   * data always win. Asynchronous, so a geocoder may call a service.
   */
  geocode(addresses: Address[]): Promise<GeocodeResult[]>;
}

/**
 * A geocoder plugin: places addresses that have no coordinates (docs/spec.md §6).
 * The engine uses one, chosen with `createEngine({ geocoder: { id } })`.
 *
 * @example
 * ```ts
 * export const acmeGeocoder: GeocoderPlugin<{ url: string }> = {
 *   meta: { id: 'acme/geocoder', version: '1.0.0', compatibility: '^1.0.0', description: 'Geocodes through the ACME service.',
 *     optionsSchema: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string' } } } },
 *   create: ({ url }) => ({ geocode: (addresses) => callAcme(url, addresses) }),
 * };
 * ```
 */
export interface GeocoderPlugin<O = Record<string, unknown>> {
  meta: PluginMeta;
  create(options: O): Geocoder | Promise<Geocoder>;
}

// --------------------------------------------------------- data adapters ----

export interface DataSource {
  /** Every record of the dataset, unvalidated, with where it came from. */
  read(): Promise<RawDataset>;
  close?(): Promise<void>;
}

export interface DataAdapterPlugin<O = Record<string, unknown>> {
  meta: PluginMeta;
  create(options: O): DataSource;
}

// ----------------------------------------------------------- data stores ----

/** What a store can be written: a record collection, or `parameters` (one record). */
export type StoreCollection = CollectionName | 'parameters';

/** What an upsert did: records new to the store, records replaced, records left as they were. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What an upsert did, with the records the store's own rules refused (e.g. a new version of an order that changes a shipped line). */
export interface UpsertResult extends UpsertCounts {
  /** Each refused record by its position in the records given, with the field and why. */
  refused: Array<{ index: number; field: string; message: string }>;
}

/** What the source system says happened to a line: it shipped (at the shipping system's instant), or it was cancelled. */
export interface LineEvent {
  lineId: Id;
  event: 'shipped' | 'cancelled';
  /** ISO date-time of the event (for a shipment, when it left). */
  at: string;
  /** For a shipment: the location it left from, which must be the line's. */
  locationId?: Id;
}

/** What applying one line event did: `changed`, `unchanged` (the line already was so: a re-sent event), or refused with why. */
export type LineEventOutcome = { outcome: 'changed' | 'unchanged' } | { outcome: 'refused'; code: 'E_LIFECYCLE'; message: string };

/** `running` → `applying` → `applied`; `planned` when the plan was only stored; `interrupted` when its process died. */
export type RunStatus = 'running' | 'planned' | 'applying' | 'applied' | 'failed' | 'interrupted';

/** A run as the store records it, with its progress (docs/spec.md §3). */
export interface RunRecord {
  id: string;
  profileId: Id;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  batchesTotal: number | null;
  batchesDone: number;
  /** Orders the plan touches; null until the plan is stored. */
  ordersTotal: number | null;
  ordersApplied: number;
  planId: string | null;
  error: string | null;
  /** The schedule's tick this run is for; null when started by hand. */
  scheduledFor: Date | null;
}

/** One line of `listPlans`. */
export interface PlanListing {
  planId: string;
  runId: string | null;
  profileId: Id;
  createdAt: Date;
  solverStatus: SolveStatus;
  lines: number;
  fillRate: number;
  /** Orders the plan touches, and how many of them applying has settled (applied, conflict, …). */
  orders: number;
  ordersSettled: number;
}

/**
 * What applying a plan did to one order (docs/spec.md §3.7): `applied` in full;
 * `conflict` when the order or one of its lines changed since the run read it
 * (nothing applied, the changed lines marked `data-modification-conflict`);
 * `stock-changed` when its stock is no longer there, `capacity-changed` when
 * a location it would ship from has reached its order limit since the run
 * (nothing applied);
 * `invalid-input` when the order was set aside as invalid;
 * `vetoed` when a before-apply hook vetoed it (nothing applied).
 */
export type OrderOutcome = 'applied' | 'conflict' | 'stock-changed' | 'capacity-changed' | 'invalid-input' | 'vetoed';

export interface ApplyReport {
  planId: string;
  /** Orders the plan touches. */
  orders: number;
  /** Orders settled by this call, by outcome. */
  outcomes: Record<OrderOutcome, number>;
  /** Orders an earlier call had already settled (applying a plan twice changes nothing more). */
  alreadySettled: number;
  /** Orders not applied, with why. */
  notApplied: Array<{ orderId: Id; outcome: Exclude<OrderOutcome, 'applied'>; detail: string }>;
}

export interface ApplyOptions {
  /** The instant of the changes (rejection dates, log entries). */
  now: Date;
  /** The run the plan belongs to: its progress (orders applied) is kept up to date. */
  runId?: string;
  /** Called after each committed group of orders. */
  onProgress?(settled: number, total: number): void;
  /** Called after each committed group with the orders it settled and how (orders settled by an earlier call are not in it). */
  onSettled?(orders: Array<{ orderId: Id; outcome: OrderOutcome }>): void;
  /** What before-apply hooks decided: orders not applied (settled `vetoed`) and lines left as they are, each with the reason. */
  verdict?: { vetoed: ReadonlyMap<Id, string>; held: ReadonlyMap<Id, string> };
}

/** A line before and after an operator's action. */
export interface LineChange {
  orderId: Id;
  before: SalesLine;
  after: SalesLine;
}

/** What a clean-up deleted (docs/spec.md §6). */
export interface CleanupReport {
  plans: number;
  logs: number;
  runs: number;
}

/**
 * A data source that is also the system of record of the order lifecycle
 * (docs/spec.md §3.7, §6): it stores records, runs, plans and logs, and applies
 * plans and operators' actions atomically per order. `read()` still returns
 * unvalidated records (its `file` is the table), and `upsert` stores records
 * without validating them: the engine validates what it reads, as with any
 * adapter. Built-in: `dom/pglite` (embedded) and `dom/postgres` (server).
 *
 * @example
 * ```ts
 * const store = pgliteStore({ directory: '.opendom/store' });
 * await store.upsert('orders', orders);
 * const engine = await createEngine({ data: store });
 * const { plan, applied } = await runOnStore(engine, store, { profileId: 'standard-ship' });
 * ```
 */
export interface DataStore extends DataSource {
  /**
   * Inserts or replaces records by id (inventory: variant, location and
   * status), all or none; see docs/store.md for the rules of orders and
   * inventory snapshots. `now` stamps snapshots that carry no `asOf`.
   */
  upsert(collection: StoreCollection, records: unknown[], options?: { now?: Date }): Promise<UpsertResult>;
  /** One stored record by id, unvalidated, or null. */
  getRecord(collection: StoreCollection, id: Id): Promise<unknown>;
  /**
   * Starts a run of a profile: refuses (E_STORE_LOCKED) while another run of
   * it is under way, or when a run for the same scheduled tick exists, and
   * marks runs of it whose process died `interrupted`.
   */
  startRun(profileId: Id, now: Date, options?: { scheduledFor?: Date }): Promise<RunRecord>;
  recordBatches(runId: string, done: number, total: number): Promise<void>;
  /** Stores the run's plan (lines, the versions it was planned against, log). */
  savePlan(runId: string, plan: Plan): Promise<void>;
  /** Applies a stored plan, one transaction per group of whole orders; orders already settled are skipped. */
  applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport>;
  /** Ends a run; `failed` keeps the error. Releases the run's lock. */
  finishRun(runId: string, result: { status: 'planned' | 'applied' } | { status: 'failed'; error: string }, now: Date): Promise<void>;
  getRun(runId: string): Promise<RunRecord | null>;
  listRuns(options?: { profileId?: Id; limit?: number }): Promise<RunRecord[]>;
  /** Newest first. */
  listPlans(options?: { profileId?: Id; limit?: number }): Promise<PlanListing[]>;
  /** A stored plan; with `lineIds`, only those of its lines (and exceptions). Null when unknown or cleaned up. */
  getPlan(planId: string, options?: { lineIds?: Id[] }): Promise<Plan | null>;
  /** A store or operator rejects a line's assignment (docs/spec.md §6); its allocation is released. */
  rejectLine(lineId: Id, locationId: Id, now: Date): Promise<LineChange>;
  /** An operator resets an exception: status `none`, attempts 0, the rejection count restarted (the history stays for the rejection period). */
  resetLine(lineId: Id, now: Date): Promise<LineChange>;
  /**
   * What the source says happened to lines (shipped, cancelled), each
   * applied atomically with its order and its allocation; one outcome per
   * event, in order. A re-sent event changes nothing.
   */
  applyLineEvents(events: LineEvent[], now: Date): Promise<LineEventOutcome[]>;
  /** Adds entries to a stored plan's log (e.g. what apply hooks decided or what failed after applying). */
  appendLog(planId: string, entries: Array<{ level: 'info' | 'warn'; message: string }>, now: Date): Promise<void>;
  /** Deletes plans older than `planRetentionDays` and logs and finished runs older than `logRetentionDays`. */
  cleanup(now: Date): Promise<CleanupReport>;
}

// -------------------------------------------------------------- packages ----

/** What a plugin package registers its plugins through. */
export interface PluginApi {
  addRule<O>(plugin: RulePlugin<O>): void;
  addCostFactor<O>(plugin: CostFactorPlugin<O>): void;
  addSolver<O>(plugin: SolverPlugin<O>): void;
  addDistanceProvider<O>(plugin: DistanceProviderPlugin<O>): void;
  addGeocoder<O>(plugin: GeocoderPlugin<O>): void;
  addDataAdapter<O>(plugin: DataAdapterPlugin<O>): void;
  addLocationSet<O>(plugin: LocationSetPlugin<O>): void;
  addInventoryProvider<O>(plugin: InventoryProviderPlugin<O>): void;
  addApplyHook<O>(plugin: ApplyHookPlugin<O>): void;
}

/**
 * A package of plugins, as a partner publishes it.
 *
 * @example
 * ```ts
 * export default { name: 'acme-dom-rules', register: (api) => api.addRule(hazmatFromDcOnly) } satisfies OpenDomPlugin;
 * ```
 */
export interface OpenDomPlugin {
  name: string;
  register(api: PluginApi): void;
  /**
   * URL of the module that exports this package (its `import.meta.url`), so
   * that worker threads can load it: parallel batches (`threadUtilization`)
   * solve in workers only when every package of the engine has one.
   */
  moduleUrl?: string;
}

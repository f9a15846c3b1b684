import type { Catalog } from '../domain/catalog.js';
import type { Dataset, Id, Location, Profile } from '../domain/types.js';
import type { Plan } from '../plan/plan.js';
import type { ApplyReport, PluginMeta } from './contracts.js';

/**
 * The extension points around a run (docs/spec.md §6.10): which locations a
 * profile ships from, where available inventory comes from, and what happens
 * just before and after a plan is applied. Each is a plugin chosen by id in
 * the engine's options (or `opendom.config.json`); every hook may be
 * asynchronous, and is given a time limit.
 */

/** Hooks that hold resources (connections, files) open them in `init` and close them in `destroy`. */
export interface HookLifecycle {
  /** Called once, before the first hook call of the engine. */
  init?(): void | Promise<void>;
  /** Called once, when the engine closes. */
  destroy?(): void | Promise<void>;
}

// --------------------------------------------------------- location sets ----

/** What a location set is asked: the profile of the run and the data it reads. */
export interface LocationSetContext {
  profile: Profile;
  catalog: Catalog;
  dataset: Readonly<Dataset>;
  asOf: Date;
  /** The locations the profile names (its fulfillment group, else its legal entities' shipping locations). */
  profileLocations: Location[];
}

export interface LocationSet extends HookLifecycle {
  /** Ids of the locations the profile's run may ship from; each must be a shipping location of the dataset. */
  locations(context: LocationSetContext): Id[] | Promise<Id[]>;
}

/**
 * Replaces the set of fulfillment locations of a profile, e.g. to take out
 * locations a workforce system says are closed today. Default
 * `dom/profile-locations`: the locations the profile names.
 */
export interface LocationSetPlugin<O = Record<string, unknown>> {
  meta: PluginMeta;
  create(options: O): LocationSet | Promise<LocationSet>;
}

// --------------------------------------------------- inventory providers ----

/** What the provider says is at a (variant, location): supply as an inventory snapshot states it. */
export interface ProvidedInventory {
  variantId: Id;
  locationId: Id;
  onHand: number;
  /** Units the source itself holds back (default 0). */
  reserved?: number;
  /** ISO date-time the figures are as of (default: the run's instant); null: they reflect every shipment OpenDOM knows of. */
  asOf?: string | null;
}

export interface InventoryRequest {
  profileId: Id;
  asOf: Date;
  /** The variants of the run's lines, and the locations it ships from: every pair of the two may be answered. */
  variantIds: Id[];
  locationIds: Id[];
  /** The dataset as read (its inventory records among it), read-only. */
  dataset: Readonly<Dataset>;
  /** Aborted when the time limit is reached: stop calling out. */
  signal: AbortSignal;
}

export interface InventoryProvider extends HookLifecycle {
  /**
   * The supply of the (variant, location) pairs asked, called once per run
   * before any batch is solved. A pair left out has no available stock. OpenDOM subtracts its
   * own allocations that the figures do not reflect, as for an imported
   * snapshot (docs/store.md).
   */
  inventory(request: InventoryRequest): ProvidedInventory[] | Promise<ProvidedInventory[]>;
}

/**
 * Replaces where available inventory comes from, e.g. a live inventory
 * service. Default `dom/dataset-inventory`: the dataset's (or store's) records.
 */
export interface InventoryProviderPlugin<O = Record<string, unknown>> {
  meta: PluginMeta;
  create(options: O): InventoryProvider | Promise<InventoryProvider>;
}

// ----------------------------------------------------------- apply hooks ----

/** What a hook sees of a plan about to be applied, or just applied. */
export interface ApplyHookContext {
  plan: Plan;
  /** The run the plan belongs to (null when a stored plan is applied by hand). */
  runId: string | null;
  now: Date;
}

/** What a before-apply hook decides: orders not to apply, and lines of applied orders to leave as they are. */
export interface ApplyVerdict {
  /** Orders left exactly as they are (outcome `vetoed`, with the reason); the next run brokers them again. */
  veto?: Array<{ orderId: Id; reason: string }>;
  /** Lines left exactly as they are while the rest of their order is applied; the next run brokers them again. */
  hold?: Array<{ lineId: Id; reason: string }>;
}

/** What an after-apply hook sees: the plan, what applying it did, and which orders and lines it changed. */
export interface AppliedContext extends ApplyHookContext {
  report: ApplyReport;
  /** Orders this apply applied (not those an earlier apply of the plan settled: applying a plan again tells only what it changed). */
  appliedOrderIds: Id[];
  /** Lines the before-apply hooks held back (left as they were). */
  heldLineIds: Id[];
}

export interface ApplyHooks extends HookLifecycle {
  /** Before any order is applied: may veto orders or hold lines back (recorded in the run's log). A failure applies nothing. */
  beforeApply?(context: ApplyHookContext): ApplyVerdict | void | Promise<ApplyVerdict | void>;
  /** After the plan was applied, e.g. to notify a warehouse system. A failure un-applies nothing and is reported. */
  afterApply?(context: AppliedContext): void | Promise<void>;
}

/** Acts around applying a plan. Several may be chosen; they are called in the order chosen. Default: none. */
export interface ApplyHookPlugin<O = Record<string, unknown>> {
  meta: PluginMeta;
  create(options: O): ApplyHooks | Promise<ApplyHooks>;
}

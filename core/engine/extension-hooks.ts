import type { Catalog } from '../domain/catalog.js';
import type { Dataset, Id, InventoryRecord, Location, Profile } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import type { ApplyOptions, ApplyReport, DataStore } from '../plugin-api/contracts.js';
import type { ApplyHooks, HookLifecycle, InventoryProvider, LocationSet, ProvidedInventory } from '../plugin-api/extension-points.js';
import type { LogEntry, Plan } from '../plan/plan.js';
import { profileLocations } from '../pipeline/profile-locations.js';
import { callHook } from './call-hook.js';

/** A hook object made by its plugin, with the plugin's id (named in every error). */
export interface ChosenHook<T extends HookLifecycle> {
  pluginId: string;
  hooks: T;
}

/** What applying a plan through the hooks did. */
export interface HookedApply {
  report: ApplyReport;
  /** What the hooks decided and what failed after applying: also in the plan's log. */
  log: LogEntry[];
}

/**
 * The engine's chosen extension points (docs/spec.md §6.10): the profile's
 * location set, the inventory provider and the apply hooks. Each hook object
 * is initialised once, before its first call, and destroyed when the engine
 * closes; every call has the engine's hook time limit.
 */
export class ExtensionHooks {
  private readonly initialised = new Map<HookLifecycle, Promise<void>>();

  constructor(
    private readonly locationSet: ChosenHook<LocationSet>,
    private readonly inventoryProvider: ChosenHook<InventoryProvider>,
    private readonly applyHooks: ChosenHook<ApplyHooks>[],
    private readonly timeoutSeconds: number,
  ) {}

  /** The locations a profile's run ships from, as the location set says; each id must be a shipping location of the dataset. */
  async locations(profile: Profile, catalog: Catalog, dataset: Readonly<Dataset>, asOf: Date): Promise<Location[]> {
    const named = profileLocations(dataset, catalog, profile);
    const { pluginId } = this.locationSet;
    const ids = await this.call(this.locationSet, 'locations', () => this.locationSet.hooks.locations({ profile, catalog, dataset, asOf, profileLocations: named }));
    if (!Array.isArray(ids)) throw hookError(pluginId, 'locations', 'returned no array of location ids');
    const seen = new Set<Id>();
    return ids.flatMap((id, i) => {
      const location = catalog.locations.get(id);
      if (!location) throw hookError(pluginId, 'locations', `returned "${String(id)}" at [${i}], which is no location of the dataset`);
      if (!location.shipping) throw hookError(pluginId, 'locations', `returned "${id}" at [${i}], which does not ship (shipping: false)`);
      if (seen.has(id)) return [];
      seen.add(id);
      return [location];
    });
  }

  /**
   * The dataset with its available inventory replaced by what the provider
   * says of the run's variants at its locations (records of other statuses
   * stay). A provider that fails or answers late stops the run: nothing is planned.
   */
  async inventory(dataset: Dataset, profileId: Id, variantIds: Id[], locations: Location[], asOf: Date): Promise<Dataset> {
    const { pluginId, hooks } = this.inventoryProvider;
    const locationIds = locations.map((l) => l.id);
    const provided = await this.call(this.inventoryProvider, 'inventory', (signal) => hooks.inventory({ profileId, asOf, variantIds, locationIds, dataset, signal }));
    if (!Array.isArray(provided)) throw hookError(pluginId, 'inventory', 'returned no array of inventory records');
    const variants = new Set(variantIds);
    const places = new Set(locationIds);
    const asOfText = asOf.toISOString();
    const records = provided.map((record, i) => inventoryRecord(record, i, variants, places, asOfText, pluginId));
    return { ...dataset, inventory: [...dataset.inventory.filter((r) => r.status !== 'available'), ...records] };
  }

  /**
   * Applies a stored plan through the apply hooks: the before-apply hooks
   * may veto orders and hold lines back (a hook that fails applies nothing),
   * the store applies the rest, then the after-apply hooks are told which
   * orders this call applied; a failure there is logged and reported, and
   * un-applies nothing. The decisions and failures go to the plan's log.
   */
  async applyPlan(store: DataStore, plan: Plan, options: Omit<ApplyOptions, 'verdict'>): Promise<HookedApply> {
    const context = { plan, runId: options.runId ?? null, now: options.now };
    const vetoed = new Map<Id, string>();
    const held = new Map<Id, string>();
    const log: LogEntry[] = [];
    const orderIds = new Set(plan.selection.map((s) => s.orderId));
    const lineIds = new Set(plan.selection.flatMap((s) => s.lines.map((l) => l.lineId)));
    for (const chosen of this.applyHooks) {
      if (!chosen.hooks.beforeApply) continue;
      const verdict = (await this.call(chosen, 'beforeApply', () => chosen.hooks.beforeApply!(context))) ?? {};
      for (const [i, { orderId, reason }] of (verdict.veto ?? []).entries()) {
        if (!orderIds.has(orderId)) throw hookError(chosen.pluginId, 'beforeApply', `vetoed "${String(orderId)}" at veto[${i}], which is no order of plan ${plan.planId}`);
        vetoed.set(orderId, `${chosen.pluginId}: ${reason}`);
        log.push({ level: 'info', message: `before apply: ${chosen.pluginId} vetoed order ${orderId}: ${reason}` });
      }
      for (const [i, { lineId, reason }] of (verdict.hold ?? []).entries()) {
        if (!lineIds.has(lineId)) throw hookError(chosen.pluginId, 'beforeApply', `held "${String(lineId)}" at hold[${i}], which is no line of plan ${plan.planId}`);
        held.set(lineId, `${chosen.pluginId}: ${reason}`);
        log.push({ level: 'info', message: `before apply: ${chosen.pluginId} held line ${lineId} back: ${reason}` });
      }
    }
    const appliedOrderIds: Id[] = [];
    const report = await store.applyPlan(plan, {
      ...options,
      ...(vetoed.size + held.size > 0 ? { verdict: { vetoed, held } } : {}),
      onSettled: (orders) => {
        for (const { orderId, outcome } of orders) if (outcome === 'applied') appliedOrderIds.push(orderId);
      },
    });
    for (const chosen of this.applyHooks) {
      if (!chosen.hooks.afterApply) continue;
      try {
        await this.call(chosen, 'afterApply', () => chosen.hooks.afterApply!({ ...context, report, appliedOrderIds, heldLineIds: [...held.keys()] }));
      } catch (error) {
        log.push({ level: 'warn', message: `after apply: ${(error as Error).message}; the plan stays applied` });
      }
    }
    // Logged once the store took the apply (a second apply of the plan at the same time is refused before it changes anything).
    if (log.length > 0) await store.appendLog(plan.planId, log, options.now);
    return { report, log };
  }

  /** Destroys every hook object that was initialised; the first failure is thrown after all were tried. */
  async close(): Promise<void> {
    const chosen = [this.locationSet, this.inventoryProvider, ...this.applyHooks].filter((c) => this.initialised.has(c.hooks));
    this.initialised.clear();
    const outcomes = await Promise.allSettled(chosen.map((c) => callHook(c.pluginId, 'destroy', this.timeoutSeconds, async () => c.hooks.destroy?.())));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Calls a hook within the time limit, after its object's `init`. */
  private async call<T>(chosen: ChosenHook<HookLifecycle>, hook: string, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
    let init = this.initialised.get(chosen.hooks);
    if (!init) {
      init = callHook(chosen.pluginId, 'init', this.timeoutSeconds, async () => chosen.hooks.init?.());
      this.initialised.set(chosen.hooks, init);
      init.catch(() => this.initialised.delete(chosen.hooks));
    }
    await init;
    return callHook(chosen.pluginId, hook, this.timeoutSeconds, body);
  }
}

function hookError(pluginId: string, hook: string, message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_HOOK', pluginId, field: hook, message });
}

/** A provided record as an `available` inventory record, checked field by field (a provider gives one per variant and location). */
function inventoryRecord(record: ProvidedInventory, i: number, variants: Set<Id>, locations: Set<Id>, asOf: string, pluginId: string): InventoryRecord {
  const problem = inventoryRecordProblem(record, variants, locations);
  if (problem) throw hookError(pluginId, 'inventory', `record [${i}] ${problem.field} ${problem.message}`);
  return { variantId: record.variantId, locationId: record.locationId, status: 'available', onHand: record.onHand, reserved: record.reserved ?? 0, asOf: record.asOf === undefined ? asOf : record.asOf };
}

function inventoryRecordProblem(record: ProvidedInventory, variants: Set<Id>, locations: Set<Id>): { field: string; message: string } | null {
  if (!record || typeof record !== 'object') return { field: '', message: 'is not an object' };
  if (!variants.has(record.variantId)) return { field: 'variantId', message: `"${String(record.variantId)}" is no variant the run asked for` };
  if (!locations.has(record.locationId)) return { field: 'locationId', message: `"${String(record.locationId)}" is no location the run asked for` };
  if (!isUnits(record.onHand)) return { field: 'onHand', message: `must be a number ≥ 0, got ${JSON.stringify(record.onHand)}` };
  if (!isUnits(record.reserved ?? 0)) return { field: 'reserved', message: `must be a number ≥ 0, got ${JSON.stringify(record.reserved)}` };
  if (record.asOf !== undefined && record.asOf !== null && Number.isNaN(Date.parse(record.asOf))) return { field: 'asOf', message: `must be an ISO date-time or null, got ${JSON.stringify(record.asOf)}` };
  return null;
}

function isUnits(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

import {
  OpenDomError,
  storedParameters,
  type ApplyOptions,
  type ApplyReport,
  type CollectionName,
  type CleanupReport,
  type DataStore,
  type Id,
  type LineChange,
  type LineEvent,
  type LineEventOutcome,
  type Plan,
  type PlanListing,
  type RawDataset,
  type RunRecord,
  type RunStatus,
  type SalesLine,
  type StoreCollection,
  type UpsertResult,
} from '../../core/index.js';
import { applyPlan } from './apply-plan.js';
import { cleanup } from './cleanup.js';
import { changesSince, latestRevision, type StoreChange } from './changes.js';
import { activeKeyRoles, createKey, hasActiveKey, listKeys, revokeKey, verifyKey, type KeyListing, type Role } from './keys.js';
import { applyLineEvents, getLine, reject, reset } from './line-actions.js';
import { migrate, schemaVersion } from './migrate.js';
import { appendLog, getPlan, getPlanPage, listPlans, planSettlement, savePlan, type PlanLineFilter, type PlanPage } from './plans.js';
import { exceptionLines, planKpis, planMap, type ExceptionLine, type PlanKpis, type PlanMap } from './operator-queries.js';
import { planSnapshot, runSnapshot, saveRunSnapshot } from './run-snapshots.js';
import { getRecord, readCollection, readDataset, recordsByKeys, upsertRecords } from './records.js';
import { Runs } from './runs.js';
import type { SqlClient } from './sql-client.js';

export interface SqlStoreOptions {
  /** Orders settled per transaction when applying a plan (default 100). */
  applyGroupSize?: number;
}

/**
 * The SQL data store: one implementation of {@link DataStore} over either
 * driver. The connection is opened, and the schema migrated, on first use.
 */
export class SqlStore implements DataStore {
  private opened: Promise<{ client: SqlClient; runs: Runs }> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly open: () => Promise<SqlClient>,
    private readonly options: SqlStoreOptions = {},
  ) {}

  /** The connection, opened and migrated once. */
  async client(): Promise<SqlClient> {
    return (await this.ready()).client;
  }

  async read(): Promise<RawDataset> {
    return readDataset(await this.client());
  }

  async upsert(collection: StoreCollection, records: unknown[], options: { now?: Date } = {}): Promise<UpsertResult> {
    return this.changing(upsertRecords(await this.client(), collection, records, options.now ?? new Date()));
  }

  async getRecord(collection: StoreCollection, id: Id): Promise<unknown> {
    return getRecord(await this.client(), collection, id);
  }

  /** The stored records of one collection, unvalidated, in import order. */
  async readCollection(name: CollectionName): Promise<unknown[]> {
    return readCollection(await this.client(), name);
  }

  /** Stored records by key (ids; inventory: `{ variantId, locationId, status }`), unvalidated. */
  async getRecords(collection: Exclude<StoreCollection, 'parameters'>, keys: unknown[]): Promise<unknown[]> {
    return recordsByKeys(await this.client(), collection, keys);
  }

  async startRun(profileId: Id, now: Date, options: { scheduledFor?: Date } = {}): Promise<RunRecord> {
    return (await this.ready()).runs.start(profileId, now, options);
  }

  async recordBatches(runId: string, done: number, total: number): Promise<void> {
    await (await this.ready()).runs.recordBatches(runId, done, total);
  }

  async savePlan(runId: string, plan: Plan): Promise<void> {
    await savePlan(await this.client(), runId, plan);
  }

  /** Applies a plan while holding its apply lock: a second apply of the same plan, in any process, is refused until this one ends. */
  async applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
    const client = await this.client();
    const release = await client.tryLock(`apply:${plan.planId}`);
    if (!release) {
      throw OpenDomError.of({
        code: 'E_STORE_LOCKED',
        recordId: plan.planId,
        message: 'plan is being applied by another process (or another call of this one); wait for it to finish (opendom plans shows its progress), then apply it again to settle what is left',
      });
    }
    try {
      const parameters = storedParameters(await getRecord(client, 'parameters', ''));
      return await this.changing(applyPlan(client, plan, {
        ...options,
        groupSize: this.options.applyGroupSize ?? 100,
        maxAttempts: parameters.maxAutoFulfillmentAttempts,
        onProgress: (done, total) => {
          this.notify();
          options.onProgress?.(done, total);
        },
      }));
    } finally {
      await release();
    }
  }

  async appendLog(planId: string, entries: Array<{ level: 'info' | 'warn'; message: string }>, now: Date): Promise<void> {
    await appendLog(await this.client(), planId, entries, now);
  }

  /** Takes over a run left running by a process that stopped (a distributed run's coordinator). */
  async resumeRun(runId: string): Promise<RunRecord> {
    return (await this.ready()).runs.resume(runId);
  }

  async finishRun(runId: string, result: { status: 'planned' | 'applied' } | { status: 'failed'; error: string }, now: Date): Promise<void> {
    await (await this.ready()).runs.finish(runId, result, now);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    return (await this.ready()).runs.get(runId);
  }

  async listRuns(options?: { profileId?: Id; limit?: number }): Promise<RunRecord[]> {
    return (await this.ready()).runs.list(options);
  }

  /** How many runs the store holds in each status. */
  async countRuns(): Promise<Array<{ status: RunStatus; count: number }>> {
    return (await this.ready()).runs.countByStatus();
  }

  async listPlans(options?: { profileId?: Id; limit?: number }): Promise<PlanListing[]> {
    return listPlans(await this.client(), options);
  }

  async getPlan(planId: string, options?: { lineIds?: Id[] }): Promise<Plan | null> {
    return getPlan(await this.client(), planId, options?.lineIds);
  }

  /** A stored plan's header with `limit` of its lines that pass the filter from `offset`, in plan order; null when unknown. */
  async getPlanPage(planId: string, page: { offset: number; limit: number }, filter?: PlanLineFilter): Promise<PlanPage | null> {
    return getPlanPage(await this.client(), planId, page.offset, page.limit, filter);
  }

  /** The key figures of the newest stored plans (of a profile), newest first. */
  async planKpis(options?: { profileId?: Id; limit?: number }): Promise<PlanKpis[]> {
    return planKpis(await this.client(), options);
  }

  /** Where a stored plan ships from and to, with each location's load; null when the plan is unknown. */
  async planMap(planId: string): Promise<PlanMap | null> {
    return planMap(await this.client(), planId);
  }

  /** The lines in exception (of one type), a page at a time, with the count of each type. */
  async exceptionLines(options: { exceptionType?: string; offset: number; limit: number }): Promise<{ lines: ExceptionLine[]; total: number; byType: Record<string, number> }> {
    return exceptionLines(await this.client(), options);
  }

  /** Keeps the snapshot of a run (gzip-compressed snapshot file content). */
  async saveRunSnapshot(runId: string, content: Uint8Array, takenAt: Date): Promise<void> {
    return saveRunSnapshot(await this.client(), runId, content, takenAt);
  }

  /** The snapshot kept of the run that made a plan, or of a run; null when none was kept. */
  async getRunSnapshot(of: { planId: string } | { runId: string }): Promise<Buffer | null> {
    return 'planId' in of ? planSnapshot(await this.client(), of.planId) : runSnapshot(await this.client(), of.runId);
  }

  /** What applying a stored plan has settled so far, by any process (`alreadySettled` is 0); null when the plan is unknown. */
  async planSettlement(planId: string): Promise<ApplyReport | null> {
    return planSettlement(await this.client(), planId);
  }

  /** A stored sales line with its order's id and version; null when no valid order holds it. */
  async getLine(lineId: Id): Promise<{ orderId: Id; orderVersion: number; line: SalesLine } | null> {
    return getLine(await this.client(), lineId);
  }

  async rejectLine(lineId: Id, locationId: Id, now: Date): Promise<LineChange> {
    return this.changing(reject(await this.client(), lineId, locationId, now));
  }

  async resetLine(lineId: Id, now: Date): Promise<LineChange> {
    return this.changing(reset(await this.client(), lineId, now));
  }

  async applyLineEvents(events: LineEvent[], now: Date): Promise<LineEventOutcome[]> {
    return this.changing(applyLineEvents(await this.client(), events, now));
  }

  /**
   * Calls `listener` after each change this store object commits (records,
   * applies, line actions, keys); the log of every process's changes is
   * `changesSince`. Returns the unsubscribe.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The changes any process committed after `revision`, and the revision of the last of them. */
  async changesSince(revision: number): Promise<{ revision: number; changes: StoreChange[] }> {
    return changesSince(await this.client(), revision);
  }

  /** How many changes were committed so far, read without a query where the client counts them (see SqlClient.committedChanges); undefined elsewhere. */
  async committedChanges(): Promise<number | undefined> {
    return (await this.client()).committedChanges?.();
  }

  /** The revision of the latest change any process committed (0 when none). */
  async latestRevision(): Promise<number> {
    return latestRevision(await this.client());
  }

  async createKey(role: Role, name: string, now = new Date()): Promise<{ key: string; listing: KeyListing }> {
    return this.changing(createKey(await this.client(), role, name, now));
  }

  async listKeys(): Promise<KeyListing[]> {
    return listKeys(await this.client());
  }

  async revokeKey(id: string, now = new Date()): Promise<KeyListing> {
    return this.changing(revokeKey(await this.client(), id, now));
  }

  async verifyKey(key: string): Promise<{ id: string; role: Role } | null> {
    return verifyKey(await this.client(), key);
  }

  async activeKeyRoles(ids: string[]): Promise<Map<string, Role>> {
    return activeKeyRoles(await this.client(), ids);
  }

  async hasActiveKey(): Promise<boolean> {
    return hasActiveKey(await this.client());
  }

  /** Whether the store answers, and its schema version against the newest this OpenDOM knows (throws when unreachable). */
  async schemaVersion(): Promise<{ version: number; newest: number }> {
    return schemaVersion(await this.client());
  }

  async cleanup(now: Date): Promise<CleanupReport> {
    const client = await this.client();
    return cleanup(client, storedParameters(await getRecord(client, 'parameters', '')), now);
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    const opened = this.opened;
    this.opened = undefined;
    const { client, runs } = await opened;
    await runs.releaseAll();
    await client.close();
  }

  /** Tells the listeners once a write has committed (or failed: they then read the log and find nothing new). */
  private async changing<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.notify();
    }
  }

  private notify(): void {
    this.opened?.then(({ client }) => client.announceChange?.()).catch(() => undefined);
    for (const listener of this.listeners) listener();
  }

  private ready(): Promise<{ client: SqlClient; runs: Runs }> {
    this.opened ??= (async () => {
      const client = await this.open();
      try {
        await migrate(client);
      } catch (error) {
        await client.close();
        throw error;
      }
      client.onAnnouncedChange?.(() => {
        for (const listener of this.listeners) listener();
      });
      return { client, runs: new Runs(client) };
    })();
    // A failed open is not cached: the next call tries again.
    this.opened.catch(() => (this.opened = undefined));
    return this.opened;
  }
}

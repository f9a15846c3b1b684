import {
  OpenDomError,
  type ApplyReport,
  type CleanupReport,
  type ErrorCode,
  type Id,
  type Issue,
  type KeyListing,
  type LineChange,
  type LineEvent,
  type LineEventOutcome,
  type Plan,
  type PlanListing,
  type Role,
  type RunRecord,
  type StoreCollection,
  type SuggestRequest,
  type SuggestResult,
  type UpsertResult,
} from '../../index.js';
import type { ImportReport } from '../import/import-dataset.js';
import type { ApplyStatus } from '../http/plan-applies.js';

/** How often a command waiting on the service asks how far the work got. */
const POLL_MS = 300;

/** Records sent per import request: well inside the service's body limit. */
const RECORDS_PER_REQUEST = 20_000;

/**
 * The store's commands through a running `opendom serve` (`--server URL`):
 * the same methods the CLI calls on a store, each one request (or a few:
 * work the service does in the background is followed until it ends), so
 * every command prints what it prints on the store itself. A problem the
 * service answers becomes the error it names.
 */
export class ServiceClient {
  constructor(
    private readonly url: string,
    private readonly key: string | undefined,
  ) {}

  async listPlans(options: { profileId?: Id; limit?: number } = {}): Promise<PlanListing[]> {
    const { plans } = await this.get<{ plans: PlanListing[] }>(`/api/plans${query(options)}`);
    return plans.map((p) => ({ ...p, createdAt: new Date(p.createdAt) }));
  }

  /** A whole plan (null when unknown); with one line id, the plan with only that line (the service names what it does not find). */
  async getPlan(planId: string, options: { lineIds?: Id[] } = {}): Promise<Plan | null> {
    const plan = `/api/plans/${encodeURIComponent(planId)}`;
    if (options.lineIds?.length === 1) return this.get<Plan>(`${plan}/lines/${encodeURIComponent(options.lineIds[0]!)}`);
    return this.get<Plan>(`${plan}/plan.json`).catch(nullWhenNotFound);
  }

  /** Applies a stored plan through the service and waits for it; what this apply settled (`alreadySettled`: what was before). */
  async applyPlan(plan: Plan, options: { onProgress?(done: number, total: number): void } = {}): Promise<ApplyReport> {
    const path = `/api/plans/${encodeURIComponent(plan.planId)}/apply`;
    const before = await this.get<ApplyStatus>(path);
    let status = await this.request<ApplyStatus>('POST', path);
    while (status.state === 'applying') {
      options.onProgress?.(settledCount(status.settled), status.settled.orders);
      await sleep(POLL_MS);
      status = await this.get<ApplyStatus>(path);
    }
    if (status.error) throw new OpenDomError(status.error.code as ErrorCode, status.error.message);
    return sinceBefore(status.settled, before.settled);
  }

  /** Starts a run and follows it to its end: the run as it ended, its whole plan, and what applying settled. */
  async run(request: Record<string, unknown>, progress: { onBatch(done: number, total: number): void; onApply(done: number, total: number): void }): Promise<{ run: RunRecord; plan: Plan; applied: ApplyReport | null }> {
    let run = await this.request<RunRecord>('POST', '/api/runs', request);
    while (run.status === 'running' || run.status === 'applying') {
      if (run.batchesTotal) progress.onBatch(run.batchesDone, run.batchesTotal);
      if (run.status === 'applying' && run.ordersTotal) progress.onApply(run.ordersApplied, run.ordersTotal);
      await sleep(POLL_MS);
      run = await this.get<RunRecord>(`/api/runs/${run.id}`);
    }
    if (run.status === 'failed' && !run.planId) throw new OpenDomError('E_STORE', `run ${run.id} failed: ${run.error ?? 'no reason recorded'}`);
    const plan = (await this.getPlan(run.planId!))!;
    const applied = run.status === 'applied' ? (await this.get<ApplyStatus>(`/api/plans/${run.planId}/apply`)).settled : null;
    return { run: { ...run, startedAt: new Date(run.startedAt), finishedAt: run.finishedAt && new Date(run.finishedAt) }, plan, applied };
  }

  async rejectLine(lineId: Id, locationId: Id): Promise<LineChange> {
    return this.request('POST', `/api/lines/${encodeURIComponent(lineId)}/reject`, { locationId });
  }

  async resetLine(lineId: Id): Promise<LineChange> {
    return this.request('POST', `/api/lines/${encodeURIComponent(lineId)}/reset`);
  }

  async applyLineEvents(events: LineEvent[]): Promise<LineEventOutcome[]> {
    const outcomes: LineEventOutcome[] = [];
    for (let start = 0; start < events.length; start += RECORDS_PER_REQUEST) {
      outcomes.push(...(await this.request<LineEventOutcome[]>('POST', '/api/line-events', events.slice(start, start + RECORDS_PER_REQUEST))));
    }
    return outcomes;
  }

  async cleanup(): Promise<CleanupReport> {
    return this.request('POST', '/api/cleanup');
  }

  /**
   * Stores checked records through the service's import, its report back as
   * the store's answer; a large collection goes in several requests (each
   * stored in one transaction).
   */
  async upsert(collection: StoreCollection, records: unknown[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0, refused: [] };
    for (let start = 0; start < Math.max(records.length, 1); start += RECORDS_PER_REQUEST) {
      const part = records.slice(start, start + RECORDS_PER_REQUEST);
      const report = collection === 'parameters'
        ? await this.request<ImportReport>('POST', '/api/imports', { parameters: part[0] })
        : await this.request<ImportReport>('POST', `/api/imports/${collection}`, part);
      const counts = report.collections[collection];
      if (!counts?.stored) throw new OpenDomError('E_STORE', report.issues.map((i) => i.message).join('; ') || 'the service did not store the records');
      result.inserted += counts.inserted;
      result.updated += counts.updated;
      result.unchanged += counts.unchanged;
      for (const i of report.issues) if (i.recordNumber !== undefined) result.refused.push({ index: start + i.recordNumber - 1, field: i.field ?? '', message: i.message });
    }
    return result;
  }

  async suggest(request: SuggestRequest): Promise<SuggestResult> {
    const { asOf, ...line } = request;
    return this.request('POST', '/api/suggest', { ...line, ...(asOf ? { asOf: asOf.toISOString() } : {}) });
  }

  async createKey(role: Role, name: string): Promise<{ key: string; listing: KeyListing }> {
    return this.request('POST', '/api/keys', { role, ...(name ? { name } : {}) });
  }

  async listKeys(): Promise<KeyListing[]> {
    return (await this.get<{ keys: KeyListing[] }>('/api/keys')).keys.map((k) => ({ ...k, createdAt: new Date(k.createdAt), revokedAt: k.revokedAt && new Date(k.revokedAt) }));
  }

  async revokeKey(id: string): Promise<KeyListing> {
    return this.request('DELETE', `/api/keys/${encodeURIComponent(id)}`);
  }

  async close(): Promise<void> {}

  private get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), {
        method,
        headers: { ...(this.key ? { authorization: `Bearer ${this.key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new OpenDomError('E_STORE', `cannot reach the service at ${this.url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    throw problemError(response.status, text);
  }
}

/** The service's problem as an error of the code it names (its fields at fault as issues, what to do appended). */
function problemError(status: number, text: string): OpenDomError {
  let problem: { code?: string; detail?: string; todo?: string; errors?: Array<Omit<Issue, 'code'>> };
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: `the service answered ${status}: ${text.slice(0, 200)}` };
  }
  const code = (problem.code ?? 'E_STORE') as ErrorCode;
  const issues = (problem.errors ?? []).filter((e) => e.field || e.recordId).map((e) => ({ ...e, code }));
  const detail = problem.detail ?? `HTTP ${status}`;
  const error = new OpenDomError(code, `${detail.startsWith(`${code}:`) ? '' : `${code}: `}${detail}${problem.todo ? ` (${problem.todo})` : ''}`, issues);
  return Object.assign(error, { status });
}

function nullWhenNotFound(error: unknown): null {
  if ((error as { status?: number }).status === 404) return null;
  throw error;
}

function settledCount(report: ApplyReport): number {
  return Object.values(report.outcomes).reduce((sum, n) => sum + n, 0);
}

/** What an apply settled: the plan's settlement now, less what was settled before it. */
function sinceBefore(after: ApplyReport, before: ApplyReport): ApplyReport {
  const earlier = new Set(before.notApplied.map((n) => n.orderId));
  const outcomes = Object.fromEntries(Object.entries(after.outcomes).map(([k, n]) => [k, n - before.outcomes[k as keyof ApplyReport['outcomes']]])) as ApplyReport['outcomes'];
  return { ...after, outcomes, alreadySettled: settledCount(before), notApplied: after.notApplied.filter((n) => !earlier.has(n.orderId)) };
}

function query(options: Record<string, unknown>): string {
  const entries = Object.entries(options).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

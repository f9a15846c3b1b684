import { OpenDomError, type ApplyReport, type Engine, type SqlStore } from '../../index.js';
import { HttpProblem } from './problems.js';

/** Where applying a stored plan stands. */
export interface ApplyStatus {
  planId: string;
  /**
   * `applying` (through this service now), `failed` (this service's latest
   * apply of it stopped: `error` says why), else from the plan's orders:
   * `applied` (every order settled), `partly-applied`, `not-applied`.
   */
  state: 'applying' | 'failed' | 'applied' | 'partly-applied' | 'not-applied';
  /** What the plan's orders show, whoever applied them: the outcome counts and each order not applied. */
  settled: ApplyReport;
  error: { code: string; message: string } | null;
}

/**
 * Applies stored plans in the background (an apply settles one group of
 * whole orders per transaction, so it may take a while): `start` answers at
 * once, `status` tells how far it got. The store refuses a second apply of
 * one plan while one is under way, in any process.
 */
export class PlanApplies {
  private readonly applies = new Map<string, { applying: boolean; error: ApplyStatus['error']; done: Promise<void> }>();

  constructor(
    private readonly store: SqlStore,
    /** Applies through its apply hooks. */
    private readonly engine: Engine,
  ) {}

  async start(planId: string): Promise<ApplyStatus> {
    if (this.applies.get(planId)?.applying) {
      throw OpenDomError.of({ code: 'E_STORE_LOCKED', recordId: planId, message: 'this plan is being applied; follow it at GET /api/plans/{planId}/apply' });
    }
    const plan = await this.store.getPlan(planId);
    if (!plan) throw planNotFound(planId);
    const entry: { applying: boolean; error: ApplyStatus['error']; done: Promise<void> } = { applying: true, error: null, done: Promise.resolve() };
    entry.done = this.engine
      .applyPlan(this.store, plan, { now: new Date() })
      .then(
        () => undefined,
        (error: unknown) => void (entry.error = { code: error instanceof OpenDomError ? error.code : 'E_INTERNAL', message: (error as Error).message }),
      )
      .finally(() => (entry.applying = false));
    this.applies.set(planId, entry);
    return this.status(planId);
  }

  async status(planId: string): Promise<ApplyStatus> {
    const settled = await this.store.planSettlement(planId);
    if (!settled) throw planNotFound(planId);
    const entry = this.applies.get(planId);
    const count = Object.values(settled.outcomes).reduce((sum, n) => sum + n, 0);
    const state = entry?.applying ? 'applying' : entry?.error ? 'failed' : count === settled.orders ? 'applied' : count > 0 ? 'partly-applied' : 'not-applied';
    return { planId, state, settled, error: entry?.error ?? null };
  }

  /**
   * Waits, up to `graceMs`, for the applies under way. Each order they
   * settle is whole either way: an apply the process stops before it ends
   * resumes where it was when the plan is applied again.
   */
  async shutdown(graceMs: number): Promise<void> {
    const all = Promise.all([...this.applies.values()].map((a) => a.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }
}

/** The answer for a plan the store does not hold. */
export function planNotFound(planId: string): HttpProblem {
  return new HttpProblem('E_NOT_FOUND', `no plan "${planId}" (it may have been cleaned up); list them with GET /api/plans`);
}

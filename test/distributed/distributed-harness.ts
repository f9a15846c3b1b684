import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { checkAssignments, createEngine, type SqlStore } from '../../index.js';
import { RunLedger } from '../../core/engine/ledger.js';
import { generateDataset, writeDataset, type GeneratedDataset } from '../../bench/generate-dataset.js';
import type { ImportedSchema } from '../adapters/store-harness.js';
import { startCli } from '../e2e/cli-process.js';

/** The Redis server the tests use; `OPENDOM_TEST_REDIS_URL` overrides it. */
export const TEST_REDIS_URL = process.env.OPENDOM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails with what to do when no Redis answers PING at `url`; these tests never skip. */
export async function requireRedis(url = TEST_REDIS_URL): Promise<void> {
  const { hostname, port } = new URL(url);
  const answer = await new Promise<string>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) }, () => socket.write('PING\r\n'));
    socket.setTimeout(3000, () => (socket.destroy(), resolve('no answer within 3 s')));
    socket.once('data', (data) => (socket.end(), resolve(String(data).trim())));
    socket.once('error', (error) => resolve(error.message));
  });
  if (answer !== '+PONG') {
    throw new Error(`the distributed tests need a Redis server at ${url} (${answer}). Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no) or set OPENDOM_TEST_REDIS_URL; these tests never skip.`);
  }
}

/** Store locations may hold at most this many orders each in a contention dataset; distribution centres this many. */
export const STORE_ORDER_LIMIT = 350;
export const HUB_ORDER_LIMIT = 5000;

/**
 * A dataset of the project's generator with deliberate contention: few
 * locations, scarce stock, and order limits (dom/max-orders, hard) on every
 * location of the standard profile, written to a directory for import.
 */
export function contentionDataset(orders: number, seed: number, change?: (dataset: GeneratedDataset) => void): string {
  const dataset = generateDataset({ orders, locations: 12, variants: 400, seed, stock: 'scarce' });
  dataset.rules.push(
    { id: 'rule-max-orders-stores', type: 'dom/max-orders', description: 'Stores hold few orders', hardConstraint: true, scope: { groupIds: ['all-stores'] }, options: { maxOrders: STORE_ORDER_LIMIT } },
    { id: 'rule-max-orders-hubs', type: 'dom/max-orders', description: 'Hubs hold many', hardConstraint: true, scope: { groupIds: ['dcs'] }, options: { maxOrders: HUB_ORDER_LIMIT } },
  );
  dataset.profiles.find((p) => p.id === 'standard-ship')!.ruleIds.push('rule-max-orders-stores', 'rule-max-orders-hubs');
  change?.(dataset);
  const dir = mkdtempSync(join(tmpdir(), 'opendom-distributed-'));
  writeDataset(dir, dataset);
  return dir;
}

/** A started CLI process with its output so far, and a wait for a line of it. */
export class Proc {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => (this.stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  static start(args: string[]): Proc {
    return new Proc(startCli(args));
  }

  /** Resolves with the first match of `pattern` in stdout + stderr from `from` on; rejects when the process ends first or after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const match = (this.stdout + this.stderr).slice(from).match(pattern);
      if (match) return match;
      if (ended) throw new Error(`the process ended before ${pattern}: ${(this.stdout + this.stderr).slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${(this.stdout + this.stderr).slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child.kill(signal);
  }
}

/** Starts `opendom worker` on the schema and queue; resolves once it is ready, with its id. */
export async function startWorker(schema: ImportedSchema, redis: string, prefix: string, extra: string[] = []): Promise<{ proc: Proc; id: string }> {
  const proc = Proc.start(['worker', ...schema.target, '--redis', redis, '--queue-prefix', prefix, '--lock-seconds', '4', ...extra]);
  const [, id] = await proc.waitFor(/worker (\S+) ready/);
  return { proc, id: id! };
}

/**
 * What every distributed run must give, recomputed from the store's own
 * tables: each selected line in the plan exactly once; no (variant,
 * location) given more units than the inventory records make available, no
 * location more orders than its limit (SQL over the plan's assignments); the
 * batches' claims equal to the plan's assignments; and the plan passing the
 * plan checker against the whole pool's problem (soft rules dropped, as in
 * iteration 2, so that every candidate either iteration could use is in it).
 */
export async function checkDistributedPlan(schema: ImportedSchema, store: SqlStore, runId: string): Promise<{ planId: string; cost: number; unitsFulfilled: number }> {
  const [run] = await schema.query('select status, plan_id, error from runs where id = $1', [runId]);
  expect(run, `run ${runId}`).toMatchObject({ status: 'planned', error: null });
  const planId = run!.plan_id as string;

  const selected = await schema.query(`select l ->> 'lineId' as line_id from plan_orders o, jsonb_array_elements(o.selection -> 'lines') l where o.plan_id = $1 and o.selection is not null`, [planId]);
  const planned = await schema.query('select line_id, count(*)::int as n from plan_lines where plan_id = $1 group by line_id', [planId]);
  expect(planned.filter((p) => p.n !== 1)).toEqual([]);
  expect(new Set(planned.map((p) => p.line_id))).toEqual(new Set(selected.map((s) => s.line_id)));
  expect(selected.length).toBeGreaterThan(0);

  const assigned = `select (a ->> 'locationId') as location_id, l.record ->> 'variantId' as variant_id, l.order_id, (a ->> 'quantity')::int as quantity
    from plan_lines l, jsonb_array_elements(l.record -> 'assignments') a where l.plan_id = $1`;
  const overStock = await schema.query(
    `with taken as (select variant_id, location_id, sum(quantity) as units from (${assigned}) x group by variant_id, location_id)
     select t.*, coalesce((i.record ->> 'onHand')::int - coalesce((i.record ->> 'reserved')::int, 0), 0) as available
     from taken t left join inventory i on i.variant_id = t.variant_id and i.location_id = t.location_id and i.status = 'available'
     where t.units > coalesce((i.record ->> 'onHand')::int - coalesce((i.record ->> 'reserved')::int, 0), 0)`,
    [planId],
  );
  expect(overStock).toEqual([]);
  const overOrders = await schema.query(
    `with held as (select location_id, count(distinct order_id) as orders from (${assigned}) x group by location_id)
     select h.*, (r.record -> 'options' ->> 'maxOrders')::int as limit_
     from held h join fulfillment_groups g on g.record -> 'locationIds' ? h.location_id
     join rules r on r.record -> 'scope' -> 'groupIds' ? g.id and r.record ->> 'type' = 'dom/max-orders'
     where h.orders > (r.record -> 'options' ->> 'maxOrders')::int`,
    [planId],
  );
  expect(overOrders).toEqual([]);
  const claimsDiffer = await schema.query(
    `with taken as (select variant_id, location_id, sum(quantity)::int as units from (${assigned}) x group by variant_id, location_id)
     select * from taken t full join (select variant_id, location_id, units from distributed_stock where run_id = $2 and units > 0) c using (variant_id, location_id)
     where t.units is distinct from c.units`,
    [planId, runId],
  );
  expect(claimsDiffer).toEqual([]);

  const plan = await store.getPlan(planId);
  const engine = await createEngine({ plugins: [], data: { read: () => store.read() } });
  try {
    const prepared = await engine.prepare({ profileId: plan!.profileId, asOf: new Date(plan!.asOf), solver: plan!.solver.id });
    const problem = await prepared.problem(prepared.run.selected, 2, new RunLedger());
    const check = checkAssignments(problem, plan!.lines.flatMap((l) => l.assignments.map((a) => ({ lineId: l.lineId, locationId: a.locationId, quantity: a.quantity }))), { structure: 'order', customRows: true });
    expect(check.violations.slice(0, 5)).toEqual([]);
  } finally {
    await engine.close();
  }
  return { planId, cost: plan!.totals.cost, unitsFulfilled: plan!.totals.unitsFulfilled };
}

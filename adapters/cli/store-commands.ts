import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import {
  createEngine,
  FileDataSource,
  formatIssue,
  OpenDomError,
  readLineEvents,
  runOnStore,
  type ApplyReport,
  type LineEvent,
  type LogEntry,
  type Plan,
  type PlanException,
  type PlanLine,
  type RunOptions,
  type RunRecord,
  type StoreRunOptions,
  type StoreRunResult,
  SqlStore,
  type Engine,
} from '../../index.js';
import { importDataset, type ImportReport } from '../import/import-dataset.js';
import { resumeDistributed, runDistributed } from '../distributed/distributed-run.js';
import { table } from './format.js';
import { progressBar, progressChoice, progressMode } from './progress.js';
import type { ServiceClient } from './service-client.js';
import { openCommandStore, openStore, usage, withStoreOptions, type CommandStore, type StoreCliOptions } from './store-options.js';
import { engineChoices } from './cli-config.js';
import { readSnapshot, snapshotDataset, type Snapshot } from '../snapshot/snapshot.js';

/** What `opendom run` runs on: a dataset directory or snapshot (read-only, plan only) or the store. */
export interface RunTarget {
  run(options: RunOptions): Promise<Plan>;
  /** A snapshot's run settings and instant, in place of the configuration file's and now. */
  runDefaults?: Snapshot['run'];
  asOf?: Date;
  /** Lines to print after the plan's summary (the run and what applying did). */
  report(): string;
  close(): Promise<void>;
}

export interface RunTargetOptions extends StoreCliOptions {
  data?: string;
  geocoder?: string;
  /** true / false: --apply / --no-apply; undefined: the profile's autoApply. */
  apply?: boolean;
  /** `--progress`: bar, lines or none. */
  progress?: string;
  deterministic?: boolean;
  /** `--distributed`: the batches go to worker processes through the queue at `redis`. */
  distributed?: boolean;
  /** `--resume RUN`: take over a distributed run whose coordinator stopped. */
  resume?: string;
  redis?: string;
  queuePrefix?: string;
}

/** `--data DIR` runs on the files, plan only; otherwise the run is recorded, stored and (per profile) applied in the store. */
export async function openRunTarget(options: RunTargetOptions): Promise<RunTarget> {
  const batches = progressBar('batches', progressMode(options.progress));
  if (options.data) {
    if (options.store || options.database || options.server || options.apply !== undefined) {
      throw usage('--data runs a dataset directory or snapshot read-only and plan only; drop --store, --database, --server and --apply, or drop --data to run on the store');
    }
    if (existsSync(options.data) && statSync(options.data).isFile()) {
      const snapshot = readSnapshot(options.data);
      const engine = await createEngine({ data: { read: async () => snapshotDataset(snapshot) }, ...engineChoices(options), ...snapshot.engine, ...(options.geocoder ? { geocoder: { id: options.geocoder } } : {}) });
      return {
        run: (runOptions) => engine.run({ ...runOptions, onBatch: batches.update }).finally(batches.stop),
        runDefaults: snapshot.run,
        asOf: new Date(snapshot.asOf),
        report: () => '',
        close: () => engine.close(),
      };
    }
    const engine = await createEngine({ data: { id: 'dom/file', options: { directory: options.data } }, ...engineChoices(options) });
    return {
      run: (runOptions) => engine.run({ ...runOptions, onBatch: batches.update }).finally(batches.stop),
      report: () => '',
      close: () => engine.close(),
    };
  }
  if (options.deterministic) throw usage('--deterministic runs a dataset directory or snapshot (--data); a run on the store stores its plan, which needs an id of its own');
  const orders = progressBar('orders applied', progressMode(options.progress));
  /** A recorded run, through a service or on the store: its record kept for the report, the progress bars stopped at its end. */
  const recorded = (runIt: (runOptions: Parameters<RunTarget['run']>[0]) => Promise<{ run: RunRecord; plan: Plan; applied: ApplyReport | null; applyLog?: LogEntry[] }>, close: () => Promise<void>): RunTarget => {
    let result: { run: RunRecord; applied: ApplyReport | null; applyLog?: LogEntry[] } | undefined;
    return {
      run: async (runOptions) => {
        try {
          const done = await runIt(runOptions);
          result = done;
          return done.plan;
        } finally {
          batches.stop();
          orders.stop();
        }
      },
      report: () => (result ? `${formatRun(result.run, result.applied, result.applyLog ?? [])}\n` : ''),
      close,
    };
  };
  const apply = options.apply !== undefined ? { apply: options.apply } : {};
  if (options.server) {
    if (options.geocoder) throw usage('--geocoder is the service\'s (opendom serve --geocoder); drop it with --server');
    const service = openCommandStore(options) as ServiceClient;
    return recorded(async ({ onModel, ...runOptions }) => {
      if (onModel) throw usage('--export-lp needs the store itself; drop --server');
      return service.run(
        {
          ...runOptions,
          ...(runOptions.asOf ? { asOf: runOptions.asOf.toISOString() } : {}),
          // "all" is as many as the service lists.
          ...(runOptions.removalsListed === Infinity ? { removalsListed: 1_000_000 } : {}),
          ...apply,
        },
        { onBatch: batches.update, onApply: orders.update },
      );
    }, () => service.close());
  }
  if (options.distributed || options.resume) return distributedTarget(options, recorded, { onBatch: batches.update, onApply: orders.update, ...apply });
  const store = openStore(options);
  const engine = await createEngine({ data: store, ...engineChoices(options) });
  return recorded((runOptions) => runOnStore(engine, store, { ...runOptions, onBatch: batches.update, onApply: orders.update, ...apply }), () => engine.close());
}

/** A run whose batches worker processes solve (docs/scale-out.md), or one taken over with `--resume`. */
function distributedTarget(
  options: RunTargetOptions,
  recorded: (runIt: (runOptions: RunOptions) => Promise<StoreRunResult>, close: () => Promise<void>) => RunTarget,
  extra: Pick<StoreRunOptions, 'onBatch' | 'onApply' | 'apply'>,
): RunTarget {
  const redis = options.redis ?? process.env.OPENDOM_REDIS_URL;
  if (!redis) throw usage('a distributed run needs the queue\'s Redis: --redis URL (or $OPENDOM_REDIS_URL)');
  if (options.server) throw usage('a distributed run needs the store itself (--database URL); drop --server');
  const store = openStore(options);
  const settings = { store, engine: engineChoices(options), redis, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) };
  return recorded(({ onModel, ...runOptions }) => {
    if (onModel) throw usage('--export-lp writes the models of a local run; the workers build a distributed run\'s');
    return options.resume ? resumeDistributed(settings, options.resume, { ...extra }) : runDistributed(settings, { ...runOptions, ...extra });
  }, () => store.close());
}

function formatRun(run: RunRecord, applied: ApplyReport | null, applyLog: LogEntry[]): string {
  const head = `Run ${run.id}: ${run.status}; plan ${run.planId} stored`;
  if (!applied) return `${head}, not applied (the profile does not auto-apply; apply it with opendom apply --plan-id ${run.planId})`;
  const lines = [`${head} and applied: ${formatOutcomes(applied)}`];
  for (const entry of applyLog.filter((e) => e.level === 'warn')) lines.push(`  ! ${entry.message}`);
  for (const n of applied.notApplied.slice(0, 20)) lines.push(`  - ${n.orderId}: ${n.outcome}: ${n.detail}`);
  if (applied.notApplied.length > 20) lines.push(`  … and ${applied.notApplied.length - 20} more (opendom plans; the plan_orders table)`);
  return lines.join('\n');
}

/** A line of a stored plan for `opendom explain --plan-id`, with the plan's header. */
export async function planLineFromStore(options: StoreCliOptions & { planId: string; line: string }): Promise<{ plan: Plan; line: PlanLine | PlanException }> {
  const plan = await storedPlan(options, [options.line]);
  const line = plan.lines[0] ?? plan.exceptions[0];
  if (!line) throw usage(`line "${options.line}" is not in plan ${options.planId} (profile ${plan.profileId}, ${plan.totals.lines} lines)`);
  return { plan, line };
}

/** A stored plan (only the lines given, or whole), through a service or on the store; an unknown plan is a usage error. */
export async function storedPlan(options: StoreCliOptions & { planId: string }, lineIds?: string[]): Promise<Plan> {
  const store = openCommandStore(options);
  try {
    const plan = await store.getPlan(options.planId, lineIds ? { lineIds } : undefined);
    if (!plan) throw usage(`no plan ${options.planId} in the store (it may have been cleaned up); list plans with opendom plans`);
    return plan;
  } finally {
    await store.close();
  }
}

/** `import`, `plans`, `apply`, `reject`, `reset` and `cleanup`: the store's commands. */
export function addStoreCommands(program: Command): void {
  withStoreOptions(
    program
      .command('import')
      .description('import a dataset directory (JSON, NDJSON, CSV) into the store, record by record; invalid records are reported, valid ones kept')
      .requiredOption('--data <dir>', 'dataset directory'),
  )
    .option('--json', 'print the report as JSON')
    .action((options: StoreCliOptions & { data: string; json?: boolean }) =>
      withStore(options, async (store) => {
        const started = performance.now();
        const report = await importDataset(new FileDataSource(options.data), store, { lineEvents: readLineEvents(options.data) });
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatImport(report, options.data, seconds));
        if (report.issues.length > 0) process.exitCode = 2;
      }));

  withStoreOptions(program.command('plans').description('list the stored plans, newest first'))
    .option('--profile <id>', 'only this profile')
    .option('--limit <n>', 'how many (default 20)', (v) => Number.parseInt(v, 10))
    .option('--json', 'print them as JSON')
    .action((options: StoreCliOptions & { profile?: string; limit?: number; json?: boolean }) =>
      withStore(options, async (store) => {
        const plans = await store.listPlans({ ...(options.profile ? { profileId: options.profile } : {}), ...(options.limit ? { limit: options.limit } : {}) });
        if (options.json) return void process.stdout.write(`${JSON.stringify(plans, null, 2)}\n`);
        if (plans.length === 0) return void process.stdout.write('No plans in the store.\n');
        const rows = plans.map((p) => [p.planId, p.profileId, p.createdAt.toISOString(), p.solverStatus, String(p.lines), `${(p.fillRate * 100).toFixed(1)}%`, `${p.ordersSettled}/${p.orders}`]);
        process.stdout.write(`${table([['plan', 'profile', 'created', 'solver', 'lines', 'fill', 'orders settled'], ...rows])}\n`);
      }));

  withStoreOptions(program.command('apply').description('apply a stored plan (e.g. of a profile that does not auto-apply); orders already settled are skipped'))
    .requiredOption('--plan-id <id>', 'plan id (opendom plans)')
    .option('--progress <mode>', 'bar (on a terminal), lines (one line per step, for logs) or none', progressChoice)
    .action((options: StoreCliOptions & { planId: string; progress?: string }) =>
      withStore(options, async (store) => {
        const plan = await store.getPlan(options.planId);
        if (!plan) throw usage(`no plan ${options.planId} in the store; list plans with opendom plans`);
        const orders = progressBar('orders applied', progressMode(options.progress));
        const applyOptions = { now: new Date(), onProgress: orders.update };
        // Through a service, the service's apply hooks act; on the store, this configuration's.
        const { report: applied, log } = await (store instanceof SqlStore
          ? withEngine(store, (engine) => engine.applyPlan(store, plan, applyOptions))
          : store.applyPlan(plan, applyOptions).then((report) => ({ report, log: [] }))
        ).finally(orders.stop);
        process.stdout.write(`Plan ${plan.planId}: ${formatOutcomes(applied)}, ${applied.alreadySettled} settled before\n`);
        for (const n of applied.notApplied) process.stdout.write(`  - ${n.orderId}: ${n.outcome}: ${n.detail}\n`);
        for (const entry of log.filter((e) => e.level === 'warn')) process.stdout.write(`  ! ${entry.message}\n`);
      }));

  withStoreOptions(program.command('reject').description("reject a line's assignment at a location: the line is brokered again, elsewhere, by the next run"))
    .requiredOption('--line <id>', 'sales line id')
    .requiredOption('--location <id>', 'the location that rejects it')
    .action((options: StoreCliOptions & { line: string; location: string }) =>
      withStore(options, async (store) => {
        const change = await store.rejectLine(options.line, options.location, new Date());
        process.stdout.write(`Line ${options.line} (order ${change.orderId}) rejected at ${options.location}: exception rejected, ${change.after.rejections.length} rejection(s); ${change.before.quantity} units released.\n`);
      }));

  withStoreOptions(program.command('reset').description('reset an exception (e.g. maximum rejections or attempts): status none, attempts 0'))
    .requiredOption('--line <id>', 'sales line id')
    .action((options: StoreCliOptions & { line: string }) =>
      withStore(options, async (store) => {
        const change = await store.resetLine(options.line, new Date());
        process.stdout.write(`Line ${options.line} (order ${change.orderId}) reset from ${change.before.exceptionType ?? 'exception'}: status none, attempts 0.\n`);
      }));

  withStoreOptions(program.command('ship').description('record that a line has shipped: it keeps its allocation until an inventory snapshot as of the shipment arrives'))
    .requiredOption('--line <id>', 'sales line id')
    .option('--at <date-time>', 'when it left (the shipping system\'s instant; default: now)')
    .option('--location <id>', 'the location it left from (checked against the line\'s)')
    .action((options: StoreCliOptions & { line: string; at?: string; location?: string }) =>
      withStore(options, async (store) => {
        const at = options.at ?? new Date().toISOString();
        if (Number.isNaN(Date.parse(at))) throw usage(`--at "${at}" is not an ISO date-time`);
        const event: LineEvent = { lineId: options.line, event: 'shipped', at: new Date(at).toISOString(), ...(options.location ? { locationId: options.location } : {}) };
        process.stdout.write(`${await lineEvent(store, event, `Line ${options.line} shipped at ${event.at}.`)}\n`);
      }));

  withStoreOptions(program.command('cancel').description('record that a line was cancelled: it is never brokered again and its allocation is released'))
    .requiredOption('--line <id>', 'sales line id')
    .action((options: StoreCliOptions & { line: string }) =>
      withStore(options, async (store) => {
        const event: LineEvent = { lineId: options.line, event: 'cancelled', at: new Date().toISOString() };
        process.stdout.write(`${await lineEvent(store, event, `Line ${options.line} cancelled.`)}\n`);
      }));

  withStoreOptions(program.command('cleanup').description('delete plans older than planRetentionDays and logs older than logRetentionDays'))
    .action((options: StoreCliOptions) =>
      withStore(options, async (store) => {
        const deleted = await store.cleanup(new Date());
        process.stdout.write(`Deleted ${deleted.plans} plan(s), ${deleted.logs} log entr${deleted.logs === 1 ? 'y' : 'ies'} and ${deleted.runs} run(s).\n`);
      }));
}

/** Applies one line event; a refusal is an error naming the line. */
async function lineEvent(store: CommandStore, event: LineEvent, done: string): Promise<string> {
  const [outcome] = await store.applyLineEvents([event], new Date());
  if (outcome!.outcome === 'refused') throw OpenDomError.of({ code: outcome!.code, recordId: event.lineId, message: outcome!.message });
  return outcome!.outcome === 'changed' ? done : `Line ${event.lineId} already ${event.event}: nothing changed.`;
}

/** Runs `body` with an engine of this configuration on the store, closed after. */
async function withEngine<T>(store: SqlStore, body: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await createEngine({ data: store, ...engineChoices() });
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

/** What applying did, by outcome. */
function formatOutcomes(applied: ApplyReport): string {
  const o = applied.outcomes;
  return `${o.applied} orders applied, ${o.conflict} conflicts, ${o['stock-changed']} stock changed, ${o['capacity-changed']} at their location's order limit, ${o['invalid-input']} invalid${o.vetoed ? `, ${o.vetoed} vetoed before apply` : ''}`;
}

export async function withStore(options: StoreCliOptions, body: (store: CommandStore) => Promise<void>): Promise<void> {
  const store = openCommandStore(options);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

function formatImport(report: ImportReport, directory: string, seconds: number): string {
  const rows = Object.entries(report.collections).map(([name, c]) => [name, String(c.read), String(c.refused), String(c.inserted), String(c.updated), String(c.unchanged), c.stored ? 'yes' : 'NO']);
  const records = Object.values(report.collections).reduce((sum, c) => sum + c.read, 0);
  const out = [
    `Imported ${directory} in ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 1e-3)).toLocaleString('en-US')} records/s):`,
    table([['collection', 'read', 'refused', 'new', 'updated', 'unchanged', 'stored'], ...rows]),
  ];
  if (report.lineEvents) {
    const e = report.lineEvents;
    out.push(`Line events: ${e.read} read, ${e.changed} changed lines, ${e.unchanged} already so, ${e.refused} refused.`);
  }
  if (report.issues.length > 0) {
    out.push(`${report.issues.length} issue(s); those records (a file refused as a whole: all of its records) were not imported:`);
    for (const issue of report.issues.slice(0, 50)) out.push(`  - ${formatIssue(issue)}`);
    if (report.issues.length > 50) out.push(`  … and ${report.issues.length - 50} more (--json lists all)`);
  }
  return `${out.join('\n')}\n`;
}

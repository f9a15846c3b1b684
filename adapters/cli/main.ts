#!/usr/bin/env node
import { existsSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createEngine, formatIssue, OpenDomError, toCplexLp, type Engine } from '../../index.js';
import { formatSummary } from './summary.js';
import { findLine, formatLineExplanation, readPlan } from './explain-line.js';
import { lpFileName } from './lp-file-name.js';
import { progressChoice } from './progress.js';
import { addStoreCommands, openRunTarget, planLineFromStore } from './store-commands.js';
import { plural } from './format.js';
import { addServiceCommands } from './service-commands.js';
import { openStore, storeChoice, usage, withStoreOptions, type StoreCliOptions } from './store-options.js';
import { addPluginCommands } from './plugin-commands.js';
import { addSnapshotCommands } from './snapshot-commands.js';
import { addDiffCommand } from './diff-command.js';
import { addSimulateCommand } from './simulate-command.js';
import { addWorkerCommands } from './worker-commands.js';
import { formatWhyNot, whyNotFromCli } from './why-not.js';
import { countOrAll, isoDate, nonNegativeNumber, positiveNumber } from './option-values.js';
import { readSnapshot } from '../snapshot/snapshot.js';
import { cliConfig, engineChoices, loadCliConfig } from './cli-config.js';

const program = new Command()
  .name('opendom')
  .description('OpenDOM: distributed order management — decide which locations ship which order lines.')
  .option('--config <file>', 'configuration file: plugin packages, store, engine, run and serve settings (default: ./opendom.config.json when there is one)')
  .showHelpAfterError()
  .hook('preAction', () => loadCliConfig(program.opts<{ config?: string }>().config));

withStoreOptions(withRunSettings(program
  .command('run')
  .description('run a fulfillment profile on the store (recorded, stored, applied when the profile auto-applies), or on a dataset directory or snapshot (plan only), and print its plan')
  .option('--data <dir|snapshot>', 'dataset directory or snapshot file, read-only and plan only (default: run on the store)'))
  .option('--apply', 'apply the plan to the store whatever the profile says')
  .option('--no-apply', 'only store the plan whatever the profile says')
  .option('--profile <id>', 'fulfillment profile id (required, except with --resume)')
  .option('--deterministic', 'a plan that depends only on the data and options: id from its content, created at the run\'s instant, timings zero, parallel batches as one at a time')
  .option('--distributed', 'solve the batches on worker processes (opendom worker) through a BullMQ queue; needs --database and --redis (docs/scale-out.md)')
  .option('--resume <run>', 'take over a distributed run whose coordinator stopped: the committed batches stand, the rest are enqueued again')
  .option('--redis <url>', "the queue's Redis for --distributed and --resume (default: $OPENDOM_REDIS_URL)")
  .option('--queue-prefix <prefix>', "key prefix of the queue in Redis (default: opendom)"))
  .action((options: RunCliOptions) => {
    if (!options.profile && !options.resume) throw usage('give the profile to run: --profile ID');
    if (options.profile && options.resume) throw usage('--resume takes the run\'s own profile; drop --profile');
    return runAndPrint({ ...options, profile: options.profile ?? '' });
  });

withRunSettings(program
  .command('replay')
  .description('run a snapshot again, deterministically: the same snapshot, configuration and solver options give the same plan, byte for byte')
  .requiredOption('--snapshot <file>', 'a snapshot (opendom snapshot --out FILE)'))
  .action((options: Omit<RunCliOptions, 'profile' | 'data'> & { snapshot: string }) => {
    const { snapshot, ...rest } = options;
    return runAndPrint({ ...rest, data: snapshot, profile: readSnapshot(snapshot).profileId, deterministic: true });
  });

withStoreOptions(program
  .command('validate')
  .description('check a dataset directory (--data), or the store, without running')
  .option('--data <dir>', 'dataset directory (default: the store)'))
  .option('--geocoder <id>', 'geocoder for addresses without coordinates, e.g. dom/us-zip (default: dom/coordinates)')
  .option('--strict', 'exit with code 2 when any order would be set aside as invalid input')
  .action(async (options: StoreCliOptions & { data?: string; geocoder?: string; strict?: boolean }) => {
    const { engine, name } = await openValidateTarget(options);
    try {
      const { dataset, invalidOrders } = await engine.validate();
      const lines = dataset.orders.reduce((sum, o) => sum + o.lines.length, 0);
      process.stdout.write(
        `${name} is valid: ${plural(dataset.locations.length, 'location')}, ${plural(dataset.variants.length, 'variant')}, ` +
          `${plural(dataset.inventory.length, 'inventory record')}, ${plural(dataset.profiles.length, 'profile')}, ${plural(dataset.rules.length, 'rule')}, ` +
          `${plural(dataset.orders.length, 'order')} (${plural(lines, 'line')}).\n`,
      );
      if (invalidOrders.length > 0) {
        process.stdout.write(`${plural(invalidOrders.length, 'order')} will be set aside as invalid input:\n`);
        for (const invalid of invalidOrders) for (const issue of invalid.issues) process.stdout.write(`  - ${formatIssue(issue)}\n`);
        if (options.strict) process.exitCode = 2;
      }
    } finally {
      await engine.close();
    }
  });

withStoreOptions(program
  .command('explain')
  .description('explain one line of a plan — a plan file (--plan) or a plan in the store (--plan-id): the chosen location(s) and their costs against the runners-up, and the removed candidates')
  .option('--plan <file>', 'plan JSON written by opendom run --out')
  .option('--plan-id <id>', 'a plan in the store (opendom plans)'))
  .requiredOption('--line <id>', 'sales line id')
  .option('--why-not <location>', 'why the line did not go to this location: removed (by which rule), no stock, no order slot, or dearer (re-solved with the line forced there)')
  .option('--snapshot <file>', 'with --why-not: the snapshot of the run that made the plan (default: the store as it is now)')
  .option('--data <dir>', 'with --why-not: the dataset directory the plan was made from')
  .option('--json', "print the plan's entry for the line (assignments and explanation), or the why-not answer, as JSON")
  .action(async (options: StoreCliOptions & { plan?: string; planId?: string; line: string; json?: boolean; whyNot?: string; snapshot?: string; data?: string }) => {
    if (Boolean(options.plan) === Boolean(options.planId)) throw OpenDomError.of({ code: 'E_USAGE', message: 'give one of --plan FILE or --plan-id ID' });
    if (options.whyNot) {
      const answer = await whyNotFromCli({ ...options, whyNot: options.whyNot });
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatWhyNot(answer));
      return;
    }
    if (options.snapshot || options.data) throw usage('--snapshot and --data go with --why-not');
    const fromFile = (file: string) => {
      const plan = readPlan(file);
      return { plan, line: findLine(plan, options.line) };
    };
    const { plan, line } = options.planId ? await planLineFromStore({ ...options, planId: options.planId }) : fromFile(options.plan!);
    process.stdout.write(options.json ? `${JSON.stringify(line, null, 2)}\n` : `${formatLineExplanation(plan, line)}\n`);
  });

/** The options `run` and `replay` share: solver, time limit, gap, instant, explanations, output. */
function withRunSettings(command: Command): Command {
  for (const option of [
    new Option('--solver <id>', 'solver plugin id (default: parameters.solver)'),
    new Option('--geocoder <id>', 'geocoder for addresses without coordinates, e.g. dom/us-zip (default: dom/coordinates)'),
    new Option('--time-limit <seconds>', 'time limit of each solve').argParser(positiveNumber),
    new Option('--gap <ratio>', 'relative MIP gap at which a solve may stop (0: prove optimality)').argParser(nonNegativeNumber),
    new Option('--as-of <date-time>', 'the instant the run treats as now (rule dates; a snapshot\'s own by default)').argParser(isoDate),
    new Option('--removals-listed <n|all>', 'removed candidates each line explanation lists with their reason, nearest first (default 10; every one is counted by rule)').argParser(countOrAll),
    new Option('--json', 'print the plan as JSON instead of a summary'),
    new Option('--out <file>', 'also write the plan as JSON to a file'),
    new Option('--export-lp <file>', 'write the linear model(s) in CPLEX LP format'),
    new Option('--progress <mode>', 'bar (on a terminal), lines (one line per step, for logs) or none').argParser(progressChoice),
  ]) command.addOption(option);
  return command;
}

/** Runs a profile as the options say and prints its plan (summary or JSON). */
async function runAndPrint(options: RunCliOptions): Promise<void> {
  const target = await openRunTarget(options);
  try {
    const lpFiles: string[] = [];
    let models = 0;
    const defaults = { ...(cliConfig().run ?? {}), ...target.runDefaults };
    const solver = options.solver ?? defaults.solver;
    const timeLimit = options.timeLimit ?? defaults.timeLimitSeconds;
    const gap = options.gap ?? defaults.relativeGap;
    const asOf = options.asOf ?? target.asOf;
    const plan = await target.run({
      profileId: options.profile,
      ...(solver ? { solver } : {}),
      ...(timeLimit ? { timeLimitSeconds: timeLimit } : {}),
      ...(gap !== undefined ? { relativeGap: gap } : {}),
      ...(asOf ? { asOf } : {}),
      ...(options.removalsListed !== undefined ? { removalsListed: options.removalsListed } : {}),
      ...(options.deterministic ? { deterministic: true } : {}),
      onModel: options.exportLp
        ? (model, where) => {
            const file = lpFileName(options.exportLp!, where, models++);
            writeFileSync(file, toCplexLp(model, `OpenDOM profile ${options.profile}, batch ${where.batch}, iteration ${where.iteration}`));
            lpFiles.push(file);
          }
        : undefined,
    });
    // Only when asked: the plan of a run of 100,000 lines is too long for one string with indentation.
    const json = options.out || options.json ? JSON.stringify(plan, null, 2) : '';
    if (options.out) writeFileSync(options.out, `${json}\n`);
    process.stdout.write(options.json ? `${json}\n` : `${formatSummary(plan)}\n${target.report()}`);
    if (lpFiles.length > 0 && !options.json) process.stdout.write(`LP model${lpFiles.length === 1 ? '' : 's'} written: ${lpFiles.join(', ')}\n`);
    if (plan.solver.status === 'error') process.exitCode = 1;
  } finally {
    await target.close();
  }
}

interface RunCliOptions extends StoreCliOptions {
  data?: string;
  distributed?: boolean;
  resume?: string;
  redis?: string;
  queuePrefix?: string;
  apply?: boolean;
  profile: string;
  solver?: string;
  geocoder?: string;
  timeLimit?: number;
  gap?: number;
  asOf?: Date;
  removalsListed?: number;
  deterministic?: boolean;
  json?: boolean;
  out?: string;
  exportLp?: string;
  progress?: string;
}

/** What `validate` checks: a dataset directory, or the store (which must exist: validating creates nothing). */
async function openValidateTarget(options: StoreCliOptions & { data?: string; geocoder?: string }): Promise<{ engine: Engine; name: string }> {
  if (options.data) {
    if (options.store || options.database) throw usage('give --data DIR or a store (--store, --database), not both');
    return { engine: await createEngine({ data: { id: 'dom/file', options: { directory: options.data } }, ...engineChoices(options) }), name: `Dataset ${options.data}` };
  }
  const choice = storeChoice(options);
  if ('directory' in choice && !existsSync(choice.directory)) {
    throw usage(`there is no store at ${choice.directory}; import data first (opendom import --data DIR), or validate a dataset directory with --data DIR`);
  }
  const name = 'url' in choice ? 'The PostgreSQL store' : `Store ${choice.directory}`;
  return { engine: await createEngine({ data: openStore(options), ...engineChoices(options) }), name };
}

addStoreCommands(program);
addServiceCommands(program);
addPluginCommands(program);
addSnapshotCommands(program);
addDiffCommand(program);
addSimulateCommand(program);
addWorkerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof OpenDomError) {
    process.stderr.write(`opendom: ${error.message}\n`);
    for (const page of error.helpPages) process.stderr.write(`  (see ${page})\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`opendom: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

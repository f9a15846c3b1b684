import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { Plan } from '../../index.js';
import { diffPlans, type DecisionDiff, type DiffReason } from '../../core/plan/decision-diff.js';
import { readPlan } from './explain-line.js';
import { countOrAll } from './option-values.js';
import { usage, withStoreOptions, type StoreCliOptions } from './store-options.js';
import { withStore } from './store-commands.js';

const REASONS: Record<DiffReason, string> = {
  'rule-removes-old-location': 'a rule now removes the old location',
  'old-location-rejected': 'the old location rejected the line',
  'stock-taken': 'the old location\'s stock is taken (by other orders, or fell)',
  'old-location-dearer': 'the old location costs more than it did',
  'cheaper-location': 'a cheaper location won',
  'no-longer-fulfilled': 'no longer fulfilled',
  'now-fulfilled': 'now fulfilled',
  'only-in-a': 'only in plan A (not selected by B\'s run)',
  'only-in-b': 'only in plan B (not selected by A\'s run)',
  replanned: 're-planned with its order or batch',
};

/** Exit code when the plans differ by more than --max-changed allows. */
const TOO_MANY_CHANGES = 3;

interface DiffCliOptions extends StoreCliOptions {
  json?: boolean;
  maxChanged?: number;
  lines: number;
}

/** `opendom diff A B`: the lines whose assignment changed between two plans, grouped by why. */
export function addDiffCommand(program: Command): void {
  withStoreOptions(program
    .command('diff')
    .description('list the lines whose assignment changed from plan A to plan B (plan files or stored plan ids), grouped by why; with --max-changed, a regression check')
    .argument('<planA>', 'a plan file (opendom run --out) or a stored plan id')
    .argument('<planB>', 'a plan file or a stored plan id')
    .option('--json', 'print every changed line with its reason as JSON')
    .option('--max-changed <percent>', `exit with code ${TOO_MANY_CHANGES} when more than this share of the lines changed`, percent)
    .option('--lines <n|all>', 'changed lines listed under each reason (default 10)', countOrAll, 10))
    .action(async (a: string, b: string, options: DiffCliOptions) => {
      const [planA, planB] = await plansOf([a, b], options);
      const diff = diffPlans(planA, planB);
      const share = diff.lines === 0 ? 0 : (diff.changed.length / diff.lines) * 100;
      process.stdout.write(options.json ? `${JSON.stringify({ planA: planA.planId, planB: planB.planId, changedPercent: share, ...diff }, null, 2)}\n` : formatDiff(planA, planB, diff, share, options.lines));
      if (options.maxChanged !== undefined && share > options.maxChanged) {
        process.stderr.write(`opendom: ${diff.changed.length} of ${diff.lines} lines changed (${share.toFixed(2)} %), more than --max-changed ${options.maxChanged} %\n`);
        process.exitCode = TOO_MANY_CHANGES;
      }
    });
}

/** Each argument read as a plan file when one exists at that path, else as a plan id in the store. */
async function plansOf(args: [string, string], options: StoreCliOptions): Promise<[Plan, Plan]> {
  const plans: Array<Plan | null> = args.map((arg) => (existsSync(arg) ? readPlan(arg) : null));
  if (plans.some((p) => p === null)) {
    await withStore(options, async (store) => {
      for (const [i, arg] of args.entries()) {
        if (plans[i]) continue;
        plans[i] = await store.getPlan(arg);
        if (!plans[i]) throw usage(`"${arg}" is neither a plan file nor a plan in the store; list stored plans with opendom plans`);
      }
    });
  }
  return plans as [Plan, Plan];
}

function formatDiff(a: Plan, b: Plan, diff: DecisionDiff, share: number, listed: number): string {
  const out = [`Plan A ${a.planId} → plan B ${b.planId}: ${diff.changed.length} of ${diff.lines.toLocaleString('en-US')} lines changed (${share.toFixed(2)} %)`];
  if (diff.changed.length === 0) return `${out[0]}\n`;
  const width = Math.max(...diff.byReason.map((r) => String(r.count).length));
  for (const { reason, count } of diff.byReason) out.push(`  ${String(count).padStart(width)}  ${reason}: ${REASONS[reason]}`);
  for (const { reason } of diff.byReason) {
    const lines = diff.changed.filter((c) => c.reason === reason);
    out.push('', `${reason}${lines.length > listed ? ` (the first ${listed} of ${lines.length})` : ''}:`);
    for (const c of lines.slice(0, listed)) out.push(`  ${c.lineId} (order ${c.orderId}): ${c.before.join(', ') || '—'} → ${c.after.join(', ') || '—'}  ${c.detail}`);
  }
  return `${out.join('\n')}\n`;
}

function percent(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be a percentage from 0 to 100, e.g. 2 or 2%');
  return n;
}

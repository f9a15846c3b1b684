import { isWithinDates } from '../domain/dates.js';
import type { Dataset, Profile } from '../domain/types.js';
import type { LogEntry } from '../plan/plan.js';
import type { SolverMeta } from '../plugin-api/contracts.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import type { IterationSolve } from '../solve/solve-iteration.js';

/** Warnings about the solver choice, written once at the start of a run. */
export function solverWarnings(
  meta: SolverMeta,
  largestBatchLines: number,
  profile: Profile,
  dataset: Dataset,
  registry: PluginRegistry,
  asOf: Date,
): LogEntry[] {
  const warnings: LogEntry[] = [];
  if (meta.maxBatchLines !== undefined && largestBatchLines > meta.maxBatchLines) {
    warnings.push({
      level: 'warn',
      message: `a batch of ${largestBatchLines} lines is too large for ${meta.id}, which solves at most about ${meta.maxBatchLines} lines within its time limit: set the profile's maxLinesPerOptimization to ${meta.maxBatchLines} or less`,
    });
  }
  if (meta.kind === 'simplified') {
    for (const id of profile.ruleIds) {
      const rule = dataset.rules.find((r) => r.id === id);
      if (!rule || rule.disabled || !isWithinDates(rule.startDate, rule.endDate, asOf)) continue;
      const plugin = registry.get('rule', rule.type, `rules[${rule.id}].type`);
      if (plugin.meta.simplifiedSolver === 'ignored') {
        warnings.push({ level: 'warn', message: `the simplified solver ${meta.id} ignores rule ${rule.id} (${rule.type}): orders are planned with any number of locations, partial orders on and whole lines` });
      }
    }
  }
  return warnings;
}

/** What the run's log says about one solved batch iteration: fallbacks, and what the solver skipped. */
export function iterationLog(batch: number, iteration: 1 | 2, solved: IterationSolve): LogEntry[] {
  const where = `batch ${batch} iteration ${iteration}`;
  const entries: LogEntry[] = solved.warnings.map((message) => ({ level: 'warn', message: `${where}: ${message}` }));
  if (solved.fallback) {
    const used = solved.fallback.used === 'greedy' ? 'the greedy plan is used instead' : 'the greedy plan failed the checker too: nothing is assigned';
    entries.push({ level: 'warn', message: `${where}: ${solved.fallback.reason}; ${used}` });
  }
  const parts = solved.decomposition;
  if (parts && (parts.settledOrders > 0 || parts.prunedArcs > 0 || parts.components > 1)) {
    entries.push({
      level: 'info',
      message: `${where}: ${parts.settledOrders} orders settled without the MIP, ${parts.prunedArcs} arcs pruned; ${parts.components} independent part${parts.components === 1 ? '' : 's'} solved (${parts.columns} columns, the largest ${parts.largestColumns})`,
    });
  }
  return entries;
}

import type { Plan } from '../../index.js';
import { plural } from './format.js';

/**
 * A readable summary of a plan for the terminal: per level of the objective
 * what an operator reads — units fulfilled (and the most any plan could
 * fulfil), the priority penalty, the cost with its bound and its gap as a
 * percentage of the cost. The combined objective is in `--json`.
 */
export function formatSummary(plan: Plan): string {
  const t = plan.totals;
  const s = plan.solver;
  const rows: Array<[string, string]> = [
    ['Profile', plan.profileId],
    ['Solver', `${s.id} (${s.kind}): ${s.status}`],
    ['Batches', String(plan.batches.length)],
    ['Orders / lines', `${t.orders} / ${t.lines}`],
    ['Lines fulfilled', `${t.linesFulfilled} full, ${t.linesPartial} partial, ${t.lines - t.linesFulfilled - t.linesPartial} none`],
    ['Units fulfilled', `${t.unitsFulfilled} of ${t.units} (fill rate ${(t.fillRate * 100).toFixed(1)}%)${unitsBound(plan)}`],
    ...(s.priority && s.priority.value + (s.priority.bound ?? 0) > 0 ? [['Priority penalty', `${money(s.priority.value)}${s.priority.bound === null ? '' : `; least possible ${money(s.priority.bound)}`}`] as [string, string]] : []),
    ['Shipments', `${t.shipments} (${money(t.shipmentsPerOrder)} per order, ${plural(t.splitOrders, 'split order')})`],
    ['Total cost', `${money(t.cost)}${formatFactors(t.costByFactor)}${costBound(plan)}`],
    ['Exceptions', `${plan.exceptions.length} set aside before the run, ${t.lines - t.linesFulfilled - t.linesPartial} unassigned`],
    ['Time (ms)', Object.entries(plan.timings).map(([stage, ms]) => `${stage} ${Math.round(ms)}`).join(', ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  const warnings = plan.log.filter((e) => e.level === 'warn');
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((w) => `  ${w.message}`));
  return lines.join('\n');
}

/** An amount for people: thousands separated, at most two decimals. */
export function money(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function unitsBound(plan: Plan): string {
  const bound = plan.solver.units?.bound;
  if (bound === null || bound === undefined) return '';
  return bound === plan.totals.unitsFulfilled ? '; the most possible' : `; at most ${bound} possible`;
}

function costBound(plan: Plan): string {
  const cost = plan.solver.cost;
  if (!cost || cost.bound === null || cost.gap === null) return '';
  return `; bound ${money(cost.bound)}, gap ${gapPercent(cost.gap)}`;
}

/** A relative gap as a percentage people read: enough digits to show it is not zero. */
function gapPercent(gap: number): string {
  const percent = gap * 100;
  if (percent === 0) return '0%';
  return `${percent >= 0.01 ? percent.toFixed(2) : percent.toPrecision(2)}%`;
}

function formatFactors(costByFactor: Record<string, number>): string {
  const parts = Object.entries(costByFactor).map(([factor, cost]) => `${factor} ${money(cost)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

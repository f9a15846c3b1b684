import type { Plan } from '../../index.js';

/** A readable summary of a plan for the terminal. */
export function formatSummary(plan: Plan): string {
  const t = plan.totals;
  const s = plan.solver;
  const num = (v: number | null, digits = 2) => (v === null ? '-' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));
  const rows: Array<[string, string]> = [
    ['Profile', plan.profileId],
    ['Solver', `${s.id} (${s.kind}): ${s.status}`],
    ['Objective / bound / gap', `${num(s.objective)} / ${num(s.bound)} / ${s.gap === null ? '-' : `${(s.gap * 100).toFixed(4)}%`}`],
    ['Batches', String(plan.batches.length)],
    ['Orders / lines', `${t.orders} / ${t.lines}`],
    ['Lines fulfilled', `${t.linesFulfilled} full, ${t.linesPartial} partial, ${t.lines - t.linesFulfilled - t.linesPartial} none`],
    ['Units fulfilled', `${t.unitsFulfilled} of ${t.units} (fill rate ${(t.fillRate * 100).toFixed(1)}%)`],
    ['Shipments', `${t.shipments} (${num(t.shipmentsPerOrder)} per order, ${t.splitOrders} split orders)`],
    ['Total cost', `${num(t.cost)}${formatFactors(t.costByFactor)}`],
    ['Exceptions', `${plan.exceptions.length} set aside before the run, ${t.lines - t.linesFulfilled - t.linesPartial} unassigned`],
    ['Time (ms)', Object.entries(plan.timings).map(([stage, ms]) => `${stage} ${Math.round(ms)}`).join(', ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  const warnings = plan.log.filter((e) => e.level === 'warn');
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((w) => `  ${w.message}`));
  return lines.join('\n');
}

function formatFactors(costByFactor: Record<string, number>): string {
  const parts = Object.entries(costByFactor).map(([factor, cost]) => `${factor} ${cost.toLocaleString('en-US', { maximumFractionDigits: 2 })}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

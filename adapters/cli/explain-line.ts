import { readFileSync } from 'node:fs';
import { OpenDomError, planSchema, validateAgainst, type Plan, type PlanException, type PlanLine } from '../../index.js';
import { candidateComparison, remover } from '../../core/plan/explain-view.js';

/** Reads a plan written by `opendom run --out FILE`; a missing, unreadable or invalid file is a usage error. */
export function readPlan(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usage(`cannot read plan file "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); write one with opendom run --out FILE`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usage(`plan file "${file}" is not JSON: ${(error as Error).message}`);
  }
  const errors = validateAgainst(planSchema, value);
  if (errors.length > 0) {
    const shown = errors.slice(0, 3).map((e) => `${e.field || '(the file)'} ${e.message}`).join('; ');
    throw usage(`"${file}" is not an OpenDOM plan: ${shown}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`);
  }
  return value as Plan;
}

/** A line of the plan, or the exception of a line that was not brokered; an unknown id is a usage error. */
export function findLine(plan: Plan, lineId: string): PlanLine | PlanException {
  const found = plan.lines.find((l) => l.lineId === lineId) ?? plan.exceptions.find((e) => e.lineId === lineId);
  if (found) return found;
  const examples = plan.lines.slice(0, 3).map((l) => l.lineId).join(', ') || 'none';
  throw usage(`line "${lineId}" is not in plan ${plan.planId} (profile ${plan.profileId}, ${plan.lines.length} lines, e.g. ${examples})`);
}

/**
 * Why a line went where it went: the chosen location(s) with their cost
 * breakdown against the runners-up, and the candidates removed with reasons.
 */
export function formatLineExplanation(plan: Plan, line: PlanLine | PlanException): string {
  if (!('explanation' in line)) return `Line ${line.lineId} (order ${line.orderId ?? '-'}) was not brokered: ${line.exceptionType}\n  ${line.reason}`;
  const unit = plan.distanceUnit;
  const e = line.explanation;
  const out = [
    `Line ${line.lineId} (order ${line.orderId}): ${line.quantity} × ${line.variantId}, ${fulfilment(line)}`,
    `Decision: ${e.decision}`,
  ];
  if (line.assignments.length > 0) {
    out.push('', 'Assignments (a shipment’s cost is shared by its lines in proportion to units):');
    for (const a of line.assignments) {
      out.push(`  ${a.locationId}  ${a.quantity} units  ${num(a.distance)} ${unit}  cost ${num(a.cost)}${breakdown(a.costBreakdown)}`);
    }
  }
  const { factors, rows } = candidateComparison(e);
  if (rows.length > 0) {
    const cells = rows.map((r) => [r.locationId, num(r.distance), r.priorityTier === null ? '-' : String(r.priorityTier), num(r.cost), ...r.byFactor.map((c) => (c === null ? '-' : num(c))), r.outcome]);
    out.push('', 'Chosen against the runners-up (cost of the whole line alone at each location):', ...table([['location', unit, 'priority', 'cost', ...factors, 'outcome'], ...cells]));
  }
  // Plans stored by version 0.1.0 list every removal and have no counts.
  const byRule = e.removedByRule ?? [];
  const removedCount = byRule.length > 0 ? byRule.reduce((sum, r) => sum + r.count, 0) : e.removed.length;
  if (removedCount > 0) {
    const listed = e.removed.length < removedCount ? ` (the ${e.removed.length} nearest of ${removedCount})` : '';
    out.push('', `Removed candidates${listed}:`, ...table(e.removed.map((r) => [r.locationId, `${remover(r)}: ${r.reason}`])));
    if (byRule.length > 0) out.push('', 'Removed by rule:', ...table(byRule.map((r) => [String(r.count), `${remover(r)}: ${r.messageId}`])));
  }
  const without = e.locationsWithoutStock;
  if (without > 0) out.push('', `${without} location${without === 1 ? ' of the profile holds' : 's of the profile hold'} no stock of ${line.variantId}.`);
  return out.join('\n');
}

function fulfilment(line: PlanLine): string {
  if (line.fulfillmentType === 'none') return `not fulfilled (${line.exceptionType ?? 'no assignment'})`;
  const from = line.assignments.map((a) => a.locationId).join(', ');
  return `fulfilled ${line.fulfillmentType === 'full' ? 'in full' : 'in part'} from ${from}`;
}

/** Rows as aligned, indented columns; the last column is not padded. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`);
}

function breakdown(terms: PlanLine['assignments'][number]['costBreakdown']): string {
  return terms.length > 0 ? ` = ${terms.map((t) => `${t.factorId} ${num(t.amount)}`).join(' + ')}` : '';
}

function num(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function usage(message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_USAGE', message });
}

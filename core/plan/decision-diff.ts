import type { Id } from '../domain/types.js';
import type { Plan, PlanLine } from './plan.js';

/**
 * Why a line's assignment differs between two plans of the same orders
 * (docs/explain.md, "Decision diff"), judged from plan B's explanation of
 * the line, most specific first:
 *
 * - `rule-removes-old-location`: a rule removes the location A shipped from;
 * - `old-location-rejected`: that location rejected the line since;
 * - `stock-taken`: the old location no longer had the units (other orders of
 *   the run took them, or the stock fell);
 * - `old-location-dearer`: the old location is still a candidate, but costs
 *   more for the line than it did in A;
 * - `cheaper-location`: the old location costs what it did, and a cheaper
 *   one won;
 * - `no-longer-fulfilled` / `now-fulfilled`: one plan assigns nothing;
 * - `only-in-a` / `only-in-b`: the line is in one plan only (selected by one
 *   run only);
 * - `replanned`: none of these (the order's other lines, a shared
 *   shipment, the solver's choice between equal costs).
 */
export type DiffReason =
  | 'rule-removes-old-location'
  | 'old-location-rejected'
  | 'stock-taken'
  | 'old-location-dearer'
  | 'cheaper-location'
  | 'no-longer-fulfilled'
  | 'now-fulfilled'
  | 'only-in-a'
  | 'only-in-b'
  | 'replanned';

export interface ChangedLine {
  lineId: Id;
  orderId: Id;
  /** Each plan's assignments as `LOCATION×QTY`, empty when none (or not in that plan). */
  before: string[];
  after: string[];
  reason: DiffReason;
  /** What plan B's explanation says of it (the rule and its message, the costs compared). */
  detail: string;
}

export interface DecisionDiff {
  /** Lines in either plan. */
  lines: number;
  changed: ChangedLine[];
  /** Changed lines counted by reason, most first. */
  byReason: Array<{ reason: DiffReason; count: number }>;
}

const assigned = (l: PlanLine | undefined) => (l ? l.assignments.map((a) => `${a.locationId}×${a.quantity}`).sort() : []);

/** The lines whose assignment differs from plan A to plan B, each with why, and the counts by reason. */
export function diffPlans(a: Plan, b: Plan): DecisionDiff {
  const before = new Map(a.lines.map((l) => [l.lineId, l]));
  const after = new Map(b.lines.map((l) => [l.lineId, l]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const changed: ChangedLine[] = [];
  for (const lineId of ids) {
    const [old, now] = [before.get(lineId), after.get(lineId)];
    const [was, is] = [assigned(old), assigned(now)];
    if (old && now && was.join() === is.join()) continue;
    changed.push({ lineId, orderId: (old ?? now)!.orderId, before: was, after: is, ...why(old, now) });
  }
  const counts = new Map<DiffReason, number>();
  for (const c of changed) counts.set(c.reason, (counts.get(c.reason) ?? 0) + 1);
  return { lines: ids.length, changed, byReason: [...counts].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count) };
}

function why(old: PlanLine | undefined, now: PlanLine | undefined): { reason: DiffReason; detail: string } {
  if (!old) return { reason: 'only-in-b', detail: 'not selected by the run of plan A' };
  if (!now) return { reason: 'only-in-a', detail: 'not selected by the run of plan B' };
  if (old.assignments.length === 0) return { reason: 'now-fulfilled', detail: `unfulfilled in A (${old.exceptionType ?? 'no assignment'})` };
  const e = now.explanation;
  for (const { locationId } of old.assignments) {
    const removed = e.removed.find((r) => r.locationId === locationId);
    if (removed?.ruleId) return { reason: 'rule-removes-old-location', detail: `rule ${removed.ruleId} (${removed.pluginId}): ${removed.reason}` };
    if (removed?.messageId === 'rejectedRecently') return { reason: 'old-location-rejected', detail: removed.reason };
    if (removed && /stock/i.test(removed.messageId)) return { reason: 'stock-taken', detail: removed.reason };
  }
  if (now.assignments.length === 0) return { reason: 'no-longer-fulfilled', detail: `${now.exceptionType ?? 'no assignment'}: ${e.decision}` };
  const oldAt = old.assignments[0]!.locationId;
  const costBefore = [...old.explanation.chosen, ...old.explanation.alternatives].find((c) => c.locationId === oldAt)?.cost;
  const costNow = [...e.chosen, ...e.alternatives].find((c) => c.locationId === oldAt)?.cost;
  const newAt = e.chosen[0];
  if (costBefore !== undefined && costNow !== undefined && costNow > costBefore + 1e-9) {
    return { reason: 'old-location-dearer', detail: `${oldAt} costs ${round(costNow)} for the line, ${round(costBefore)} in A` };
  }
  if (costNow !== undefined && newAt && newAt.cost < costNow - 1e-9) {
    return { reason: 'cheaper-location', detail: `${newAt.locationId} costs ${round(newAt.cost)}, ${oldAt} ${round(costNow)}` };
  }
  return { reason: 'replanned', detail: e.decision };
}

const round = (v: number) => Math.round(v * 100) / 100;

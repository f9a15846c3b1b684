import { OpenDomError } from '../errors/errors.js';
import type { FulfillmentProblem } from '../model/problem.js';
import { withArcs } from '../model/prune-candidates.js';
import type { Plan } from '../plan/plan.js';
import type { SelectedOrder } from '../pipeline/select-lines.js';
import { RunLedger } from './ledger.js';

/**
 * Why a line of a plan did not go to a location (docs/explain.md, "Why not
 * this location"), one of:
 *
 * - `chosen`: it did;
 * - `not-a-location`: the location is not one the run's profile ships from;
 * - `removed`: a rule (or the engine: a rejection) removed the location
 *   before the solve — with the rule's message (its value and limit) and
 *   whether the rule is soft (what iteration 2 did);
 * - `capacity`: the location's order limit was used up — the limit, and
 *   the orders of the plan that took its slots before the line's batch;
 * - `no-stock`: the location had no usable stock for the line — how much,
 *   and the earlier lines of the plan that took it;
 * - `dearer`: the location was a candidate; the line's independent part of
 *   the batch is solved again with the line forced there — the cost
 *   difference by cost factor, units the plan would lose, and every other
 *   line that would move.
 */
export type WhyNot = { planId: string; lineId: string; locationId: string; summary: string } & (
  | { kind: 'chosen' }
  | { kind: 'not-a-location' }
  | { kind: 'removed'; ruleId: string | null; pluginId: string | null; messageId: string; reason: string; soft: boolean }
  | { kind: 'capacity'; ruleId: string | null; reason: string; usedBy: string[] }
  | { kind: 'no-stock'; reason: string; takenBy: Array<{ orderId: string; lineId: string; quantity: number }> }
  | { kind: 'dearer'; costDifference: number; byFactor: Record<string, number>; unitsLost: number; moves: Array<{ lineId: string; from: string[]; to: string[] }> }
);

/** What answering needs of the engine: the run's batches as the plan's run formed them, and its stages. */
export interface WhyNotContext {
  plan: Plan;
  batches: SelectedOrder[][];
  /** The profile's locations (the run's location set). */
  locationIds: Set<string>;
  /** Whether the rule of this id is soft (iteration 2 drops it). */
  isSoft(ruleId: string): boolean;
  /** The problem of some of a batch's orders in iteration 1, against the ledger, every removal listed. */
  filter(orders: SelectedOrder[], ledger: RunLedger): Promise<FulfillmentProblem>;
  /** The solver's arc quantities for a problem. */
  solve(problem: FulfillmentProblem): Promise<number[]>;
}

const MAX_ORDERS_PLUGIN = 'dom/max-orders';

export async function whyNot(ctx: WhyNotContext, lineId: string, locationId: string): Promise<WhyNot> {
  const { plan } = ctx;
  const head = { planId: plan.planId, lineId, locationId };
  const line = plan.lines.find((l) => l.lineId === lineId);
  if (!line) throw OpenDomError.of({ code: 'E_USAGE', message: `line "${lineId}" is not among the lines plan ${plan.planId} planned${plan.exceptions.some((e) => e.lineId === lineId) ? ' (it was set aside before the run: opendom explain shows why)' : ''}` });
  const mismatch = (why: string) => OpenDomError.of({ code: 'E_USAGE', message: `the data given is not the data plan ${plan.planId} was made from: ${why}; give the snapshot of its run (opendom snapshot) or the dataset it ran on` });
  const shipping = [...new Set(plan.lines.flatMap((l) => l.assignments.map((a) => a.locationId)))].filter((id) => !ctx.locationIds.has(id));
  if (shipping.length > 0) throw mismatch(`the plan ships from ${shipping.slice(0, 3).join(', ')}, which the profile's locations in this data do not include`);
  const batch = ctx.batches.findIndex((orders) => orders.some((o) => o.order.id === line.orderId));
  const selected = new Set(ctx.batches[batch]?.flatMap((o) => o.lines.map((l) => l.id)) ?? []);
  const planned = plan.lines.filter((l) => l.batch === line.batch);
  if (batch !== line.batch || planned.some((l) => !selected.has(l.lineId))) throw mismatch(`its batch ${line.batch} (of line ${lineId}) holds other lines here`);
  if (line.assignments.some((a) => a.locationId === locationId)) return { ...head, kind: 'chosen', summary: `${locationId} ships the line in plan ${plan.planId}` };
  if (!ctx.locationIds.has(locationId)) return { ...head, kind: 'not-a-location', summary: `${locationId} is not a location profile ${plan.profileId} ships from` };
  const earlier = plan.lines.filter((l) => l.batch < batch);
  const ledger = new RunLedger();
  for (const l of earlier) for (const a of l.assignments) ledger.take(l.variantId, a.locationId, l.orderId, a.quantity);

  const problem = await ctx.filter(ctx.batches[batch]!, ledger.fork());
  const at = problem.lines.find((l) => l.line.id === lineId);
  if (!at) throw OpenDomError.of({ code: 'E_USAGE', message: `the data given does not select line ${lineId}; give the snapshot of plan ${plan.planId}'s run` });
  const arc = at.arcs.map((a) => problem.arcs.at(a)).find((a) => problem.locations[a.location]!.location.id === locationId);
  if (!arc) return removedAnswer(ctx, head, problem, at.index, line.variantId, earlier);
  const place = problem.locations[arc.location]!;
  if (place.orderCapacity === 0) {
    const [verdict] = place.capacityReasons;
    return capacityAnswer(head, verdict?.ruleId ?? null, verdict?.message ?? `${locationId} may take no more orders`, earlier);
  }
  return dearerAnswer(ctx, head, problem, at.index, ledger);
}

function removedAnswer(ctx: WhyNotContext, head: { planId: string; lineId: string; locationId: string }, problem: FulfillmentProblem, lineIndex: number, variantId: string, earlier: Plan['lines']): WhyNot {
  const { locationId } = head;
  const removal = problem.removals.find((r) => r.line === lineIndex && r.locationId === locationId);
  const takenBy = earlier.flatMap((l) => (l.variantId === variantId ? l.assignments.filter((a) => a.locationId === locationId).map((a) => ({ orderId: l.orderId, lineId: l.lineId, quantity: a.quantity })) : []));
  if (!removal) return { ...head, kind: 'no-stock', reason: `${locationId} holds no stock record of ${variantId}`, takenBy, summary: `${locationId} holds no ${variantId}` };
  const { ruleId, pluginId, messageId, message } = removal.reason;
  if (pluginId === MAX_ORDERS_PLUGIN) return capacityAnswer(head, ruleId, message, earlier);
  if (ruleId === null && /stock/i.test(messageId)) {
    const units = takenBy.reduce((sum, t) => sum + t.quantity, 0);
    return { ...head, kind: 'no-stock', reason: message, takenBy, summary: `${message}${takenBy.length > 0 ? `; earlier batches of this plan took ${units} unit(s) there for ${takenBy.length} line(s)` : ''}` };
  }
  const soft = ruleId !== null && ctx.isSoft(ruleId);
  const second = soft ? (problemLineAssignedInIteration(ctx.plan, head.lineId) === 2 ? ' Iteration 2 dropped it for this line, and the line still went elsewhere.' : ' It is soft: iteration 2 drops it only for lines iteration 1 leaves unassigned, and this line was assigned in iteration 1.') : '';
  return { ...head, kind: 'removed', ruleId, pluginId, messageId, reason: message, soft, summary: `${ruleId ? `rule ${ruleId} (${pluginId})` : 'the engine'} removed ${locationId} before the solve: ${message}.${second}` };
}

/** The location's order limit was used up before the line's batch: by open orders before the run and the plan's earlier orders there. */
function capacityAnswer(head: { planId: string; lineId: string; locationId: string }, ruleId: string | null, reason: string, earlier: Plan['lines']): WhyNot {
  const usedBy = [...new Set(earlier.filter((l) => l.assignments.some((a) => a.locationId === head.locationId)).map((l) => l.orderId))];
  return { ...head, kind: 'capacity', ruleId, reason, usedBy, summary: `${head.locationId} had no order slot left (${reason}); ${usedBy.length} order(s) of this plan took slots there in earlier batches` };
}

function problemLineAssignedInIteration(plan: Plan, lineId: string): 1 | 2 | null {
  return plan.lines.find((l) => l.lineId === lineId)?.iteration ?? null;
}

/** Forces the line to the location in its independent part of the batch and compares the two solutions. */
async function dearerAnswer(ctx: WhyNotContext, head: { planId: string; lineId: string; locationId: string }, problem: FulfillmentProblem, lineIndex: number, ledger: RunLedger): Promise<WhyNot> {
  const orderIds = componentOrders(problem, problem.lines[lineIndex]!.order);
  const part = await ctx.filter(ctx.batches[ctx.plan.lines.find((l) => l.lineId === head.lineId)!.batch]!.filter((o) => orderIds.has(o.order.id)), ledger.fork());
  const line = part.lines.find((l) => l.line.id === head.lineId)!;
  const forcedArc = line.arcs.find((a) => part.locations[part.arcs.location[a]!]!.location.id === head.locationId)!;
  const keep = new Uint8Array(part.arcs.length).fill(1);
  for (const a of line.arcs) if (a !== forcedArc) keep[a] = 0;
  const forced = withArcs(part, keep, () => ({ messageId: 'whyNotForced', message: `left out to force the line to ${head.locationId}`, data: { location: head.locationId } }));
  // The plan's own answer for the part is the base: the part is independent of the rest of the batch, so the plan solved it as it would alone.
  const base = planQuantities(ctx.plan, part);
  const moved = await ctx.solve(forced);
  const at = (p: FulfillmentProblem, q: number[]) => new Map(p.lines.map((l) => [l.line.id, l.arcs.filter((a) => q[a]! > 0).map((a) => `${p.locations[p.arcs.location[a]!]!.location.id}×${q[a]}`).sort()]));
  const [before, after] = [at(part, base), at(forced, moved)];
  const units = (q: number[]) => q.reduce((sum, v) => sum + v, 0);
  const [costBefore, costAfter] = [costByFactor(part, base), costByFactor(forced, moved)];
  const byFactor = Object.fromEntries([...new Set([...Object.keys(costBefore), ...Object.keys(costAfter)])].map((f) => [f, round((costAfter[f] ?? 0) - (costBefore[f] ?? 0))]));
  const costDifference = round(Object.values(byFactor).reduce((sum, v) => sum + v, 0));
  const moves = [...before].filter(([id, was]) => id !== head.lineId && was.join() !== (after.get(id) ?? []).join()).map(([id, was]) => ({ lineId: id, from: was, to: after.get(id) ?? [] }));
  const unitsLost = units(base) - units(moved);
  const forcedTo = after.get(head.lineId) ?? [];
  const shipped = forcedTo.length > 0 ? `shipped from ${head.locationId}` : `forced to ${head.locationId}, the line would ship nothing (the units there serve the plan better elsewhere)`;
  const parts = Object.entries(byFactor).filter(([, v]) => v !== 0).map(([f, v]) => `${f} ${v > 0 ? '+' : ''}${v}`);
  return {
    ...head,
    kind: 'dearer',
    costDifference,
    byFactor,
    unitsLost,
    moves,
    summary: `${head.locationId} was a candidate; ${shipped}, the plan would cost ${costDifference >= 0 ? `${costDifference} more` : `${-costDifference} less`}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${unitsLost > 0 ? `, fulfil ${unitsLost} unit(s) fewer` : ''}${moves.length > 0 ? ` and move ${moves.length} other line(s)` : ''}`,
  };
}

/** The quantities the plan's first iteration ships on each arc of the problem. */
function planQuantities(plan: Plan, problem: FulfillmentProblem): number[] {
  const shipped = new Map<string, number>();
  for (const l of plan.lines) if (l.iteration === 1) for (const a of l.assignments) shipped.set(`${l.lineId}\u0000${a.locationId}`, a.quantity);
  const { arcs } = problem;
  return Array.from({ length: arcs.length }, (_, a) => shipped.get(`${problem.lines[arcs.line[a]!]!.line.id}\u0000${problem.locations[arcs.location[a]!]!.location.id}`) ?? 0);
}

/**
 * The order's independent part of the batch: the orders linked to it,
 * directly or through others, by a stock entry their lines could ask more
 * of than it holds, or a capped location more of them could use than its
 * capacity. A row no choice can violate links nothing: the orders on it are
 * planned independently, so the part solved alone gives the batch's answer.
 */
function componentOrders(problem: FulfillmentProblem, order: number): Set<string> {
  const demand = new Float64Array(problem.stock.length);
  const ordersAt = problem.locations.map(() => new Set<number>());
  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const line = problem.lines[arcs.line[a]!]!;
    demand[arcs.stock[a]!]! += line.line.quantity;
    ordersAt[arcs.location[a]!]!.add(line.order);
  }
  const contested = (a: number) => {
    const stock = arcs.stock[a]!;
    const location = problem.locations[arcs.location[a]!]!;
    return [
      ...(demand[stock]! > problem.stock[stock]!.usable ? [`s${stock}`] : []),
      ...(location.orderCapacity !== null && ordersAt[location.index]!.size > location.orderCapacity ? [`l${location.index}`] : []),
    ];
  };
  const parent = problem.orders.map((o) => o.index);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  for (let a = 0; a < arcs.length; a++) {
    const o = problem.lines[arcs.line[a]!]!.order;
    for (const key of contested(a)) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, o);
      else parent[find(o)] = find(other);
    }
  }
  const root = find(order);
  return new Set(problem.orders.filter((o) => find(o.index) === root).map((o) => o.order.id));
}

/** The cost of a solution by cost factor: each used arc's costs, and each shipment it opens once. */
export function costByFactor(problem: FulfillmentProblem, arcQuantities: ArrayLike<number>): Record<string, number> {
  const total: Record<string, number> = {};
  const add = (terms: Array<{ factorId: string; amount: number }>, times = 1) => {
    for (const t of terms) total[t.factorId] = (total[t.factorId] ?? 0) + t.amount * times;
  };
  const opened = new Set<number>();
  const { arcs } = problem;
  for (let a = 0; a < arcs.length; a++) {
    const quantity = arcQuantities[a] ?? 0;
    if (quantity <= 0) continue;
    add(arcs.assignmentCosts(a));
    add(arcs.unitCosts(a), quantity);
    opened.add(arcs.shipment[a]!);
  }
  for (const s of opened) if (!problem.shipments.existing[s]) add(problem.shipments.costs(s));
  return total;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

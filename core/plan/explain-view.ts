import type { CandidateRemoval, LineExplanation } from './plan.js';

/**
 * How a line's explanation is shown — by `opendom explain` and by the
 * dashboard alike: the chosen location(s) against the runners-up, one cost
 * column per factor met in any row, and the removed candidates by rule.
 * Type-only imports: the dashboard bundles this file for the browser.
 */
export interface CandidateRow {
  locationId: string;
  distance: number;
  priorityTier: number | null;
  cost: number;
  /** The cost of each of the comparison's factors, in its order; null where the factor adds nothing. */
  byFactor: Array<number | null>;
  /** `chosen`, or why it lost. */
  outcome: string;
}

export function candidateComparison(e: LineExplanation): { factors: string[]; rows: CandidateRow[] } {
  const compared = [...e.chosen.map((c) => ({ ...c, outcome: 'chosen' })), ...e.alternatives.map((a) => ({ ...a, outcome: a.whyNot }))];
  const factors = [...new Set(compared.flatMap((r) => r.costBreakdown.map((t) => t.factorId)))];
  const rows = compared.map((r) => {
    const byFactor = new Map(r.costBreakdown.map((t) => [t.factorId, t.amount]));
    return { locationId: r.locationId, distance: r.distance, priorityTier: r.priorityTier, cost: r.cost, byFactor: factors.map((f) => byFactor.get(f) ?? null), outcome: r.outcome };
  });
  return { factors, rows };
}

/** Who removed a candidate: a rule with its plugin, or the engine. */
export function remover(r: { ruleId: string | null; pluginId: string | null }): string {
  return r.ruleId ? `rule ${r.ruleId} (${r.pluginId})` : 'engine';
}

/** Removed candidates of a line: how many in all, and the listed ones (the nearest) grouped by who removed them, each group with its count. */
export function removalsByRule(e: LineExplanation): { total: number; groups: Array<{ remover: string; count: number; messages: string[]; listed: CandidateRemoval[] }> } {
  // Plans stored by version 0.1.0 list every removal and have no counts.
  const byRule = e.removedByRule ?? [];
  const groups = new Map<string, { remover: string; count: number; messages: string[]; listed: CandidateRemoval[] }>();
  const group = (name: string) => groups.get(name) ?? groups.set(name, { remover: name, count: 0, messages: [], listed: [] }).get(name)!;
  for (const r of byRule) {
    const g = group(remover(r));
    g.count += r.count;
    g.messages.push(r.messageId);
  }
  for (const r of e.removed) group(remover(r)).listed.push(r);
  if (byRule.length === 0) for (const g of groups.values()) g.count = g.listed.length;
  const total = [...groups.values()].reduce((sum, g) => sum + g.count, 0);
  return { total, groups: [...groups.values()] };
}

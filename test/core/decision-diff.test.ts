import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanLine } from '../../index.js';
import { diffPlans } from '../../core/plan/decision-diff.js';
import { readPlan } from '../../adapters/cli/explain-line.js';
import { cli } from '../e2e/cli-process.js';

type Cost = { locationId: string; cost: number };
/** A plan line shipping all of its 1 unit from `at` (or nothing), with the explanation's candidates and removals as given. */
function line(lineId: string, at: string | null, e: { chosen?: Cost[]; alternatives?: Cost[]; removed?: Array<{ locationId: string; ruleId?: string; messageId: string }> } = {}): PlanLine {
  const candidate = (c: Cost) => ({ locationId: c.locationId, distance: 1, cost: c.cost, costBreakdown: [], priorityTier: null });
  return {
    orderId: `O-${lineId}`, lineId, variantId: 'V', quantity: 1, fulfillmentType: at ? 'full' : 'none', split: false, locationCount: at ? 1 : 0, splitInto: [], iteration: at ? 1 : null, batch: 0,
    assignments: at ? [{ locationId: at, quantity: 1, distance: 1, cost: 1, costBreakdown: [], priorityTier: null }] : [],
    exceptionType: at ? null : 'no-quantity-available',
    explanation: {
      candidates: 1, locationsWithoutStock: 0, removedByRule: [],
      removed: (e.removed ?? []).map((r) => ({ locationId: r.locationId, ruleId: r.ruleId ?? null, pluginId: r.ruleId ? 'dom/offline-location' : null, messageId: r.messageId, reason: `${r.locationId}: ${r.messageId}` })),
      decision: at ? `shipped from ${at}` : 'nothing assigned',
      chosen: (e.chosen ?? []).map(candidate),
      alternatives: (e.alternatives ?? []).map((c) => ({ ...candidate(c), whyNot: 'costs more' })),
    },
  };
}
const plan = (planId: string, lines: PlanLine[]) => ({ planId, lines }) as unknown as Plan;

/** Plans A and B built by hand: one line per reason, and one that did not change. */
const A = plan('A', [
  line('same', 'X', { chosen: [{ locationId: 'X', cost: 5 }] }),
  line('rule', 'X'), line('rejected', 'X'), line('stock', 'X'),
  line('dearer', 'X', { chosen: [{ locationId: 'X', cost: 10 }] }),
  line('cheaper', 'X', { chosen: [{ locationId: 'X', cost: 10 }] }),
  line('lost', 'X'), line('won', null), line('gone', 'X'), line('other', 'X'),
]);
const B = plan('B', [
  line('same', 'X', { chosen: [{ locationId: 'X', cost: 5 }] }),
  line('rule', 'Y', { removed: [{ locationId: 'X', ruleId: 'rule-offline', messageId: 'offline' }] }),
  line('rejected', 'Y', { removed: [{ locationId: 'X', messageId: 'rejectedRecently' }] }),
  line('stock', 'Y', { removed: [{ locationId: 'X', messageId: 'stockUsed' }] }),
  line('dearer', 'Y', { chosen: [{ locationId: 'Y', cost: 12 }], alternatives: [{ locationId: 'X', cost: 15 }] }),
  line('cheaper', 'Y', { chosen: [{ locationId: 'Y', cost: 8 }], alternatives: [{ locationId: 'X', cost: 10 }] }),
  line('lost', null), line('won', 'Y'), line('new', 'Y'), line('other', 'Y'),
]);

describe('decision diff', () => {
  it('groups every changed line of two hand-built plans by the hand-computed reason', () => {
    const diff = diffPlans(A, B);
    expect(diff.lines).toBe(11);
    expect(Object.fromEntries(diff.changed.map((c) => [c.lineId, c.reason]))).toEqual({
      rule: 'rule-removes-old-location', rejected: 'old-location-rejected', stock: 'stock-taken', dearer: 'old-location-dearer', cheaper: 'cheaper-location',
      lost: 'no-longer-fulfilled', won: 'now-fulfilled', gone: 'only-in-a', new: 'only-in-b', other: 'replanned',
    });
    expect(diff.byReason.every((r) => r.count === 1)).toBe(true);
    expect(diff.changed.find((c) => c.lineId === 'dearer')).toMatchObject({ before: ['X×1'], after: ['Y×1'], detail: 'X costs 15 for the line, 10 in A' });
    expect(diff.changed.find((c) => c.lineId === 'rule')!.detail).toBe('rule rule-offline (dom/offline-location): X: offline');
  });

  it('fails a regression check over --max-changed with exit code 3, and passes one under it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opendom-diff-'));
    try {
      // Real plans read back as files: the hand-built lines are not a valid plan document, so a run writes them.
      const run = (out: string, solver: string) => cli(['run', '--data', 'examples/retail', '--profile', 'standard-ship', '--as-of', '2026-11-20T00:00:00Z', '--solver', solver, '--out', out, '--progress', 'none']);
      expect((await run(join(dir, 'highs.json'), 'dom/highs')).code).toBe(0);
      expect((await run(join(dir, 'greedy.json'), 'dom/greedy')).code).toBe(0);
      const expected = diffPlans(readPlan(join(dir, 'highs.json')), readPlan(join(dir, 'greedy.json')));
      const share = (expected.changed.length / expected.lines) * 100;
      expect(share).toBeGreaterThan(1);
      const over = await cli(['diff', join(dir, 'highs.json'), join(dir, 'greedy.json'), '--max-changed', '1%']);
      expect(over.code).toBe(3);
      expect(over.stdout).toContain(`${expected.changed.length} of ${expected.lines.toLocaleString('en-US')} lines changed`);
      expect(over.stderr).toContain('more than --max-changed 1 %');
      const json = await cli(['diff', join(dir, 'highs.json'), join(dir, 'greedy.json'), '--json', '--max-changed', String(Math.ceil(share))]);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).byReason).toEqual(expected.byReason);
      writeFileSync(join(dir, 'bad.json'), '{}');
      const bad = await cli(['diff', join(dir, 'bad.json'), join(dir, 'greedy.json')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('is not an OpenDOM plan');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

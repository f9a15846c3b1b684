import { describe, it } from 'vitest';
import { location, order, rule, RuleTester, scenario, stock } from 'opendom/testing';
import { maxRejectsRule } from './max-rejects.rule.js';

// Runs at 2026-11-20T12:00Z with the default rejection period of 7 days. A 10 mi, B 50 mi.
const locations = [location('A', 10), location('B', 50)];
const inventory = [stock('V1', 'A', 5), stock('V1', 'B', 5)];
const rejects = (max: number, extra: Record<string, unknown> = {}) => rule('rejects', 'dom/max-rejects', { maxRejections: max }, extra);
/** An order for one V1 whose line, back in the pool after a rejection, was rejected by these locations at these times. */
const rejectedOrder = (id: string, rejections: Array<[string, string]>) => {
  const base = order(id, [['V1', 1]]);
  const history = rejections.map(([locationId, at]) => ({ locationId, at }));
  return { ...base, lines: base.lines.map((l) => ({ ...l, domStatus: 'exception', exceptionType: 'rejected', attempts: 1, rejections: history })) };
};

new RuleTester({ describe, it, solvers: ['dom/highs', 'dom/greedy'] }).run(maxRejectsRule, [
  {
    name: 'a line that reached the threshold becomes a permanent exception and is not brokered',
    records: scenario({
      locations,
      inventory,
      rules: [rejects(2)],
      orders: [rejectedOrder('O1', [['A', '2026-11-01T00:00:00Z'], ['B', '2026-11-02T00:00:00Z']]), rejectedOrder('O2', [['B', '2026-11-01T00:00:00Z']])],
    }),
    expect: {
      exceptions: [{ lineId: 'O1-1', exceptionType: 'maximum-rejections' }],
      // O2 was rejected once, long ago (beyond 7 days): every location is a candidate again.
      assignments: { 'O2-1': { A: 1 } },
    },
  },
  {
    name: 'the lowest of several thresholds applies',
    records: scenario({
      locations,
      inventory,
      rules: [rejects(3), { ...rejects(1), id: 'rejects-once' }],
      orders: [rejectedOrder('O1', [['A', '2026-11-01T00:00:00Z']])],
    }),
    expect: { exceptions: [{ lineId: 'O1-1', exceptionType: 'maximum-rejections' }], totals: { units: 1, unitsFulfilled: 0, fillRate: 0 } },
  },
  {
    name: 'a reset restarts the count: rejections before rejectionsResetAt do not count, and still keep their location out for the period',
    // Two rejections (A, B) before a reset on 2026-11-19 and none since: below the threshold of 2; A (rejected on the 18th) is out, B (long ago) ships.
    records: scenario({
      locations,
      inventory,
      rules: [rejects(2)],
      orders: [(() => {
        const base = rejectedOrder('O1', [['B', '2026-11-01T00:00:00Z'], ['A', '2026-11-18T00:00:00Z']]);
        return { ...base, lines: base.lines.map((l) => ({ ...l, domStatus: 'none', exceptionType: null, attempts: 0, rejectionsResetAt: '2026-11-19T00:00:00Z' })) };
      })()],
    }),
    expect: { assignments: { 'O1-1': { B: 1 } }, removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'rejectedRecently' }] },
  },
  {
    name: 'with an offline rule: a line below the threshold avoids both the rejecting and the offline location',
    // A rejected O1 yesterday (within the period), B is offline: C ships.
    records: scenario({
      locations: [...locations, location('C', 90)],
      inventory: [...inventory, stock('V1', 'C', 5)],
      rules: [rejects(3), rule('b-off', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['B'] } })],
      orders: [rejectedOrder('O1', [['A', '2026-11-19T00:00:00Z']])],
    }),
    expect: {
      assignments: { 'O1-1': { C: 1 } },
      removed: [
        { lineId: 'O1-1', locationId: 'A', messageId: 'rejectedRecently' },
        { lineId: 'O1-1', locationId: 'B', messageId: 'offline', ruleId: 'b-off' },
      ],
    },
  },
  {
    name: 'a threshold of 0 is refused',
    records: scenario({ locations, rules: [rejects(0)] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'rejects', field: 'options.maxRejections' },
  },
  {
    name: 'a location scope is refused',
    records: scenario({ locations, rules: [rejects(2, { scope: { locationIds: ['A'] } })] }),
    error: { code: 'E_PLUGIN_OPTIONS', recordId: 'rejects', field: 'scope' },
  },
]);

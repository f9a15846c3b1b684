import { describe, it } from 'vitest';
import { RuleTester } from '../../../test/plugin-tester/rule-tester.js';
import { location, order, rule, scenario, stock } from '../../../test/fixtures/scenario.js';
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

new RuleTester({ describe, it }).run(maxRejectsRule, [
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
    name: 'a location that rejected the line recently is not a candidate until the period has passed',
    records: scenario({
      locations,
      inventory,
      rules: [rejects(5)],
      orders: [rejectedOrder('O1', [['A', '2026-11-17T00:00:00Z']]), rejectedOrder('O2', [['A', '2026-11-13T11:00:00Z']])],
    }),
    expect: {
      // O1: A rejected 3 days ago: B ships. O2: A rejected 7 days and an hour ago: A again.
      assignments: { 'O1-1': { B: 1 }, 'O2-1': { A: 1 } },
      removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'rejectedRecently', ruleId: 'rejects' }],
    },
  },
  {
    name: 'with an offline rule: a soft rejection period is dropped in iteration 2, the threshold still holds',
    // B is offline (hard). O1 was rejected by A yesterday: nothing in iteration 1, A in iteration 2.
    records: scenario({
      locations,
      inventory,
      rules: [rejects(3), rule('b-off', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['B'] } })],
      orders: [rejectedOrder('O1', [['A', '2026-11-19T00:00:00Z']])],
    }),
    expect: { assignments: { 'O1-1': { A: 1 } }, iterations: { 'O1-1': 2 } },
  },
  {
    name: 'a hard rule keeps the recently rejecting location out in both iterations',
    records: scenario({
      locations: [location('A', 10)],
      inventory: [stock('V1', 'A', 5)],
      rules: [rejects(3, { hardConstraint: true }), rule('far', 'dom/max-distance', { maxDistance: 1 })],
      orders: [rejectedOrder('O1', [['A', '2026-11-19T00:00:00Z']])],
    }),
    expect: { assignments: { 'O1-1': {} }, removed: [{ lineId: 'O1-1', locationId: 'A', messageId: 'rejectedRecently' }] },
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

import { describe, expect, it } from 'vitest';
import { assignmentsOf, location, order, runScenario, scenario, stock } from 'opendom/testing';

/** An order for one V1 whose line, back in the pool after a rejection, was rejected by these locations at these times. */
function rejectedOrder(id: string, rejections: Array<[string, string]>) {
  const base = order(id, [['V1', 1]]);
  const history = rejections.map(([locationId, at]) => ({ locationId, at }));
  return { ...base, lines: base.lines.map((l) => ({ ...l, domStatus: 'exception', exceptionType: 'rejected', attempts: 1, rejections: history })) };
}

// The run is at 2026-11-20T12:00Z. A is 10 mi away, B 50 mi; both hold V1. No rule in the profile.
const base = { locations: [location('A', 10), location('B', 50)], inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)] };

describe('rejection period (docs/spec.md §4.5, §6): for every run, with or without the maximum rejects rule', () => {
  it('a location that rejected the line within the period is not a candidate; after it, it is again', async () => {
    const plan = await runScenario(
      scenario({ ...base, orders: [rejectedOrder('O1', [['A', '2026-11-17T00:00:00Z']]), rejectedOrder('O2', [['A', '2026-11-13T11:00:00Z']])] }),
    );
    // O1: A rejected 3½ days ago (period 7 days): B ships. O2: 7 days and an hour ago: A again.
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 1 });
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 });
    expect(plan.lines.find((l) => l.lineId === 'O1-1')!.explanation.removed).toEqual([
      {
        locationId: 'A',
        ruleId: null,
        pluginId: null,
        messageId: 'rejectedRecently',
        reason: 'A rejected the line on 2026-11-17T00:00:00Z; it is not a candidate again before 2026-11-24T00:00:00.000Z (rejection period 7 days)',
      },
    ]);
  });

  it('the period comes from rejectionPeriodDays, counted from the latest rejection at the location', async () => {
    const records = scenario({ ...base, orders: [rejectedOrder('O1', [['A', '2026-11-19T00:00:00Z'], ['A', '2026-11-10T00:00:00Z']])] });
    records.parameters = { distanceUnit: 'mi', rejectionPeriodDays: 1 };
    // Latest rejection 1½ days ago, period 1 day: A is a candidate again.
    expect(assignmentsOf(await runScenario(records), 'O1-1')).toEqual({ A: 1 });
    records.parameters = { distanceUnit: 'mi', rejectionPeriodDays: 2 };
    expect(assignmentsOf(await runScenario(records), 'O1-1')).toEqual({ B: 1 });
  });

  it('a line rejected everywhere within the period waits', async () => {
    const plan = await runScenario(scenario({ ...base, orders: [rejectedOrder('O1', [['A', '2026-11-19T00:00:00Z'], ['B', '2026-11-19T06:00:00Z']])] }));
    expect(plan.lines[0]).toMatchObject({ fulfillmentType: 'none', exceptionType: 'no-quantity-available' });
    expect(plan.lines[0]!.explanation.removed.map((r) => r.locationId)).toEqual(['A', 'B']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Removal } from '../../core/model/problem.js';
import { LineRemovals } from '../../core/model/removals.js';
import { location, order, rule, runScenario, scenario, stock } from 'opendom/testing';

const reason = (text: string): Removal['reason'] => ({ ruleId: 'r', pluginId: 'dom/max-distance', messageId: 'tooFar', message: text, data: {} });

/** Counts a removal and lists it when it is among the nearest, as the filter stage does. */
function remove(removals: LineRemovals, locationId: string, distance: number, messageId = 'tooFar'): void {
  if (messageId === 'tooFar') removals.count('r', 'dom/max-distance', messageId);
  else removals.count(null, null, messageId);
  if (removals.wants(distance)) removals.list(locationId, distance, reason(locationId));
}

describe('LineRemovals', () => {
  it('lists the nearest removals in the order they were found and counts every one by rule and message', () => {
    const removals = new LineRemovals(2);
    remove(removals, 'A', 300);
    remove(removals, 'B', 100);
    remove(removals, 'C', 200);
    remove(removals, 'D', 50, 'stockUsed');
    remove(removals, 'E', 150);
    const listed: Removal[] = [];
    const counts = removals.finish(7, listed);
    expect(listed.map((r) => [r.line, r.locationId, r.reason.message])).toEqual([
      [7, 'B', 'B'],
      [7, 'D', 'D'],
    ]);
    expect(counts).toEqual([
      { ruleId: 'r', pluginId: 'dom/max-distance', messageId: 'tooFar', count: 4 },
      { ruleId: null, pluginId: null, messageId: 'stockUsed', count: 1 },
    ]);
  });

  it('makes a reason given as a function only for the removals still listed when the line is done, once each', () => {
    const removals = new LineRemovals(2);
    const made: string[] = [];
    const later = (id: string) => () => (made.push(id), reason(id));
    for (const [id, distance] of [['A', 300], ['B', 100], ['C', 200], ['D', 50]] as const) {
      removals.count('r', 'dom/max-distance', 'tooFar');
      if (removals.wants(distance)) removals.list(id, distance, later(id));
    }
    expect(made).toEqual([]);
    const listed: Removal[] = [];
    removals.finish(0, listed);
    expect(listed.map((r) => r.reason.message)).toEqual(['B', 'D']);
    expect(made.sort()).toEqual(['B', 'D']);
  });

  it('wants no removal once the list is full of nearer ones, and none at all with a limit of 0', () => {
    const removals = new LineRemovals(1);
    remove(removals, 'A', 10);
    expect(removals.wants(20)).toBe(false);
    expect(removals.wants(5)).toBe(true);
    expect(new LineRemovals(0).wants(1)).toBe(false);
  });
});

describe('removed candidates in the plan', () => {
  // Six stocked locations due north at 150…400 mi, a 100-mile limit: every one is removed.
  const miles = [400, 150, 350, 200, 300, 250];
  const records = scenario({
    locations: miles.map((m, i) => location(`L${i}`, m)),
    inventory: miles.map((_, i) => stock('V1', `L${i}`, 5)),
    rules: [rule('r-100', 'dom/max-distance', { maxDistance: 100 }, { hardConstraint: true })],
    orders: [order('O1', [['V1', 1]])],
  });

  it('lists the nearest removals (default 10: all six here) and counts them all', async () => {
    const line = (await runScenario(records)).lines[0]!;
    expect(line.explanation.removed.map((r) => r.locationId)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'L5']);
    expect(line.explanation.removedByRule).toEqual([{ ruleId: 'r-100', pluginId: 'dom/max-distance', messageId: 'tooFar', count: 6 }]);
    expect(line.explanation.decision).toBe('no candidate location: 0 locations without usable stock, 6 removed (see removed and removedByRule)');
  });

  it('with removalsListed 3 lists the three nearest, with their reasons, and still counts six', async () => {
    const line = (await runScenario(records, { removalsListed: 3 })).lines[0]!;
    expect(line.explanation.removed.map((r) => [r.locationId, r.reason])).toEqual([
      ['L1', 'distance 150 mi exceeds the limit of 100 mi (rule r-100)'],
      ['L3', 'distance 200 mi exceeds the limit of 100 mi (rule r-100)'],
      ['L5', 'distance 250 mi exceeds the limit of 100 mi (rule r-100)'],
    ]);
    expect(line.explanation.removedByRule).toEqual([{ ruleId: 'r-100', pluginId: 'dom/max-distance', messageId: 'tooFar', count: 6 }]);
  });

  it('with removalsListed Infinity lists every one; a negative or fractional limit is refused', async () => {
    const all = (await runScenario(records, { removalsListed: Infinity })).lines[0]!;
    expect(all.explanation.removed).toHaveLength(6);
    const none = (await runScenario(records, { removalsListed: 0 })).lines[0]!;
    expect(none.explanation.removed).toEqual([]);
    expect(none.explanation.removedByRule[0]!.count).toBe(6);
    await expect(runScenario(records, { removalsListed: -1 })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(runScenario(records, { removalsListed: 2.5 })).rejects.toThrow('removalsListed must be a whole number');
  });
});

import { describe, expect, it } from 'vitest';
import type { Removal } from '../../core/model/problem.js';
import { LineRemovals } from '../../core/model/removals.js';
import { location, order, rule, runScenario, scenario, stock } from '../fixtures/scenario.js';

const TOO_FAR = { ruleId: 'r', pluginId: 'dom/max-distance', messageId: 'tooFar' };
const reason = (text: string) => () => ({ ...TOO_FAR, message: text, data: {} });

describe('LineRemovals', () => {
  it('lists the nearest removals in the order they were found and counts every one by rule and message', () => {
    const removals = new LineRemovals(2);
    removals.add('A', 300, TOO_FAR, reason('A'));
    removals.add('B', 100, TOO_FAR, reason('B'));
    removals.add('C', 200, TOO_FAR, reason('C'));
    removals.add('D', 50, { ruleId: null, pluginId: null, messageId: 'stockUsed' }, reason('D'));
    const listed: Removal[] = [];
    const counts = removals.finish(7, listed);
    expect(listed.map((r) => [r.line, r.locationId, r.reason.message])).toEqual([
      [7, 'B', 'B'],
      [7, 'D', 'D'],
    ]);
    expect(counts).toEqual([
      { ...TOO_FAR, count: 3 },
      { ruleId: null, pluginId: null, messageId: 'stockUsed', count: 1 },
    ]);
  });

  it('renders a reason only for a removal it keeps', () => {
    const removals = new LineRemovals(1);
    let rendered = 0;
    const counting = () => {
      rendered++;
      return { ...TOO_FAR, message: 'far', data: {} };
    };
    removals.add('A', 10, TOO_FAR, counting);
    removals.add('B', 20, TOO_FAR, counting);
    removals.add('C', 30, TOO_FAR, counting);
    expect(rendered).toBe(1);
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
});

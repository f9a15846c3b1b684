import { describe, expect, it } from 'vitest';
import type { RulePlugin } from '../../index.js';
import { assignmentsOf, location, order, type RuleScenario, RuleTester, runScenario, scenario, stock } from 'opendom/testing';

/** Collects the tests a RuleTester registers, so each can be run and its failure inspected. */
function collect(rule: RulePlugin<never>, scenarios: RuleScenario[]): Map<string, () => void | Promise<void>> {
  const tests = new Map<string, () => void | Promise<void>>();
  new RuleTester({ describe: (_name, body) => void body(), it: (name, body) => void tests.set(name, body) }).run(rule, scenarios);
  return tests;
}

/** A rule that removes location B; each test spoils one part of it. */
function removesB(overrides: Partial<RulePlugin<never>['meta']> = {}, create?: RulePlugin<never>['create']): RulePlugin<never> {
  return {
    meta: {
      id: 'acme/no-b',
      version: '1.0.0',
      compatibility: '^1.0.0',
      description: 'B never ships.',
      optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
      messages: { noB: '{location} never ships' },
      productScope: false,
      simplifiedSolver: 'honoured',
      ...overrides,
    },
    create:
      create ??
      ((context) => ({
        filterCandidate: (c) => (c.location.id === 'B' ? { ruleId: context.rules[0]!.record.id, messageId: 'noB', data: { location: 'B' } } : undefined),
      })),
  };
}

const parts = {
  locations: [location('A', 50), location('B', 10)],
  inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
  rules: [{ id: 'no-b', type: 'acme/no-b', options: {} }],
  orders: [order('O1', [['V1', 1]])],
};
const records = scenario(parts);
const goesToA: RuleScenario = { name: 'goes to A', records, expect: { assignments: { 'O1-1': { A: 1 } } } };

describe('RuleTester', () => {
  it('passes a correct rule and its scenarios', async () => {
    const tests = collect(removesB(), [goesToA]);
    expect([...tests.keys()]).toEqual(['has valid metadata', 'goes to A']);
    for (const body of tests.values()) await body();
  });

  it('fails a scenario whose plan differs from the expected one', async () => {
    const tests = collect(removesB(), [{ ...goesToA, expect: { assignments: { 'O1-1': { B: 1 } } } }]);
    await expect(async () => tests.get('goes to A')!()).rejects.toThrow(/assignments of O1-1/);
  });

  it('fails an options schema that accepts unknown options, and a default that breaks its own schema', () => {
    const open = collect(removesB({ optionsSchema: { type: 'object', properties: {} } }), []);
    expect(() => open.get('has valid metadata')!()).toThrow(/additionalProperties: false/);
    const badDefault = collect(
      removesB({ optionsSchema: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, default: 0 } } } }),
      [],
    );
    expect(() => badDefault.get('has valid metadata')!()).toThrow(/default of options.limit/);
  });

  it('fails a rule that mutates its inputs', async () => {
    const mutating = removesB({}, () => ({
      filterCandidate: (c) => {
        c.line.rejections.push({ locationId: 'X', at: '2026-01-01T00:00:00Z' });
        return undefined;
      },
    }));
    const tests = collect(mutating, [{ name: 'mutates', records, expect: {} }]);
    await expect(async () => tests.get('mutates')!()).rejects.toThrow(/filterCandidate changed its arguments/);
  });

  it('fails a message whose placeholders are not all filled', async () => {
    const tests = collect(removesB({ messages: { noB: '{location} never ships to {customer}' } }), [goesToA]);
    await expect(async () => tests.get('goes to A')!()).rejects.toThrow(/unfilled placeholder/);
  });

  it('fails an expected configuration error that does not happen', async () => {
    const tests = collect(removesB(), [{ name: 'refused', records, error: { code: 'E_PLUGIN_OPTIONS', recordId: 'no-b' } }]);
    await expect(async () => tests.get('refused')!()).rejects.toThrow(/expected it to be refused/);
  });
});

describe('RuleTester: the fast hook forms', () => {
  const noBByLocation = (answer: (location: string) => boolean) =>
    removesB({}, (context) => ({
      filterLocation: (l) => (answer(l.id) ? { ruleId: context.rules[0]!.record.id, messageId: 'noB', data: { location: l.id } } : undefined),
    }));
  const twoOrders = scenario({ ...parts, orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]])] });

  it('passes a rule written with filterLocation, and checks its plan against the same answers given per candidate', async () => {
    const tests = collect(noBByLocation((id) => id === 'B'), [
      { name: 'both go to A', records: twoOrders, expect: { assignments: { 'O1-1': { A: 1 }, 'O2-1': { A: 1 } } } },
    ]);
    for (const body of tests.values()) await body();
  });

  it('fails a fast hook whose answer is not the location\'s alone: asked once per location, it decides differently from candidate by candidate', async () => {
    // Removes B on the first question only: the filter asks once for both lines, a per-candidate rule once per line.
    let asked = 0;
    const tests = collect(noBByLocation((id) => id === 'B' && asked++ === 0), [{ name: 'stateful', records: twoOrders, expect: {} }]);
    await expect(async () => {
      asked = 0;
      await tests.get('stateful')!();
    }).rejects.toThrow(/differs from the same answers given per candidate/);
  });
});

describe('RuleTester: kept candidates, and lines missing from the plan', () => {
  it('passes a kept candidate, and fails one the rule removed or that has no stock, saying which', async () => {
    const withC = scenario({ ...parts, locations: [location('A', 50), location('B', 10), location('C', 90)] });
    const tests = collect(removesB(), [
      { name: 'A and C kept', records: withC, expect: { kept: [{ lineId: 'O1-1', locationId: 'A' }] } },
      { name: 'B kept', records: withC, expect: { kept: [{ lineId: 'O1-1', locationId: 'B' }] } },
      { name: 'C kept', records: withC, expect: { kept: [{ lineId: 'O1-1', locationId: 'C' }] } },
    ]);
    await tests.get('A and C kept')!();
    await expect(async () => tests.get('B kept')!()).rejects.toThrow(/expected B kept, but rule no-b removed it: B never ships/);
    await expect(async () => tests.get('C kept')!()).rejects.toThrow(/expected C kept, but it is no candidate .* candidates: A/);
  });

  it('says why a line is not in the plan: the selection condition it fails, or why it was set aside', async () => {
    const express = scenario({ ...parts, orders: [order('O1', [['V1', 1]]), { ...order('O2', [['V1', 1]]), lines: [{ id: 'O2-1', variantId: 'V1', quantity: 1, unitPrice: 10, modeOfDelivery: 'express' }] }, order('O3', [['V1', 1]], { legalEntity: 'other' })] });
    const tests = collect(removesB(), [
      { name: 'mode', records: express, expect: { assignments: { 'O2-1': { A: 1 } } } },
      { name: 'entity', records: express, expect: { assignments: { 'O3-1': { A: 1 } } } },
    ]);
    await expect(async () => tests.get('mode')!()).rejects.toThrow('line O2-1 is not in the plan: profile p did not select it: its mode of delivery "express" is not one of the profile\'s (std)');
    await expect(async () => tests.get('entity')!()).rejects.toThrow('line O3-1 is not in the plan: profile p did not select it: its legal entity "other" is not one of the profile\'s (le)');
    const badVariant = await runScenario(scenario({ ...parts, rules: [], orders: [order('O4', [['V9', 1]])] }));
    expect(() => assignmentsOf(badVariant, 'O4-1')).toThrow(/line O4-1 is not in the plan: .*set aside.*V9/);
    expect(() => assignmentsOf(badVariant, 'O5-1')).toThrow('line O5-1 is not in the plan: no order of the data has a line with this id');
  });
});

import { deepStrictEqual, ok } from 'node:assert/strict';
import { createEngine } from '../core/engine/engine.js';
import type { OpenDomPlugin, RulePlugin } from '../core/plugin-api/contracts.js';
import type { Plan, PlanTotals } from '../core/plan/plan.js';
import { MemoryDataSource, type MemoryRecords } from '../adapters/memory/memory.adapter.js';
import { planLine, rounded } from './plan-lines.js';
import { checkPluginMeta, expectConfigError, testFunctions, withPluginUnderTest, type TestFunction } from './plugin-checks.js';
import { runAndRemember } from './scenario.js';

/** A small dataset, the run to make of it, and what the plan must say. */
export interface RuleScenario {
  name: string;
  records: MemoryRecords;
  /** Profile to run (default: the first profile of the records). */
  profileId?: string;
  /** The instant the run treats as now (default 2026-11-20T12:00:00Z). */
  asOf?: Date;
  /** Solver id (default: the dataset's). */
  solver?: string;
  /** Facts the plan must show; each is checked exactly for the lines it names. */
  expect?: {
    /** Line id → location id → units; `{}` for a line that gets nothing. */
    assignments?: Record<string, Record<string, number>>;
    /** Candidates that must appear as removed for the line, with the message id. */
    removed?: Array<{ lineId: string; locationId: string; messageId: string; ruleId?: string }>;
    /** Candidates that must be kept for the line: the location stocks the variant and no rule removed it (it is assigned, or a runner-up). */
    kept?: Array<{ lineId: string; locationId: string }>;
    /** Lines held back or set aside, with their exception type. */
    exceptions?: Array<{ lineId: string; exceptionType: string }>;
    /** Line id → the iteration that assigned it (null: unassigned). */
    iterations?: Record<string, 1 | 2 | null>;
    totals?: Partial<PlanTotals>;
  };
  /** Instead of a plan: the run must be refused with a configuration issue like this one. */
  error?: { code: string; recordId?: string; field?: string };
}

export interface RuleTesterOptions {
  /** More plugin packages the scenarios need (the built-in ones are always there). */
  plugins?: OpenDomPlugin[];
  /**
   * Solvers every scenario runs with (default: the dataset's). A rule the
   * simplified solver honours should give the same plans with `dom/greedy`.
   */
  solvers?: string[];
  /** The test framework's `describe` and `it` (default: the globals, as in mocha, jest or vitest with globals). */
  describe?: TestFunction;
  it?: TestFunction;
}

const DEFAULT_AS_OF = new Date('2026-11-20T12:00:00Z');

/**
 * Runs a rule plugin against small datasets and expected plans, and checks
 * the rule's own metadata: an options schema that compiles and rejects
 * unknown options, defaults that are valid, messages that exist and whose
 * placeholders are all filled, and hooks that do not mutate their inputs.
 * Modelled on ESLint's RuleTester.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * new RuleTester({ describe, it }).run(myRule, [
 *   { name: 'removes far stores', records, expect: { assignments: { 'O1-1': { DC: 1 } } } },
 * ]);
 * ```
 */
export class RuleTester {
  private readonly describe: TestFunction;
  private readonly it: TestFunction;

  constructor(private readonly options: RuleTesterOptions = {}) {
    ({ describe: this.describe, it: this.it } = testFunctions(options, 'RuleTester'));
  }

  run<O>(rule: RulePlugin<O>, scenarios: RuleScenario[]): void {
    this.describe(rule.meta.id, () => {
      this.it('has valid metadata', () => checkMeta(rule as RulePlugin<unknown>));
      const solvers = this.options.solvers ?? [];
      for (const scenario of scenarios) {
        // A configuration error does not depend on the solver; a scenario that names its solver keeps it.
        if (scenario.error || scenario.solver || solvers.length === 0) {
          this.it(scenario.name, () => this.runScenario(rule as RulePlugin<unknown>, scenario));
          continue;
        }
        for (const solver of solvers) this.it(`${scenario.name} [${solver}]`, () => this.runScenario(rule as RulePlugin<unknown>, { ...scenario, solver }));
      }
    });
  }

  private async runScenario(rule: RulePlugin<unknown>, scenario: RuleScenario): Promise<void> {
    const mutations: string[] = [];
    let fast = false;
    const watched: RulePlugin<unknown> = {
      ...rule,
      create: (context) => {
        const handlers = rule.create(context);
        fast ||= FAST_FORMS.some((hook) => handlers[hook] !== undefined);
        return handlers;
      },
    };
    const run = this.planOf(watched, scenario, mutations);
    if (scenario.error) return await expectConfigError(run, scenario.error);
    const plan = await run;
    ok(mutations.length === 0, `rule ${rule.meta.id} mutated its inputs:\n${mutations.join('\n')}`);
    checkMessages(plan);
    checkExpectations(plan, scenario.expect ?? {});
    if (fast) {
      // The fast hooks must decide exactly as the same answers given candidate by candidate.
      const slow = await this.planOf(perCandidateForm(rule), scenario, mutations);
      deepStrictEqual(comparable(plan), comparable(slow), `rule ${rule.meta.id}: its filterLocation, filterVariant or distanceLimit plan differs from the same answers given per candidate`);
    }
  }

  private async planOf(rule: RulePlugin<unknown>, scenario: RuleScenario, mutations: string[]): Promise<Plan> {
    const engine = await createEngine({
      data: new MemoryDataSource(scenario.records),
      plugins: [withPluginUnderTest('rule', rule, mutations), ...(this.options.plugins ?? [])],
    });
    try {
      const profileId = scenario.profileId ?? firstProfileId(scenario.records);
      // Every removal listed, so that "kept" is checked against all of them.
      return await runAndRemember(engine, scenario.records, { profileId, asOf: scenario.asOf ?? DEFAULT_AS_OF, removalsListed: Infinity, ...(scenario.solver ? { solver: scenario.solver } : {}) });
    } finally {
      await engine.close();
    }
  }
}

const FAST_FORMS = ['filterLocation', 'filterVariant', 'distanceLimit'] as const;

/** The rule with its fast hooks asked candidate by candidate, through `filterCandidate` (in the order the engine asks them). */
function perCandidateForm<O>(rule: RulePlugin<O>): RulePlugin<O> {
  return {
    ...rule,
    create: (context) => {
      const { filterLocation, filterVariant, distanceLimit, filterCandidate, ...rest } = rule.create(context);
      return {
        ...rest,
        filterCandidate: (candidate) => {
          const limit = distanceLimit?.(candidate.location);
          return (
            filterLocation?.(candidate.location) ??
            filterVariant?.(candidate.line.variantId, candidate.location) ??
            (limit && candidate.distance > limit.limit ? { ruleId: limit.ruleId, messageId: limit.messageId, data: limit.data(candidate) } : undefined) ??
            filterCandidate?.(candidate)
          );
        },
      };
    },
  };
}

/** What two runs of the same scenario must agree on: each line's outcome and explanation, and the exceptions. */
function comparable(plan: Plan): unknown {
  return { lines: plan.lines, exceptions: plan.exceptions, totals: plan.totals };
}

function firstProfileId(records: MemoryRecords): string {
  const id = (records.profiles?.[0] as { id?: string } | undefined)?.id;
  if (!id) throw new Error('the scenario has no profile: add one or set profileId');
  return id;
}

function checkMeta(rule: RulePlugin<unknown>): void {
  checkPluginMeta(rule.meta);
  ok(Object.keys(rule.meta.messages).length > 0, 'meta.messages is empty: a rule must explain what it does');
  for (const [id, template] of Object.entries(rule.meta.messages)) ok(template.trim().length > 0, `message "${id}" is empty`);
}

/** Every rendered message must have all its placeholders filled. */
function checkMessages(plan: Plan): void {
  const messages = [
    ...plan.lines.flatMap((l) => l.explanation.removed.map((r) => r.reason)),
    ...plan.exceptions.map((e) => e.reason),
  ];
  for (const message of messages) ok(!/\{\w+\}/.test(message), `message with an unfilled placeholder: "${message}"`);
}

function checkExpectations(plan: Plan, expected: NonNullable<RuleScenario['expect']>): void {
  const line = (id: string) => planLine(plan, id);
  for (const [lineId, want] of Object.entries(expected.assignments ?? {})) {
    const got = Object.fromEntries(line(lineId).assignments.map((a) => [a.locationId, a.quantity]));
    deepStrictEqual(got, want, `assignments of ${lineId}`);
  }
  for (const want of expected.removed ?? []) {
    const removed = line(want.lineId).explanation.removed;
    ok(
      removed.some((r) => r.locationId === want.locationId && r.messageId === want.messageId && (want.ruleId === undefined || r.ruleId === want.ruleId)),
      `${want.lineId}: expected ${want.locationId} removed with "${want.messageId}", got ${JSON.stringify(removed.map((r) => [r.locationId, r.messageId, r.ruleId]))}`,
    );
  }
  for (const want of expected.kept ?? []) {
    const { explanation, assignments } = line(want.lineId);
    const removal = explanation.removed.find((r) => r.locationId === want.locationId);
    ok(!removal, `${want.lineId}: expected ${want.locationId} kept, but rule ${removal?.ruleId} removed it: ${removal?.reason}`);
    const candidates = [...assignments.map((a) => a.locationId), ...explanation.alternatives.map((a) => a.locationId)];
    ok(candidates.includes(want.locationId), `${want.lineId}: expected ${want.locationId} kept, but it is no candidate (it has no usable stock of the variant, or is not a location of the profile); candidates: ${candidates.join(', ') || 'none'}`);
  }
  for (const want of expected.exceptions ?? []) {
    const exception = plan.exceptions.find((e) => e.lineId === want.lineId) ?? plan.lines.find((l) => l.lineId === want.lineId);
    ok(exception, `no exception for line ${want.lineId}`);
    deepStrictEqual(exception.exceptionType, want.exceptionType, `exception type of ${want.lineId}`);
  }
  for (const [lineId, iteration] of Object.entries(expected.iterations ?? {})) deepStrictEqual(line(lineId).iteration, iteration, `iteration of ${lineId}`);
  // Costs are exact sums of floating-point terms: they are compared to six decimals.
  for (const [key, value] of Object.entries(expected.totals ?? {})) deepStrictEqual(rounded(plan.totals[key as keyof PlanTotals]), rounded(value), `totals.${key}`);
}

import { deepStrictEqual, ok } from 'node:assert/strict';
import { createEngine } from '../../core/engine/engine.js';
import { OpenDomError, type Issue } from '../../core/errors/errors.js';
import type { OpenDomPlugin, RuleHandlers, RulePlugin } from '../../core/plugin-api/contracts.js';
import type { Plan, PlanTotals } from '../../core/plan/plan.js';
import { compileSchema, validateAgainst } from '../../core/validation/ajv.js';
import { MemoryDataSource, type MemoryRecords } from '../../adapters/memory/memory.adapter.js';
import { builtinPlugins } from '../../plugins/builtin.js';

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
    /** Lines held back or set aside, with their exception type. */
    exceptions?: Array<{ lineId: string; exceptionType: string }>;
    /** Line id → the iteration that assigned it (null: unassigned). */
    iterations?: Record<string, 1 | 2 | null>;
    totals?: Partial<PlanTotals>;
  };
  /** Instead of a plan: the run must be refused with a configuration issue like this one. */
  error?: { code: string; recordId?: string; field?: string };
}

type TestFunction = (name: string, body: () => void | Promise<void>) => void;

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
    const globals = globalThis as { describe?: TestFunction; it?: TestFunction };
    const describe = options.describe ?? globals.describe;
    const it = options.it ?? globals.it;
    if (!describe || !it) throw new Error('RuleTester needs describe and it: pass them in the options or enable your test framework globals');
    this.describe = describe;
    this.it = it;
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
    const engine = await createEngine({
      data: new MemoryDataSource(scenario.records),
      plugins: [withRuleUnderTest(rule, mutations), ...(this.options.plugins ?? [])],
    });
    try {
      const profileId = scenario.profileId ?? firstProfileId(scenario.records);
      const run = engine.run({ profileId, asOf: scenario.asOf ?? DEFAULT_AS_OF, ...(scenario.solver ? { solver: scenario.solver } : {}) });
      if (scenario.error) return await expectConfigError(run, scenario.error);
      const plan = await run;
      ok(mutations.length === 0, `rule ${rule.meta.id} mutated its inputs:\n${mutations.join('\n')}`);
      checkMessages(plan);
      checkExpectations(plan, scenario.expect ?? {});
    } finally {
      await engine.close();
    }
  }
}

function firstProfileId(records: MemoryRecords): string {
  const id = (records.profiles?.[0] as { id?: string } | undefined)?.id;
  if (!id) throw new Error('the scenario has no profile: add one or set profileId');
  return id;
}

/** The built-in package with the rule under test in place of a built-in of the same id, its hooks watched for mutation. */
function withRuleUnderTest(rule: RulePlugin<unknown>, mutations: string[]): OpenDomPlugin {
  return {
    name: 'rule-under-test',
    register(api) {
      // Every registration passes through, but the built-in rule the tested one replaces.
      const builtinsButTheRule = new Proxy(api, {
        get: (target, key) => {
          const value = Reflect.get(target, key) as unknown;
          if (key === 'addRule') return (r: RulePlugin) => (r.meta.id === rule.meta.id ? undefined : target.addRule(r));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      builtinPlugins.register(builtinsButTheRule);
      api.addRule({ ...rule, create: (context) => watchHooks(rule.meta.id, rule.create(context), mutations) });
    },
  };
}

/** Wraps every hook so that a change to its arguments is recorded. */
function watchHooks(ruleId: string, handlers: RuleHandlers, mutations: string[]): RuleHandlers {
  const watched: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(handlers)) {
    if (typeof hook !== 'function') continue;
    watched[name] = (...args: unknown[]) => {
      const before = JSON.stringify(args);
      const result = (hook as (...a: unknown[]) => unknown)(...args);
      if (JSON.stringify(args) !== before) mutations.push(`${ruleId}: ${name} changed its arguments`);
      return result;
    };
  }
  return watched as RuleHandlers;
}

function checkMeta(rule: RulePlugin<unknown>): void {
  const { meta } = rule;
  ok(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/.test(meta.id), `meta.id "${meta.id}" must be namespaced, like "acme/my-rule"`);
  ok(meta.description.trim().length > 0, 'meta.description is empty');
  compileSchema(meta.optionsSchema);
  const schema = meta.optionsSchema as { type?: string; additionalProperties?: unknown };
  deepStrictEqual(schema.type, 'object', 'meta.optionsSchema must describe an object');
  deepStrictEqual(schema.additionalProperties, false, 'meta.optionsSchema must set additionalProperties: false, so typos are refused');
  for (const { path, schema: sub, value } of defaults(meta.optionsSchema, 'options')) {
    deepStrictEqual(validateAgainst(sub, structuredClone(value)), [], `the default of ${path} does not match its own schema`);
  }
  ok(Object.keys(meta.messages).length > 0, 'meta.messages is empty: a rule must explain what it does');
  for (const [id, template] of Object.entries(meta.messages)) ok(template.trim().length > 0, `message "${id}" is empty`);
}

/** Every `default` in a schema with the sub-schema it belongs to. */
function defaults(schema: object, path: string): Array<{ path: string; schema: object; value: unknown }> {
  const found: Array<{ path: string; schema: object; value: unknown }> = [];
  const node = schema as { default?: unknown; properties?: Record<string, object>; items?: object };
  if ('default' in node) {
    const { default: value, ...rest } = node;
    found.push({ path, schema: rest, value });
  }
  for (const [key, sub] of Object.entries(node.properties ?? {})) found.push(...defaults(sub, `${path}.${key}`));
  if (node.items) found.push(...defaults(node.items, `${path}[]`));
  return found;
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
  const line = (id: string) => {
    const found = plan.lines.find((l) => l.lineId === id);
    ok(found, `line ${id} is not in the plan (plan lines: ${plan.lines.map((l) => l.lineId).join(', ')})`);
    return found;
  };
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
  for (const want of expected.exceptions ?? []) {
    const exception = plan.exceptions.find((e) => e.lineId === want.lineId) ?? plan.lines.find((l) => l.lineId === want.lineId);
    ok(exception, `no exception for line ${want.lineId}`);
    deepStrictEqual(exception.exceptionType, want.exceptionType, `exception type of ${want.lineId}`);
  }
  for (const [lineId, iteration] of Object.entries(expected.iterations ?? {})) deepStrictEqual(line(lineId).iteration, iteration, `iteration of ${lineId}`);
  // Costs are exact sums of floating-point terms: they are compared to six decimals.
  for (const [key, value] of Object.entries(expected.totals ?? {})) deepStrictEqual(sixDecimals(plan.totals[key as keyof PlanTotals]), sixDecimals(value), `totals.${key}`);
}

async function expectConfigError(run: Promise<Plan>, want: NonNullable<RuleScenario['error']>): Promise<void> {
  try {
    await run;
  } catch (error) {
    ok(error instanceof OpenDomError, `expected an OpenDomError, got ${String(error)}`);
    const issues: Issue[] = error.issues.length > 0 ? error.issues : [{ code: error.code, message: error.message }];
    ok(
      issues.some((i) => i.code === want.code && (want.recordId === undefined || i.recordId === want.recordId) && (want.field === undefined || i.field === want.field)),
      `expected an issue ${JSON.stringify(want)}, got:\n${error.message}`,
    );
    return;
  }
  throw new Error(`expected the run to be refused with ${JSON.stringify(want)}, but it ran`);
}

/** Numbers to six decimals, deep (cost totals), so that 69.99999999999969 reads as the 70 it is. */
function sixDecimals(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sixDecimals(v)]));
  return value;
}

import { deepStrictEqual, ok } from 'node:assert/strict';
import { OpenDomError, type Issue } from '../core/errors/errors.js';
import type { CostFactorPlugin, OpenDomPlugin, PluginApi, PluginMeta, RulePlugin } from '../core/plugin-api/contracts.js';
import { compileSchema, validateAgainst } from '../core/validation/ajv.js';
import { builtinPlugins } from '../plugins/builtin.js';

/** What the testers check of every plugin's metadata: a namespaced id, a description, and an options schema that compiles, refuses unknown options and whose defaults are valid. */
export function checkPluginMeta(meta: PluginMeta): void {
  ok(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/.test(meta.id), `meta.id "${meta.id}" must be namespaced, like "acme/my-rule"`);
  ok(meta.description.trim().length > 0, 'meta.description is empty');
  compileSchema(meta.optionsSchema);
  const schema = meta.optionsSchema as { type?: string; additionalProperties?: unknown };
  deepStrictEqual(schema.type, 'object', 'meta.optionsSchema must describe an object');
  deepStrictEqual(schema.additionalProperties, false, 'meta.optionsSchema must set additionalProperties: false, so typos are refused');
  for (const { path, schema: sub, value } of defaults(meta.optionsSchema, 'options')) {
    deepStrictEqual(validateAgainst(sub, structuredClone(value)), [], `the default of ${path} does not match its own schema`);
  }
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

/**
 * The built-in package with the plugin under test in place of a built-in of
 * the same id (a partner's improved version of one, say), its hooks watched
 * for mutation of their arguments.
 */
export function withPluginUnderTest(kind: 'rule', plugin: RulePlugin<unknown>, mutations: string[]): OpenDomPlugin;
export function withPluginUnderTest(kind: 'cost-factor', plugin: CostFactorPlugin<unknown>, mutations: string[]): OpenDomPlugin;
export function withPluginUnderTest(kind: 'rule' | 'cost-factor', plugin: RulePlugin<unknown> | CostFactorPlugin<unknown>, mutations: string[]): OpenDomPlugin {
  const adder = kind === 'rule' ? 'addRule' : 'addCostFactor';
  return {
    name: `${kind}-under-test`,
    register(api) {
      // Every registration passes through, but the built-in plugin the tested one replaces.
      const builtinsButTheOne = new Proxy(api, {
        get: (target, key) => {
          const value = Reflect.get(target, key) as unknown;
          if (key === adder) return (p: { meta: PluginMeta }) => (p.meta.id === plugin.meta.id ? undefined : (target[adder] as (p: unknown) => void)(p));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as PluginApi;
      builtinPlugins.register(builtinsButTheOne);
      const watched = { ...plugin, create: (context: never) => watchHooks(plugin.meta.id, (plugin.create as (c: never) => object)(context), mutations) };
      (api[adder] as (p: unknown) => void)(watched);
    },
  };
}

/** Wraps every hook so that a change to its arguments is recorded. */
export function watchHooks<H extends object>(pluginId: string, handlers: H, mutations: string[]): H {
  const watched: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(handlers)) {
    if (typeof hook !== 'function') continue;
    watched[name] = (...args: unknown[]) => {
      const before = JSON.stringify(args);
      const result = (hook as (...a: unknown[]) => unknown)(...args);
      if (JSON.stringify(args) !== before) mutations.push(`${pluginId}: ${name} changed its arguments`);
      return result;
    };
  }
  return watched as H;
}

/** The work must be refused with an issue like `want` (code, and record and field when given). */
export async function expectConfigError(work: Promise<unknown>, want: { code: string; recordId?: string; field?: string }): Promise<void> {
  try {
    await work;
  } catch (error) {
    ok(error instanceof OpenDomError, `expected an OpenDomError, got ${String(error)}`);
    const issues: Issue[] = error.issues.length > 0 ? error.issues : [{ code: error.code, message: error.message }];
    ok(
      issues.some((i) => i.code === want.code && (want.recordId === undefined || i.recordId === want.recordId) && (want.field === undefined || i.field === want.field)),
      `expected an issue ${JSON.stringify(want)}, got:\n${error.message}`,
    );
    return;
  }
  throw new Error(`expected it to be refused with ${JSON.stringify(want)}, but it was not`);
}

export type TestFunction = (name: string, body: () => void | Promise<void>) => void;

/** The test framework's describe and it: given, or its globals (mocha, jest, vitest with globals). */
export function testFunctions(options: { describe?: TestFunction; it?: TestFunction }, tester: string): { describe: TestFunction; it: TestFunction } {
  const globals = globalThis as { describe?: TestFunction; it?: TestFunction };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) throw new Error(`${tester} needs describe and it: pass them in the options or enable your test framework globals`);
  return { describe, it };
}

import { describe, expect, it } from 'vitest';
// A partner package sees only the package entry: everything below comes from index.ts.
import {
  createEngine,
  MemoryDataSource,
  OpenDomError,
  PLUGIN_API_VERSION,
  type MemoryRecords,
  type OpenDomPlugin,
  type RulePlugin,
} from '../../index.js';
import { AS_OF, assignmentsOf, location, order, rule, scenario, stock } from 'opendom/testing';

/**
 * Plugin registration (one engine = one child container), metadata checks
 * with coded errors, unknown plugins and invalid plugin options, and a
 * partner rule package written only against the public API.
 */

interface NoStoreXOptions {
  locationId: string;
}

/** A partner rule: the location named in its options is not a candidate. */
function noStoreX(overrides: Partial<RulePlugin<NoStoreXOptions>['meta']> = {}): RulePlugin<NoStoreXOptions> {
  return {
    meta: {
      id: 'acme/no-store-x',
      version: '1.2.3',
      compatibility: '^1.0.0',
      description: 'Never ship from store X.',
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['locationId'],
        properties: { locationId: { type: 'string', minLength: 1 } },
      },
      messages: { noStoreX: 'acme never ships from {location} (rule {rule})' },
      productScope: false,
      simplifiedSolver: 'honoured',
      ...overrides,
    },
    check: (record, catalog) =>
      catalog.locations.has(record.options.locationId)
        ? []
        : [{ field: 'options.locationId', message: `unknown location "${record.options.locationId}"` }],
    create: (context) => ({
      filterCandidate: (candidate) => {
        const active = context.rules.find((r) => r.options.locationId === candidate.location.id);
        if (!active) return undefined;
        return { ruleId: active.record.id, messageId: 'noStoreX', data: { location: candidate.location.id, rule: active.record.id } };
      },
    }),
  };
}

function pkg(...rules: RulePlugin<NoStoreXOptions>[]): OpenDomPlugin {
  return { name: 'acme-dom-rules', register: (api) => rules.forEach((r) => api.addRule(r)) };
}

function records(withRule: boolean, extra: Record<string, unknown> = {}, options: Record<string, unknown> = { locationId: 'A' }): MemoryRecords {
  return scenario({
    locations: [location('A', 10), location('B', 100)],
    inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5)],
    rules: withRule ? [rule('r-acme', 'acme/no-store-x', options, extra)] : [],
    orders: [order('O1', [['V1', 2]])],
  });
}

async function registrationError(plugin: OpenDomPlugin): Promise<OpenDomError> {
  try {
    await createEngine({ plugins: [plugin], data: new MemoryDataSource(records(false)) });
  } catch (error) {
    expect(error).toBeInstanceOf(OpenDomError);
    return error as OpenDomError;
  }
  throw new Error('createEngine resolved; expected it to reject');
}

async function rejection(promise: Promise<unknown>): Promise<OpenDomError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OpenDomError);
    return error as OpenDomError;
  }
  throw new Error('resolved; expected a rejection');
}

describe('registration errors', () => {
  it('the plugin API version is 1.0.0', () => {
    expect(PLUGIN_API_VERSION).toBe('1.0.0');
  });

  it('refuses a duplicate id with E_PLUGIN_DUPLICATE naming the id', async () => {
    const error = await registrationError(pkg(noStoreX(), noStoreX()));
    expect(error.code).toBe('E_PLUGIN_DUPLICATE');
    expect(error.message).toContain('"acme/no-store-x"');
    expect(error.issues).toEqual([expect.objectContaining({ code: 'E_PLUGIN_DUPLICATE', pluginId: 'acme/no-store-x' })]);
  });

  it('refuses an id that a built-in plugin already has', async () => {
    const error = await registrationError(pkg(noStoreX({ id: 'dom/max-distance' })));
    expect(error.code).toBe('E_PLUGIN_DUPLICATE');
    expect(error.message).toContain('"dom/max-distance"');
  });

  it.each(['no-store-x', 'Acme/No-Store-X', 'acme/', '/x', 'acme/no store', 'acme/a/b'])('refuses the non-namespaced id %j (E_PLUGIN_INVALID at meta.id)', async (id) => {
    const error = await registrationError(pkg(noStoreX({ id })));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ field: 'meta.id' });
    expect(error.message).toContain(id);
  });

  it.each(['1.0', 'one', 'v1.0.0.0', ''])('refuses the version %j (E_PLUGIN_INVALID at meta.version)', async (version) => {
    const error = await registrationError(pkg(noStoreX({ version })));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ pluginId: 'acme/no-store-x', field: 'meta.version' });
  });

  it.each(['^2.0.0', '>=1.1.0', '<1.0.0', '~0.9.0'])('refuses a compatibility range %j that excludes API 1.0.0 (E_PLUGIN_INCOMPATIBLE)', async (compatibility) => {
    const error = await registrationError(pkg(noStoreX({ compatibility })));
    expect(error.code).toBe('E_PLUGIN_INCOMPATIBLE');
    expect(error.issues[0]).toMatchObject({ pluginId: 'acme/no-store-x', field: 'meta.compatibility' });
    expect(error.message).toContain(compatibility);
    expect(error.message).toContain('1.0.0');
  });

  it('refuses a compatibility that is not a range (E_PLUGIN_INVALID)', async () => {
    const error = await registrationError(pkg(noStoreX({ compatibility: 'banana' })));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ field: 'meta.compatibility' });
  });

  it.each(['^1.0.0', '1.x', '>=1.0.0 <2.0.0', '*'])('accepts the compatibility range %j', async (compatibility) => {
    const engine = await createEngine({ plugins: [pkg(noStoreX({ compatibility }))], data: new MemoryDataSource(records(false)) });
    expect(engine.registry.has('rule', 'acme/no-store-x')).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'nonsense' }],
    ['an unknown keyword (strict)', { type: 'object', properties: {}, colour: 'red' }],
    ['a bad nested type', { type: 'object', properties: { limit: { type: 'numbr' } } }],
  ])('refuses an options schema with %s that does not compile (E_PLUGIN_INVALID at meta.optionsSchema)', async (_what, optionsSchema) => {
    const error = await registrationError(pkg(noStoreX({ optionsSchema })));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ pluginId: 'acme/no-store-x', field: 'meta.optionsSchema' });
    expect(error.message).toContain('does not compile');
  });

  it('refuses a plugin without create', async () => {
    const plugin = { ...noStoreX() } as Partial<RulePlugin<NoStoreXOptions>>;
    delete plugin.create;
    const error = await registrationError(pkg(plugin as RulePlugin<NoStoreXOptions>));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ field: 'create' });
  });

  it('turns any other error of a package into E_PLUGIN_INVALID naming the package', async () => {
    const error = await registrationError({
      name: 'broken-package',
      register: () => {
        throw new Error('boom');
      },
    });
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.message).toContain('broken-package');
    expect(error.message).toContain('boom');
  });

  it('a refused plugin is not registered', async () => {
    const engine = await createEngine({ plugins: [], data: new MemoryDataSource(records(false)) });
    expect(() => engine.registry.addRule(noStoreX({ version: 'x' }))).toThrow(OpenDomError);
    expect(engine.registry.has('rule', 'acme/no-store-x')).toBe(false);
    expect(engine.registry.all('rule').map((p) => p.meta.id)).not.toContain('acme/no-store-x');
  });
});

describe('unknown plugins and invalid plugin options', () => {
  it('engine.run with an unknown solver id rejects with E_PLUGIN_UNKNOWN listing the registered solvers', async () => {
    const engine = await createEngine({ data: new MemoryDataSource(records(false)) });
    const error = await rejection(engine.run({ profileId: 'p', solver: 'acme/nope', asOf: AS_OF }));
    expect(error.code).toBe('E_PLUGIN_UNKNOWN');
    expect(error.issues[0]).toMatchObject({ pluginId: 'acme/nope', field: 'solver' });
    expect(error.message).toContain('"acme/nope"');
    expect(error.message).toContain('registered: dom/glpk, dom/greedy, dom/highs');
  });

  it('an unknown parameters.solver is a configuration error, found by validate and by run', async () => {
    const data = records(false);
    (data.parameters as Record<string, unknown>).solver = 'acme/nope';
    const engine = await createEngine({ data: new MemoryDataSource(data) });
    for (const attempt of [engine.validate(), engine.run({ profileId: 'p', asOf: AS_OF })]) {
      const error = await rejection(attempt);
      expect(error.code).toBe('E_CONFIG');
      expect(error.issues).toEqual([expect.objectContaining({ code: 'E_PLUGIN_UNKNOWN', file: 'parameters', field: 'solver' })]);
      expect(error.message).toContain('registered: dom/glpk, dom/greedy, dom/highs');
    }
  });

  it.each([
    [{ presolve: 'maybe' }, 'solver.options.presolve'],
    [{ randomSeed: -1 }, 'solver.options.randomSeed'],
    [{ randomSeed: 1.5 }, 'solver.options.randomSeed'],
    [{ threads: 4 }, 'solver.options.threads'],
  ])('invalid solver options %j are refused with E_PLUGIN_OPTIONS at %s', async (options, field) => {
    const engine = await createEngine({ data: new MemoryDataSource(records(false)) });
    const error = await rejection(engine.run({ profileId: 'p', solver: { id: 'dom/highs', options }, asOf: AS_OF }));
    expect(error.code).toBe('E_PLUGIN_OPTIONS');
    expect(error.issues).toEqual([expect.objectContaining({ code: 'E_PLUGIN_OPTIONS', pluginId: 'dom/highs', field })]);
    expect(error.message).toContain(field);
  });

  it('valid solver options are accepted', async () => {
    const engine = await createEngine({ data: new MemoryDataSource(records(false)) });
    const plan = await engine.run({ profileId: 'p', solver: { id: 'dom/highs', options: { presolve: 'off', randomSeed: 7 } }, asOf: AS_OF });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
  });

  it('an unknown distance provider or data adapter is refused at createEngine', async () => {
    const distance = await rejection(createEngine({ data: new MemoryDataSource(records(false)), distance: { id: 'acme/road' } }));
    expect(distance.code).toBe('E_PLUGIN_UNKNOWN');
    expect(distance.issues[0]).toMatchObject({ field: 'distance.id' });
    expect(distance.message).toContain('dom/aerial');

    const data = await rejection(createEngine({ data: { id: 'acme/sql' } }));
    expect(data.code).toBe('E_PLUGIN_UNKNOWN');
    expect(data.issues[0]).toMatchObject({ field: 'data.id' });
    expect(data.message).toContain('dom/file');
    expect(data.message).toContain('dom/memory');
  });

  it('invalid data adapter options are refused with E_PLUGIN_OPTIONS at data.options', async () => {
    const error = await rejection(createEngine({ data: { id: 'dom/file', options: {} } }));
    expect(error.code).toBe('E_PLUGIN_OPTIONS');
    expect(error.issues[0]).toMatchObject({ pluginId: 'dom/file', field: 'data.options.directory' });
  });
});

describe('a partner rule package', () => {
  it('registers through createEngine and removes its location, with its message in explanation.removed', async () => {
    const engine = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true)) });
    expect(engine.registry.has('rule', 'acme/no-store-x')).toBe(true);
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ B: 2 });
    const line = plan.lines.find((l) => l.lineId === 'O1-1')!;
    expect(line.explanation.removed).toEqual([
      { locationId: 'A', ruleId: 'r-acme', pluginId: 'acme/no-store-x', messageId: 'noStoreX', reason: 'acme never ships from A (rule r-acme)' },
    ]);
    expect(line.explanation.candidates).toBe(1);
    // Distance is the cost (no cost factor): 100 mi from B.
    expect(plan.totals.cost).toBeCloseTo(100, 6);
  });

  it('without its rule in the profile, the nearest location wins', async () => {
    const engine = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(false)) });
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
    expect(plan.lines[0]!.explanation.removed).toEqual([]);
  });

  it('is dropped in iteration 2 when not hard, and kept when hard (docs/spec.md §3.4)', async () => {
    const onlyA = (hard: boolean) => {
      const data = records(true, { hardConstraint: hard });
      data.inventory = [stock('V1', 'A', 5)];
      return data;
    };
    const soft = await (await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(onlyA(false)) })).run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(soft, 'O1-1')).toEqual({ A: 2 });
    expect(soft.lines[0]!.iteration).toBe(2);

    const hard = await (await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(onlyA(true)) })).run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(hard, 'O1-1')).toEqual({});
    expect(hard.lines[0]!).toMatchObject({ fulfillmentType: 'none', iteration: null, exceptionType: 'no-quantity-available' });
    expect(hard.lines[0]!.explanation.removed.map((r) => r.reason)).toEqual(['acme never ships from A (rule r-acme)']);
  });

  it('its options are validated against its schema and its check (E_CONFIG)', async () => {
    const missing = await rejection(
      (await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true, {}, {})) })).run({ profileId: 'p', asOf: AS_OF }),
    );
    expect(missing.code).toBe('E_CONFIG');
    expect(missing.issues).toEqual([
      expect.objectContaining({ code: 'E_PLUGIN_OPTIONS', file: 'rules', recordId: 'r-acme', pluginId: 'acme/no-store-x', field: 'options.locationId', message: 'is required' }),
    ]);

    const unknown = await rejection(
      (await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true, {}, { locationId: 'ZZ' })) })).run({ profileId: 'p', asOf: AS_OF }),
    );
    expect(unknown.issues).toEqual([expect.objectContaining({ code: 'E_PLUGIN_OPTIONS', recordId: 'r-acme', field: 'options.locationId', message: 'unknown location "ZZ"' })]);
  });

  it('a rule without product scope refuses a product scope in its record', async () => {
    const engine = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true, { scope: { variantIds: ['V1'] } })) });
    const error = await rejection(engine.validate());
    expect(error.issues).toEqual([expect.objectContaining({ recordId: 'r-acme', field: 'scope.variantIds' })]);
  });

  it('reporting a message id its meta does not define is the plugin bug E_PLUGIN_INVALID', async () => {
    const plugin = noStoreX({ messages: { other: 'x' } });
    const engine = await createEngine({ plugins: [pkg(plugin)], data: new MemoryDataSource(records(true)) });
    const error = await rejection(engine.run({ profileId: 'p', asOf: AS_OF }));
    expect(error.code).toBe('E_PLUGIN_INVALID');
    expect(error.issues[0]).toMatchObject({ pluginId: 'acme/no-store-x', field: 'meta.messages' });
    expect(error.message).toContain('noStoreX');
  });
});

describe('engines are independent (one child container each)', () => {
  it('a plugin registered in one engine is unknown in another', async () => {
    const data = records(true);
    const withAcme = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(data) });
    const without = await createEngine({ data: new MemoryDataSource(data) });

    expect(withAcme.registry.has('rule', 'acme/no-store-x')).toBe(true);
    expect(without.registry.has('rule', 'acme/no-store-x')).toBe(false);
    const builtinRules = without.registry.all('rule').map((p) => p.meta.id).sort();
    expect(builtinRules).toEqual([
      'dom/location-priority',
      'dom/max-distance',
      'dom/max-orders',
      'dom/max-rejects',
      'dom/min-inventory',
      'dom/offline-location',
      'dom/partial-orders',
    ]);
    expect(withAcme.registry.all('rule').map((p) => p.meta.id).sort()).toEqual(['acme/no-store-x', ...builtinRules]);

    const error = await rejection(without.run({ profileId: 'p', asOf: AS_OF }));
    expect(error.code).toBe('E_CONFIG');
    expect(error.issues).toEqual([expect.objectContaining({ code: 'E_PLUGIN_UNKNOWN', file: 'rules', recordId: 'r-acme', field: 'type' })]);
    expect(error.message).toContain('acme/no-store-x');

    expect(assignmentsOf(await withAcme.run({ profileId: 'p', asOf: AS_OF }), 'O1-1')).toEqual({ B: 2 });
  });

  it('the same package registers in two engines without a duplicate, and later engines start clean', async () => {
    const a = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true)) });
    const b = await createEngine({ plugins: [pkg(noStoreX())], data: new MemoryDataSource(records(true)) });
    b.registry.addRule({ ...noStoreX(), meta: { ...noStoreX().meta, id: 'acme/only-in-b' } });
    expect(b.registry.has('rule', 'acme/only-in-b')).toBe(true);
    expect(a.registry.has('rule', 'acme/only-in-b')).toBe(false);
    const c = await createEngine({ data: new MemoryDataSource(records(false)) });
    expect(c.registry.has('rule', 'acme/only-in-b')).toBe(false);
    expect(c.registry.has('rule', 'acme/no-store-x')).toBe(false);
    expect(c.registry.all('rule')).toHaveLength(7);
  });
});

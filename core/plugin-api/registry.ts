import semver from 'semver';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { OpenDomError } from '../errors/errors.js';
import { compileSchema, validateAgainst } from '../validation/ajv.js';
import {
  APPLY_HOOK_PLUGIN,
  COST_FACTOR_PLUGIN,
  DATA_ADAPTER_PLUGIN,
  DISTANCE_PROVIDER_PLUGIN,
  GEOCODER_PLUGIN,
  INVENTORY_PROVIDER_PLUGIN,
  LOCATION_SET_PLUGIN,
  RULE_PLUGIN,
  SOLVER_PLUGIN,
} from '../di/tokens.js';
import {
  PLUGIN_API_VERSION,
  type CostFactorPlugin,
  type DataAdapterPlugin,
  type DistanceProviderPlugin,
  type GeocoderPlugin,
  type OpenDomPlugin,
  type PluginApi,
  type PluginMeta,
  type RulePlugin,
  type SolverPlugin,
} from './contracts.js';
import type { ApplyHookPlugin, InventoryProviderPlugin, LocationSetPlugin } from './extension-points.js';

export type PluginKind = 'rule' | 'cost-factor' | 'solver' | 'distance-provider' | 'geocoder' | 'data-adapter' | 'location-set' | 'inventory-provider' | 'apply-hook';

interface AnyPlugin {
  meta: PluginMeta;
}

/** A registered plugin as `opendom plugins` lists it. */
export interface PluginListing {
  kind: PluginKind;
  id: string;
  version: string;
  description: string;
  /** The name of the plugin package that registered it. */
  package: string;
  optionsSchema: object;
}

const TOKENS: Record<PluginKind, InjectionToken<AnyPlugin>> = {
  rule: RULE_PLUGIN,
  'cost-factor': COST_FACTOR_PLUGIN,
  solver: SOLVER_PLUGIN,
  'distance-provider': DISTANCE_PROVIDER_PLUGIN,
  geocoder: GEOCODER_PLUGIN,
  'data-adapter': DATA_ADAPTER_PLUGIN,
  'location-set': LOCATION_SET_PLUGIN,
  'inventory-provider': INVENTORY_PROVIDER_PLUGIN,
  'apply-hook': APPLY_HOOK_PLUGIN,
};

const NAMESPACED_ID = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

/**
 * Registers plugins into one engine's child container, refusing duplicates,
 * malformed metadata and incompatible API ranges, and finds them by id.
 */
export class PluginRegistry implements PluginApi {
  private readonly byKind = new Map<PluginKind, Map<string, AnyPlugin>>();
  private readonly packageOf = new Map<AnyPlugin, string>();
  private registering = '';

  constructor(private readonly container: DependencyContainer) {}

  /** Registers a plugin package's plugins; a package that throws is refused with its name (E_PLUGIN_INVALID). */
  registerPackage(pkg: OpenDomPlugin): void {
    this.registering = pkg.name;
    try {
      pkg.register(this);
    } catch (error) {
      if (error instanceof OpenDomError) throw error;
      throw new OpenDomError('E_PLUGIN_INVALID', `plugin package "${pkg.name}" failed to register: ${(error as Error).message}`);
    } finally {
      this.registering = '';
    }
  }

  /** Every registered plugin, by kind then id. */
  list(): PluginListing[] {
    return [...this.byKind].flatMap(([kind, plugins]) =>
      [...plugins.values()].map((plugin) => ({
        kind,
        id: plugin.meta.id,
        version: plugin.meta.version,
        description: plugin.meta.description,
        package: this.packageOf.get(plugin) ?? '',
        optionsSchema: plugin.meta.optionsSchema,
      })),
    ).sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  }

  addRule<O>(plugin: RulePlugin<O>): void {
    this.add('rule', plugin);
  }
  addCostFactor<O>(plugin: CostFactorPlugin<O>): void {
    this.add('cost-factor', plugin);
  }
  addSolver<O>(plugin: SolverPlugin<O>): void {
    this.add('solver', plugin);
  }
  addDistanceProvider<O>(plugin: DistanceProviderPlugin<O>): void {
    this.add('distance-provider', plugin);
  }
  addGeocoder<O>(plugin: GeocoderPlugin<O>): void {
    this.add('geocoder', plugin);
  }
  addDataAdapter<O>(plugin: DataAdapterPlugin<O>): void {
    this.add('data-adapter', plugin);
  }
  addLocationSet<O>(plugin: LocationSetPlugin<O>): void {
    this.add('location-set', plugin);
  }
  addInventoryProvider<O>(plugin: InventoryProviderPlugin<O>): void {
    this.add('inventory-provider', plugin);
  }
  addApplyHook<O>(plugin: ApplyHookPlugin<O>): void {
    this.add('apply-hook', plugin);
  }

  /** The plugin of a kind with an id; `configPath` says where the id was asked for. */
  get(kind: 'rule', id: string, configPath: string): RulePlugin;
  get(kind: 'cost-factor', id: string, configPath: string): CostFactorPlugin;
  get(kind: 'solver', id: string, configPath: string): SolverPlugin;
  get(kind: 'distance-provider', id: string, configPath: string): DistanceProviderPlugin;
  get(kind: 'geocoder', id: string, configPath: string): GeocoderPlugin;
  get(kind: 'data-adapter', id: string, configPath: string): DataAdapterPlugin;
  get(kind: 'location-set', id: string, configPath: string): LocationSetPlugin;
  get(kind: 'inventory-provider', id: string, configPath: string): InventoryProviderPlugin;
  get(kind: 'apply-hook', id: string, configPath: string): ApplyHookPlugin;
  get(kind: PluginKind, id: string, configPath: string): AnyPlugin {
    const plugin = this.plugins(kind).get(id);
    if (!plugin) {
      throw OpenDomError.of({ code: 'E_PLUGIN_UNKNOWN', pluginId: id, field: configPath, message: this.unknownMessage(kind, id) });
    }
    return plugin;
  }

  /** Says that no plugin of a kind has the id, and which ones exist. */
  unknownMessage(kind: PluginKind, id: string): string {
    const known = [...this.plugins(kind).keys()].sort().join(', ') || 'none';
    return `no ${kind} plugin "${id}" is registered (registered: ${known}); register the package that provides it`;
  }

  /** Every registered plugin of a kind, resolved from the container. */
  all(kind: PluginKind): AnyPlugin[] {
    return this.container.isRegistered(TOKENS[kind]) ? this.container.resolveAll(TOKENS[kind]) : [];
  }

  has(kind: PluginKind, id: string): boolean {
    return this.plugins(kind).has(id);
  }

  /**
   * Validates `options` against the plugin's schema (filling defaults) and
   * throws E_PLUGIN_OPTIONS naming the plugin and config path otherwise.
   */
  validateOptions<O>(plugin: AnyPlugin, options: unknown, configPath: string, recordId?: string): O {
    const errors = validateAgainst(plugin.meta.optionsSchema, options);
    if (errors.length > 0) {
      throw new OpenDomError(
        'E_PLUGIN_OPTIONS',
        `invalid options for plugin "${plugin.meta.id}"`,
        errors.map((e) => ({
          code: 'E_PLUGIN_OPTIONS' as const,
          pluginId: plugin.meta.id,
          ...(recordId ? { recordId } : {}),
          field: e.field ? `${configPath}.${e.field}` : configPath,
          message: e.message,
        })),
      );
    }
    return options as O;
  }

  private plugins(kind: PluginKind): Map<string, AnyPlugin> {
    let map = this.byKind.get(kind);
    if (!map) this.byKind.set(kind, (map = new Map()));
    return map;
  }

  private add(kind: PluginKind, plugin: AnyPlugin): void {
    checkMeta(kind, plugin);
    const map = this.plugins(kind);
    const registered = map.get(plugin.meta.id);
    if (registered) {
      const by = this.packageOf.get(registered);
      throw OpenDomError.of({
        code: 'E_PLUGIN_DUPLICATE',
        pluginId: plugin.meta.id,
        message: `a ${kind} plugin with id "${plugin.meta.id}" is already registered${by ? ` (by package "${by}")` : ''}; plugin ids must be unique`,
      });
    }
    map.set(plugin.meta.id, plugin);
    this.packageOf.set(plugin, this.registering);
    this.container.register(TOKENS[kind], { useValue: plugin });
  }
}

function checkMeta(kind: PluginKind, plugin: AnyPlugin): void {
  const meta = plugin?.meta;
  const id = typeof meta?.id === 'string' ? meta.id : '(no id)';
  const fail = (field: string, message: string, code: 'E_PLUGIN_INVALID' | 'E_PLUGIN_INCOMPATIBLE' = 'E_PLUGIN_INVALID') => {
    throw OpenDomError.of({ code, pluginId: id, field, message: `${kind} plugin: ${message}` });
  };
  if (!meta || typeof meta !== 'object') fail('meta', 'has no meta');
  if (!NAMESPACED_ID.test(id)) fail('meta.id', `id "${id}" must be namespaced, like "acme/my-rule" (lowercase, digits, dashes)`);
  if (!semver.valid(meta.version)) fail('meta.version', `version "${String(meta.version)}" is not a semver version`);
  if (!semver.validRange(meta.compatibility)) fail('meta.compatibility', `compatibility "${String(meta.compatibility)}" is not a semver range`);
  if (!semver.satisfies(PLUGIN_API_VERSION, meta.compatibility)) {
    fail('meta.compatibility', `needs plugin API ${meta.compatibility}, this engine provides ${PLUGIN_API_VERSION}`, 'E_PLUGIN_INCOMPATIBLE');
  }
  if (!meta.optionsSchema || typeof meta.optionsSchema !== 'object') fail('meta.optionsSchema', 'has no options schema');
  try {
    compileSchema(meta.optionsSchema);
  } catch (error) {
    fail('meta.optionsSchema', `options schema does not compile: ${(error as Error).message}`);
  }
  if (typeof (plugin as { create?: unknown }).create !== 'function') fail('create', 'has no create function');
}

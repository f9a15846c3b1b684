import type { InjectionToken } from 'tsyringe';
import type {
  CostFactorPlugin,
  DataAdapterPlugin,
  DistanceProvider,
  DistanceProviderMeta,
  DistanceProviderPlugin,
  GeocoderPlugin,
  OpenDomPlugin,
  RulePlugin,
  SolverPlugin,
} from '../plugin-api/contracts.js';
import type { ApplyHookPlugin, InventoryProviderPlugin, LocationSetPlugin } from '../plugin-api/extension-points.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import type { ChosenGeocoder } from '../pipeline/geocode.js';

/** Typed DI tokens: the one place where injection keys are declared. */
export const RULE_PLUGIN: InjectionToken<RulePlugin> = Symbol('opendom.RulePlugin');
export const COST_FACTOR_PLUGIN: InjectionToken<CostFactorPlugin> = Symbol('opendom.CostFactorPlugin');
export const SOLVER_PLUGIN: InjectionToken<SolverPlugin> = Symbol('opendom.SolverPlugin');
export const DISTANCE_PROVIDER_PLUGIN: InjectionToken<DistanceProviderPlugin> = Symbol('opendom.DistanceProviderPlugin');
export const GEOCODER_PLUGIN: InjectionToken<GeocoderPlugin> = Symbol('opendom.GeocoderPlugin');
export const DATA_ADAPTER_PLUGIN: InjectionToken<DataAdapterPlugin> = Symbol('opendom.DataAdapterPlugin');
export const LOCATION_SET_PLUGIN: InjectionToken<LocationSetPlugin> = Symbol('opendom.LocationSetPlugin');
export const INVENTORY_PROVIDER_PLUGIN: InjectionToken<InventoryProviderPlugin> = Symbol('opendom.InventoryProviderPlugin');
export const APPLY_HOOK_PLUGIN: InjectionToken<ApplyHookPlugin> = Symbol('opendom.ApplyHookPlugin');
/** The distance provider instance chosen for an engine. */
export const DISTANCE_PROVIDER: InjectionToken<DistanceProvider> = Symbol('opendom.DistanceProvider');
/** The metadata of that distance provider's plugin (its id and the kind of distance it measures). */
export const DISTANCE_PROVIDER_META: InjectionToken<DistanceProviderMeta> = Symbol('opendom.DistanceProviderMeta');
/** The geocoder chosen for an engine, with its plugin's id (named in geocoding errors). */
export const GEOCODER: InjectionToken<ChosenGeocoder> = Symbol('opendom.Geocoder');
export const PLUGIN_REGISTRY: InjectionToken<PluginRegistry> = Symbol('opendom.PluginRegistry');
/** The plugin packages an engine was created with (worker threads of parallel batches load them again). */
export const PLUGIN_PACKAGES: InjectionToken<readonly OpenDomPlugin[]> = Symbol('opendom.PluginPackages');

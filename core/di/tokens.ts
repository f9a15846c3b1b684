import type { InjectionToken } from 'tsyringe';
import type {
  CostFactorPlugin,
  DataAdapterPlugin,
  DistanceProvider,
  DistanceProviderPlugin,
  RulePlugin,
  SolverPlugin,
} from '../plugins/contracts.js';
import type { PluginRegistry } from '../plugins/registry.js';

/** Typed DI tokens: the one place where injection keys are declared. */
export const RULE_PLUGIN: InjectionToken<RulePlugin> = Symbol('opendom.RulePlugin');
export const COST_FACTOR_PLUGIN: InjectionToken<CostFactorPlugin> = Symbol('opendom.CostFactorPlugin');
export const SOLVER_PLUGIN: InjectionToken<SolverPlugin> = Symbol('opendom.SolverPlugin');
export const DISTANCE_PROVIDER_PLUGIN: InjectionToken<DistanceProviderPlugin> = Symbol('opendom.DistanceProviderPlugin');
export const DATA_ADAPTER_PLUGIN: InjectionToken<DataAdapterPlugin> = Symbol('opendom.DataAdapterPlugin');
/** The distance provider instance chosen for an engine. */
export const DISTANCE_PROVIDER: InjectionToken<DistanceProvider> = Symbol('opendom.DistanceProvider');
export const PLUGIN_REGISTRY: InjectionToken<PluginRegistry> = Symbol('opendom.PluginRegistry');

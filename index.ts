/**
 * OpenDOM: an embeddable engine for distributed order management.
 *
 * @example
 * ```ts
 * import { createEngine } from 'opendom';
 * const engine = await createEngine({ data: { id: 'dom/file', options: { directory: 'examples/retail' } } });
 * const plan = await engine.run({ profileId: 'standard-ship' });
 * console.log(plan.totals);
 * ```
 */
import { createEngine as createCoreEngine, listPlugins as listCorePlugins, type Engine } from './core/engine/engine.js';
import type { EngineOptions } from './core/engine/engine-options.js';
import type { PluginListing } from './core/plugin-api/registry.js';
import { builtinPlugins } from './plugins/builtin.js';

export * from './core/index.js';
export { Engine, type RunOptions, type ValidationReport } from './core/engine/engine.js';
export type { WhyNot } from './core/engine/why-not.js';
export { Suggester, suggestRequestSchema, type BrokenRule, type SuggestedLocation, type SuggestRequest, type SuggestResult } from './core/engine/suggest.js';
export type { EngineOptions, PluginChoice } from './core/engine/engine-options.js';
export type * from './core/plan/plan.js';
export { planSchema } from './core/schemas/plan.schema.js';
export { toCplexLp } from './core/model/lp-format.js';
export { builtinPlugins };
export { MemoryDataSource, type MemoryRecords } from './adapters/memory/memory.adapter.js';
export { FileDataSource, readLineEvents } from './adapters/file/file.adapter.js';
export { SqlStore, type SqlStoreOptions } from './adapters/sql/sql-store.js';
export type { PlanPage } from './adapters/sql/plans.js';
export { noteServiceUrl } from './adapters/sql/directory-lock.js';
export { storeLockFile } from './adapters/sql/pglite.client.js';
export { ROLES, type KeyListing, type Role } from './adapters/sql/keys.js';
export type { StoreChange } from './adapters/sql/changes.js';
export { pgliteStore, portStore, postgresStore, threadedPgliteStore, type PgliteStoreOptions, type PostgresStoreOptions } from './adapters/sql/sql.adapter.js';

/** Options of {@link createEngine}: the built-in plugins are always registered first. */
export type CreateEngineOptions = Omit<EngineOptions, 'plugins'> & { plugins?: EngineOptions['plugins'] };

/** Creates an engine with the built-in plugins plus any partner packages. */
export function createEngine(options: CreateEngineOptions): Promise<Engine> {
  return createCoreEngine({ ...options, plugins: [builtinPlugins, ...(options.plugins ?? [])] });
}

/** Every plugin of the built-in package and these partner packages, by kind and id. */
export function listPlugins(packages: EngineOptions['plugins'] = []): PluginListing[] {
  return listCorePlugins([builtinPlugins, ...packages]);
}

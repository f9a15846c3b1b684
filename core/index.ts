/**
 * The public API of the OpenDOM core: what plugins (built-in and partner) and
 * embedding applications import. Nothing outside this entry is public.
 */
export * from './domain/types.js';
export * from './domain/raw-dataset.js';
export { Catalog } from './domain/catalog.js';
export * from './errors/errors.js';
export * from './plugins/contracts.js';
export { PluginRegistry, type PluginKind } from './plugins/registry.js';
export * from './di/tokens.js';
export * from './model/problem.js';
export * from './model/linear-model.js';
export { validateAgainst, compileSchema, type FieldError } from './validation/ajv.js';
export * from './schemas/records.schema.js';

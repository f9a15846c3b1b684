import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Catalog } from '../domain/catalog.js';
import type { CostFactorRecord, Id, RuleRecord } from '../domain/types.js';
import type {
  ConfigProblem,
  CostFactorContext,
  CostFactorMeta,
  CostFactorPlugin,
  CostFactorProfileContext,
  CostHandlers,
  MessageTemplates,
  RuleContext,
  RuleHandlers,
  RuleMeta,
  RulePlugin,
} from './contracts.js';

/**
 * The type of the values a schema accepts (with its defaults filled in).
 * Schemas are taken as any object and checked here, not in a constraint:
 * checking a literal against the whole JSON Schema type is too deep for the compiler.
 */
export type SchemaType<S> = S extends JSONSchema ? FromSchema<S> : never;

/** The `{name}` placeholders of a message template. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** A report of one of these messages, with data for exactly its placeholders. */
export type MessageReport<M extends MessageTemplates> = {
  [K in Extract<keyof M, string>]: { messageId: K; data: Record<Placeholders<M[K]>, string | number> };
}[Extract<keyof M, string>];

/** A rule plugin as {@link defineRule} takes it: its options schema and messages as written. */
export interface TypedRulePlugin<S extends object, M extends MessageTemplates> {
  meta: Omit<RuleMeta, 'optionsSchema' | 'messages'> & { optionsSchema: S; messages: M };
  check?(record: RuleRecord<SchemaType<S>>, catalog: Catalog): ConfigProblem[];
  create(context: RuleContext<SchemaType<S>>): RuleHandlers<MessageReport<M>>;
}

/**
 * A rule whose option type is its options schema's and whose reports name
 * only its own messages, each with data for exactly that message's
 * placeholders: the schema, the messages and the code cannot disagree.
 *
 * @example
 * ```ts
 * export const maxWeight = defineRule({
 *   meta: { id: 'acme/max-weight', version: '1.0.0', compatibility: '^1.0.0', description: 'Heavy lines ship from DCs.',
 *     optionsSchema: { type: 'object', additionalProperties: false, required: ['kg'], properties: { kg: { type: 'number' } } },
 *     messages: { tooHeavy: '{location} ships nothing over {kg} kg' }, productScope: true, simplifiedSolver: 'honoured' },
 *   create: ({ rules }) => ({
 *     filterCandidate: (c) => {
 *       const rule = rules[0]; // rule.options is { kg: number }
 *       return rule && c.location.type === 'store' ? { ruleId: rule.record.id, messageId: 'tooHeavy', data: { location: c.location.id, kg: rule.options.kg } } : undefined;
 *     },
 *   }),
 * });
 * ```
 */
export function defineRule<const S extends object, const M extends MessageTemplates>(plugin: TypedRulePlugin<S, M>): RulePlugin<SchemaType<S>> {
  // The same object: TypeScript cannot compare the two for an unresolved schema, so it is told.
  return plugin as unknown as RulePlugin<SchemaType<S>>;
}

/** A cost factor plugin as {@link defineCostFactor} takes it: its options schema as written. */
export interface TypedCostFactorPlugin<S extends object> {
  meta: Omit<CostFactorMeta, 'optionsSchema'> & { optionsSchema: S };
  check?(record: CostFactorRecord<SchemaType<S>>, catalog: Catalog): ConfigProblem[];
  checkProfile?(factors: CostFactorRecord<SchemaType<S>>[], context: CostFactorProfileContext): Array<ConfigProblem & { factorId: Id }>;
  create(context: CostFactorContext<SchemaType<S>>): CostHandlers;
}

/** A cost factor whose option type is its options schema's, so that the two cannot disagree. */
export function defineCostFactor<const S extends object>(plugin: TypedCostFactorPlugin<S>): CostFactorPlugin<SchemaType<S>> {
  // As in defineRule.
  return plugin as unknown as CostFactorPlugin<SchemaType<S>>;
}

/** The options type of a rule or cost factor plugin, e.g. `OptionsOf<typeof maxWeight>`. */
export type OptionsOf<P> = P extends RulePlugin<infer O> ? O : P extends CostFactorPlugin<infer O> ? O : never;

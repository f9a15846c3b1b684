import type { Catalog } from '../domain/catalog.js';
import type { RecordSource } from '../domain/raw-dataset.js';
import type { Dataset, RuleRecord, CostFactorRecord, Profile } from '../domain/types.js';
import type { Id } from '../domain/types.js';
import type { OpenDomError, Issue } from '../errors/errors.js';
import type { ConfigProblem } from '../plugin-api/contracts.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import type { RecordSources } from './dataset-validator.js';

/**
 * Checks every rule and cost factor against its plugin: the type must be a
 * registered plugin, the options must match its schema (defaults are filled
 * in) and the plugin's own checks must pass, then each profile's cost
 * factors of one type together. Returns every issue found.
 */
export function validatePluginConfig(
  dataset: Dataset,
  registry: PluginRegistry,
  catalog: Catalog,
  sources: Pick<RecordSources, 'rules' | 'costFactors'>,
): Issue[] {
  const issues: Issue[] = [];
  const solver = dataset.parameters.solver;
  if (!registry.has('solver', solver)) {
    issues.push({ code: 'E_PLUGIN_UNKNOWN', file: 'parameters', field: 'solver', pluginId: solver, message: registry.unknownMessage('solver', solver) });
  }
  for (const rule of dataset.rules) {
    issues.push(...checkRecord('rule', rule, registry, catalog, sources.rules.get(rule.id)));
  }
  const validFactors = new Set<Id>();
  for (const factor of dataset.costFactors) {
    const found = checkRecord('cost-factor', factor, registry, catalog, sources.costFactors.get(factor.id));
    if (found.length === 0) validFactors.add(factor.id);
    issues.push(...found);
  }
  for (const profile of dataset.profiles) issues.push(...checkProfileFactors(profile, dataset, registry, validFactors, sources.costFactors));
  return issues;
}

/** A profile's cost factors of each type, checked together by their plugin once each of them is valid on its own. */
function checkProfileFactors(profile: Profile, dataset: Dataset, registry: PluginRegistry, valid: Set<Id>, sources: Map<Id, RecordSource>): Issue[] {
  const byType = new Map<string, CostFactorRecord[]>();
  for (const id of profile.costFactorIds) {
    const factor = dataset.costFactors.find((f) => f.id === id);
    if (factor) byType.set(factor.type, [...(byType.get(factor.type) ?? []), factor]);
  }
  const issues: Issue[] = [];
  for (const [type, factors] of byType) {
    if (!factors.every((f) => valid.has(f.id))) continue;
    const problems = registry.get('cost-factor', type, 'type').checkProfile?.(factors, { profile, parameters: dataset.parameters }) ?? [];
    for (const { factorId, field, message } of problems) {
      issues.push({ code: 'E_PLUGIN_OPTIONS', ...(sources.get(factorId) ?? {}), recordId: factorId, pluginId: type, field, message: `in profile "${profile.id}": ${message}` });
    }
  }
  return issues;
}

function checkRecord(
  kind: 'rule' | 'cost-factor',
  record: RuleRecord | CostFactorRecord,
  registry: PluginRegistry,
  catalog: Catalog,
  source: RecordSource | undefined,
): Issue[] {
  const at = { ...(source ?? {}), recordId: record.id, pluginId: record.type };
  if (!registry.has(kind, record.type)) {
    return [{ code: 'E_PLUGIN_UNKNOWN', ...at, field: 'type', message: registry.unknownMessage(kind, record.type) }];
  }
  const plugin = kind === 'rule' ? registry.get('rule', record.type, 'type') : registry.get('cost-factor', record.type, 'type');
  try {
    registry.validateOptions(plugin, record.options, 'options', record.id);
  } catch (error) {
    return (error as OpenDomError).issues.map((i) => ({ ...i, ...at, field: i.field ?? 'options' }));
  }
  const problems: ConfigProblem[] = [];
  if (kind === 'rule') {
    const rule = record as RuleRecord;
    const rulePlugin = registry.get('rule', record.type, 'type');
    const s = rule.scope;
    if (!rulePlugin.meta.productScope) {
      for (const field of ['variantIds', 'productIds', 'categoryIds', 'supplementalCategoryIds'] as const) {
        if (s[field].length > 0) problems.push({ field: `scope.${field}`, message: `rule type "${record.type}" does not take a product scope` });
      }
      if (Object.keys(s.productAttributes).length > 0) problems.push({ field: 'scope.productAttributes', message: `rule type "${record.type}" does not take a product scope` });
    }
    problems.push(...(rulePlugin.check?.(rule, catalog) ?? []));
  } else {
    problems.push(...(registry.get('cost-factor', record.type, 'type').check?.(record as CostFactorRecord, catalog) ?? []));
  }
  if (record.startDate && record.endDate && Date.parse(record.startDate) > Date.parse(record.endDate)) {
    problems.push({ field: 'endDate', message: `is before startDate (${record.startDate})` });
  }
  return problems.map((p) => ({ code: 'E_PLUGIN_OPTIONS' as const, ...at, field: p.field, message: p.message }));
}

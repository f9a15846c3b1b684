import type { Catalog } from '../domain/catalog.js';
import type { RecordSource } from '../domain/raw-dataset.js';
import type { Dataset, RuleRecord, CostFactorRecord } from '../domain/types.js';
import type { Id } from '../domain/types.js';
import type { OpenDomError, Issue } from '../errors/errors.js';
import type { ConfigProblem } from '../plugins/contracts.js';
import type { PluginRegistry } from '../plugins/registry.js';

/**
 * Checks every rule and cost factor against its plugin: the type must be a
 * registered plugin, the options must match its schema (defaults are filled
 * in) and the plugin's own checks must pass. Returns every issue found.
 */
export function validatePluginConfig(
  dataset: Dataset,
  registry: PluginRegistry,
  catalog: Catalog,
  sources: { rules: Map<Id, RecordSource>; costFactors: Map<Id, RecordSource> },
): Issue[] {
  const issues: Issue[] = [];
  const solver = dataset.parameters.solver;
  if (!registry.has('solver', solver)) {
    issues.push({ code: 'E_PLUGIN_UNKNOWN', file: 'parameters', field: 'solver', pluginId: solver, message: registry.unknownMessage('solver', solver) });
  }
  for (const rule of dataset.rules) {
    issues.push(...checkRecord('rule', rule, registry, catalog, sources.rules.get(rule.id)));
  }
  for (const factor of dataset.costFactors) {
    issues.push(...checkRecord('cost-factor', factor, registry, catalog, sources.costFactors.get(factor.id)));
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

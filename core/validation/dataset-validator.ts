import type { RawDataset, RecordSource, SourcedRecord } from '../domain/raw-dataset.js';
import type {
  AttributeHolder,
  Attributes,
  Category,
  CostFactorRecord,
  Dataset,
  FulfillmentGroup,
  Id,
  InventoryRecord,
  Location,
  Parameters,
  Product,
  Profile,
  RuleRecord,
  SalesOrder,
  Variant,
} from '../domain/types.js';
import type { ErrorCode, Issue } from '../errors/errors.js';
import type { RecordKind } from '../schemas/records.schema.js';
import { checkRecord } from './check-record.js';
import { scheduleProblem, type Schedule } from '../schedule/schedule.js';

/** An order set aside before the run, with every reason (docs/spec.md §7). */
export interface InvalidOrder {
  orderId: Id | null;
  lineIds: Id[];
  issues: Issue[];
}

export interface ValidatedDataset {
  dataset: Dataset;
  /** Problems with configuration or reference data: the run must not start. */
  configIssues: Issue[];
  /** Orders set aside as `invalid-input`; the rest of the orders are in `dataset.orders`. */
  invalidOrders: InvalidOrder[];
  /** Where each record came from, by id, for later error messages. */
  sources: RecordSources;
}

export interface RecordSources {
  locations: Map<Id, RecordSource>;
  rules: Map<Id, RecordSource>;
  costFactors: Map<Id, RecordSource>;
  orders: Map<Id, RecordSource>;
}

const DEFAULT_PARAMETERS_SOURCE = { file: 'parameters', recordNumber: 1 };

/**
 * Validates every record of a raw dataset against its schema (filling
 * defaults) and checks ids and references. Configuration problems are all
 * collected, never only the first; invalid orders are separated from the rest.
 */
export function validateDataset(raw: RawDataset): ValidatedDataset {
  const issues: Issue[] = [];
  const issue = (code: ErrorCode, record: SourcedRecord, recordId: string | undefined, field: string, message: string) =>
    issues.push({ code, file: record.source.file, recordNumber: record.source.recordNumber, ...(recordId ? { recordId } : {}), field, message });

  for (const problem of raw.fileProblems ?? []) issues.push(...problem.issues);
  const parametersRecord = raw.parameters ?? { value: {}, source: DEFAULT_PARAMETERS_SOURCE };
  const parameters = validRecords<Parameters>([parametersRecord], 'parameters', issue)[0]?.value ?? null;

  const locations = unique(validRecords<Location>(raw.locations, 'location', issue), issue);
  const groups = unique(validRecords<FulfillmentGroup>(raw.groups, 'group', issue), issue);
  const categories = unique(validRecords<Category>(raw.categories, 'category', issue), issue);
  const products = unique(validRecords<Product>(raw.products, 'product', issue), issue);
  const variants = unique(validRecords<Variant>(raw.variants, 'variant', issue), issue);
  const inventory = validRecords<InventoryRecord>(raw.inventory, 'inventory', issue);
  const profiles = unique(validRecords<Profile>(raw.profiles, 'profile', issue), issue);
  const rules = unique(validRecords<RuleRecord>(raw.rules, 'rule', issue), issue);
  const costFactors = unique(validRecords<CostFactorRecord>(raw.costFactors, 'costFactor', issue), issue);

  const ids = {
    location: new Set(locations.map((r) => r.value.id)),
    group: new Set(groups.map((r) => r.value.id)),
    category: new Set(categories.map((r) => r.value.id)),
    product: new Set(products.map((r) => r.value.id)),
    variant: new Set(variants.map((r) => r.value.id)),
    rule: new Set(rules.map((r) => r.value.id)),
    costFactor: new Set(costFactors.map((r) => r.value.id)),
  };
  /** Reports ids that are not known; a list field names the position (`ruleIds[1]`), a single-id field itself. */
  const refs = (record: SourcedRecord, recordId: string, field: string, wanted: Id | Id[], known: Set<Id>, what: string) => {
    const list = Array.isArray(wanted) ? wanted : [wanted];
    list.forEach((id, i) => {
      if (!known.has(id)) issue('E_DATASET', record, recordId, Array.isArray(wanted) ? `${field}[${i}]` : field, `unknown ${what} "${id}"`);
    });
  };

  const checkSchedule = (record: SourcedRecord, recordId: string, field: string, schedule: Schedule) => {
    const problem = scheduleProblem(schedule);
    if (problem) issue('E_DATASET', record, recordId, `${field}.${problem.field}`, problem.message);
  };

  for (const r of groups) refs(r.record, r.value.id, 'locationIds', r.value.locationIds, ids.location, 'location');
  for (const r of categories) {
    if (r.value.parentId !== null) refs(r.record, r.value.id, 'parentId', r.value.parentId, ids.category, 'category');
  }
  for (const r of products) {
    refs(r.record, r.value.id, 'categoryIds', r.value.categoryIds, ids.category, 'category');
    refs(r.record, r.value.id, 'supplementalCategoryIds', r.value.supplementalCategoryIds, ids.category, 'category');
  }
  for (const r of variants) refs(r.record, r.value.id, 'productId', r.value.productId, ids.product, 'product');
  const stockKeys = new Set<string>();
  for (const r of inventory) {
    const { variantId, locationId, status, onHand, reserved } = r.value;
    const id = `${variantId}@${locationId}`;
    refs(r.record, id, 'variantId', variantId, ids.variant, 'variant');
    refs(r.record, id, 'locationId', locationId, ids.location, 'location');
    if (reserved > onHand) issue('E_DATASET', r.record, id, 'reserved', `reserved (${reserved}) exceeds onHand (${onHand})`);
    const key = `${id}/${status}`;
    if (stockKeys.has(key)) issue('E_DATASET', r.record, id, 'status', `duplicate inventory record for status "${status}"`);
    stockKeys.add(key);
  }
  if (parameters?.cleanupSchedule) checkSchedule(parametersRecord, '', 'cleanupSchedule', parameters.cleanupSchedule);
  for (const r of profiles) {
    const p = r.value;
    if (p.schedule) checkSchedule(r.record, p.id, 'schedule', p.schedule);
    if (p.fulfillmentGroupId !== null) refs(r.record, p.id, 'fulfillmentGroupId', p.fulfillmentGroupId, ids.group, 'group');
    refs(r.record, p.id, 'ruleIds', p.ruleIds, ids.rule, 'rule');
    refs(r.record, p.id, 'costFactorIds', p.costFactorIds, ids.costFactor, 'cost factor');
  }
  for (const r of rules) {
    const s = r.value.scope;
    refs(r.record, r.value.id, 'scope.locationIds', s.locationIds, ids.location, 'location');
    refs(r.record, r.value.id, 'scope.groupIds', s.groupIds, ids.group, 'group');
    refs(r.record, r.value.id, 'scope.variantIds', s.variantIds, ids.variant, 'variant');
    refs(r.record, r.value.id, 'scope.productIds', s.productIds, ids.product, 'product');
    refs(r.record, r.value.id, 'scope.categoryIds', s.categoryIds, ids.category, 'category');
    refs(r.record, r.value.id, 'scope.supplementalCategoryIds', s.supplementalCategoryIds, ids.category, 'category');
  }
  checkProfileConflicts(profiles, issue);
  const declared = parameters?.attributes ?? {};
  for (const [holder, records] of [['locations', locations], ['products', products], ['variants', variants]] as const) {
    for (const r of records) {
      for (const p of attributeTypeProblems(declared, holder, r.value.attributes, 'attributes')) issue('E_DATASET', r.record, r.value.id, p.field, p.message);
    }
  }

  const { orders, orderSources, invalidOrders } = validateOrders(raw.orders, ids.variant, declared);
  const dataset: Dataset = {
    parameters: parameters ?? (parametersRecord.value as Parameters),
    locations: locations.map((r) => r.value),
    groups: groups.map((r) => r.value),
    categories: categories.map((r) => r.value),
    products: products.map((r) => r.value),
    variants: variants.map((r) => r.value),
    inventory: inventory.map((r) => r.value),
    profiles: profiles.map((r) => r.value),
    rules: rules.map((r) => r.value),
    costFactors: costFactors.map((r) => r.value),
    orders,
  };
  const sources = {
    locations: new Map(locations.map((r) => [r.value.id, r.record.source])),
    rules: new Map(rules.map((r) => [r.value.id, r.record.source])),
    costFactors: new Map(costFactors.map((r) => [r.value.id, r.record.source])),
    orders: orderSources,
  };
  return { dataset, configIssues: issues, invalidOrders, sources };
}

interface Valid<T> {
  record: SourcedRecord;
  value: T;
}

type IssueSink = (code: ErrorCode, record: SourcedRecord, recordId: string | undefined, field: string, message: string) => void;

/** Records that pass their schema (defaults filled into a copy); the others are reported. */
function validRecords<T>(records: SourcedRecord[], kind: RecordKind, issue: IssueSink): Valid<T>[] {
  const valid: Valid<T>[] = [];
  for (const record of records) {
    if (record.parseError !== undefined) {
      issue('E_DATASET', record, undefined, '', record.parseError);
      continue;
    }
    const { value, errors } = checkRecord<T>(kind, record.value);
    if (value !== null) valid.push({ record, value });
    for (const e of errors) issue('E_DATASET', record, recordIdOf(record.value), e.field, e.message);
  }
  return valid;
}

/** Keeps the first record of each id and reports the others as duplicates. */
function unique<T extends { id: Id }>(records: Valid<T>[], issue: IssueSink): Valid<T>[] {
  const seen = new Map<Id, SourcedRecord>();
  return records.filter((r) => {
    const first = seen.get(r.value.id);
    if (first) {
      issue('E_DATASET', r.record, r.value.id, 'id', `duplicate id (first at ${first.source.file}#${first.source.recordNumber})`);
      return false;
    }
    seen.set(r.value.id, r.record);
    return true;
  });
}

function recordIdOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** docs/spec.md §1: a mode of delivery or a sales origin belongs to at most one enabled profile per legal entity. */
function checkProfileConflicts(profiles: Valid<Profile>[], issue: IssueSink): void {
  const owners = new Map<string, Profile>();
  for (const r of profiles) {
    const p = r.value;
    if (!p.enabled) continue;
    const claims = [
      ...p.modesOfDelivery.map((m) => ({ field: 'modesOfDelivery', what: 'mode of delivery', value: m })),
      ...p.salesOrigins.map((o) => ({ field: 'salesOrigins', what: 'sales origin', value: o })),
    ];
    for (const entity of p.legalEntities) {
      for (const claim of claims) {
        const key = `${entity}\u0000${claim.field}\u0000${claim.value}`;
        const owner = owners.get(key);
        if (owner) {
          issue('E_PROFILE', r.record, p.id, claim.field,
            `${claim.what} "${claim.value}" of legal entity "${entity}" is already in enabled profile "${owner.id}"; a ${claim.what} may belong to one enabled profile only`);
        } else owners.set(key, p);
      }
    }
  }
}

/**
 * Orders that fail their schema or references are set aside; line ids must be unique across orders.
 * Delivery coordinates are not checked here: the load stage's geocoding step fills or refuses them.
 */
function validateOrders(
  records: SourcedRecord[],
  variantIds: Set<Id>,
  declared: Parameters['attributes'],
): { orders: SalesOrder[]; orderSources: Map<Id, RecordSource>; invalidOrders: InvalidOrder[] } {
  const orders: SalesOrder[] = [];
  const orderSources = new Map<Id, RecordSource>();
  const invalidOrders: InvalidOrder[] = [];
  const orderIds = new Map<Id, SourcedRecord>();
  const lineIds = new Set<Id>();
  for (const record of records) {
    const orderId = recordIdOf(record.value) ?? null;
    const checked = record.parseError !== undefined ? null : checkRecord<SalesOrder>('order', record.value);
    const value = checked?.value ?? null;
    const schemaErrors = checked ? checked.errors : [{ field: '', message: record.parseError! }];
    const issues: Issue[] = schemaErrors.map((e) => ({
      code: 'E_DATASET' as const,
      file: record.source.file,
      recordNumber: record.source.recordNumber,
      ...(orderId ? { recordId: orderId } : {}),
      field: e.field,
      message: e.message,
    }));
    const add = (field: string, message: string) =>
      issues.push({ code: 'E_DATASET', file: record.source.file, recordNumber: record.source.recordNumber, ...(orderId ? { recordId: orderId } : {}), field, message });
    const rawLines = Array.isArray((record.value as { lines?: unknown })?.lines) ? ((record.value as { lines: unknown[] }).lines) : [];
    const ids = rawLines.map(recordIdOf).filter((id): id is Id => id !== undefined);
    if (orderId !== null) {
      const first = orderIds.get(orderId);
      if (first) add('id', `duplicate order id (first at ${first.source.file}#${first.source.recordNumber})`);
      else orderIds.set(orderId, record);
    }
    if (issues.length === 0) {
      const order = value as SalesOrder;
      const inOrder = new Set<Id>();
      for (const p of attributeTypeProblems(declared, 'orders', order.attributes, 'attributes')) add(p.field, p.message);
      order.lines.forEach((line, i) => {
        for (const p of attributeTypeProblems(declared, 'lines', line.attributes, `lines[${i}].attributes`)) add(p.field, p.message);
        if (!variantIds.has(line.variantId)) add(`lines[${i}].variantId`, `unknown variant "${line.variantId}"`);
        if (lineIds.has(line.id) || inOrder.has(line.id)) add(`lines[${i}].id`, `duplicate line id "${line.id}"`);
        inOrder.add(line.id);
      });
    }
    for (const id of ids) lineIds.add(id);
    if (issues.length === 0) {
      orders.push(value as SalesOrder);
      orderSources.set(orderId!, record.source);
    } else invalidOrders.push({ orderId, lineIds: ids, issues });
  }
  return { orders, orderSources, invalidOrders };
}

/** Attributes whose value is not of the type `parameters.attributes` declares for their kind of record. */
export function attributeTypeProblems(declared: Parameters['attributes'], holder: AttributeHolder, attributes: Attributes, at: string): Array<{ field: string; message: string }> {
  return Object.entries(declared[holder] ?? {}).flatMap(([name, type]) => {
    const value = attributes[name];
    return value === undefined || typeof value === type ? [] : [{ field: `${at}.${name}`, message: `must be a ${type}, as parameters.attributes.${holder} declares (got ${JSON.stringify(value)})` }];
  });
}

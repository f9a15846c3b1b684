import type { CollectionName } from '../domain/raw-dataset.js';

/**
 * JSON Schemas of every input record (docs/spec.md §1–2, §7). Defaults are filled
 * in by validation, so records may omit optional fields. The domain types
 * (`core/domain/types.ts`) are derived from these schemas, so the two never disagree.
 */

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** Free text: names, descriptions, address parts. */
const text = { type: 'string', maxLength: 1000 } as const;
const idList = { type: 'array', items: id, uniqueItems: true, maxItems: 100_000, default: [] } as const;
const dateTime = { type: 'string', format: 'date-time', maxLength: 64 } as const;
const dateOrDateTime = {
  anyOf: [
    { type: 'string', format: 'date', maxLength: 64 },
    { type: 'string', format: 'date-time', maxLength: 64 },
    { type: 'null' },
  ],
  default: null,
} as const;

/**
 * Numeric bounds (docs/spec.md §7): every number has a sensible maximum, and
 * counts stay far inside JavaScript's safe integers even when a run adds up
 * a million of them.
 */
export const LIMITS = {
  /** Units of one line. */
  lineQuantity: 1_000_000,
  /** Units on hand or reserved at one location. */
  stockUnits: 1_000_000_000,
  /** A unit price, a tax, a cost: 1e9 in the dataset's currency. */
  money: 1_000_000_000,
  /** Distances and radii, in the dataset's unit (the Earth's circumference is 24,901 mi). */
  distance: 100_000,
  /** Weight of one unit. */
  weight: 1_000_000,
  /** Attempts, rejections and other counters. */
  count: 1_000_000,
  /** Days of retention and rejection periods (a century). */
  days: 36_500,
} as const;

const nonNegative = { type: 'number', minimum: 0 } as const;
const count = { type: 'integer', minimum: 0, maximum: LIMITS.count } as const;
const days = { type: 'integer', minimum: 0, maximum: LIMITS.days } as const;
const money = { ...nonNegative, maximum: LIMITS.money } as const;
const stockUnits = { type: 'integer', minimum: 0, maximum: LIMITS.stockUnits } as const;
/** Versions are the source system's counters: any safe integer. */
const version = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 } as const;

/** An attribute's name: a partner's field on a record (docs/data-format.md, "Custom attributes"). */
const attributeName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;

/** The types an attribute may be declared with in `parameters.attributes`. */
export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean'] as const;

/** A partner's own data on a record (docs/data-format.md, "Custom attributes"): names to strings, numbers or booleans. */
export const attributesSchema = {
  type: 'object',
  maxProperties: 100,
  propertyNames: attributeName,
  additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 1000, minimum: -1e15, maximum: 1e15 },
  default: {},
} as const;

/** Attributes by name and value that a record must all have (a rule's scope). */
const attributeMatch = { ...attributesSchema, maxProperties: 20 } as const;

/** The declared type of each attribute of a collection. */
const attributeDeclarations = {
  type: 'object',
  maxProperties: 100,
  propertyNames: attributeName,
  additionalProperties: { enum: ATTRIBUTE_TYPES },
} as const;

/** The record kinds that carry attributes, by the key that declares their types in `parameters.attributes`. */
export const ATTRIBUTE_HOLDERS = ['locations', 'products', 'variants', 'orders', 'lines'] as const;

export const coordinatesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['latitude', 'longitude'],
  properties: {
    latitude: { type: 'number', minimum: -90, maximum: 90 },
    longitude: { type: 'number', minimum: -180, maximum: 180 },
  },
} as const;

export const addressSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'a postal address; coordinates may be absent when a geocoder supplies them',
  properties: {
    street: text,
    city: text,
    state: text,
    postalCode: text,
    country: text,
    coordinates: coordinatesSchema,
  },
} as const;

/** A recurrence (docs/spec.md §6.9): a cron expression read in an IANA time zone, both checked when the record is. */
export const scheduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cron', 'timeZone'],
  properties: {
    cron: { type: 'string', minLength: 1, maxLength: 200 },
    timeZone: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export const parametersSchema = {
  $id: 'opendom/parameters',
  type: 'object',
  additionalProperties: false,
  properties: {
    solver: { ...id, default: 'dom/highs', description: 'the solver plugin id used when the run does not name one' },
    maxAutoFulfillmentAttempts: { ...count, minimum: 1, default: 3 },
    localStoreRegionRadius: { ...nonNegative, maximum: LIMITS.distance, default: 0, description: 'locations within this radius of the customer count as equally near (0: the exact distance)' },
    distanceUnit: { enum: ['mi', 'km'], default: 'mi' },
    weightUnit: { enum: ['lb', 'kg'], default: 'lb', description: 'the unit of variant weights and of every weight in cost factor options' },
    roadDistance: { type: 'boolean', default: false, description: "distances are road distances (the engine's distance provider must measure road distance)" },
    planRetentionDays: { ...days, default: 30 },
    logRetentionDays: { ...days, default: 30 },
    rejectionPeriodDays: { ...days, default: 7 },
    threadUtilization: { type: 'integer', minimum: 0, maximum: 100, default: 0, description: 'share of the machine (0–100) parallel batches may use; 0: one batch at a time' },
    poolGuideWindowLines: {
      ...count,
      default: 20_000,
      description: 'a run of more than one batch is first planned whole by the simplified solver, in windows of at most this many lines in arrival order, and each batch keeps for later batches what that plan gives their orders (0: never)',
    },
    skipAcceptedStoreOrders: { type: 'boolean', default: false },
    cleanupSchedule: { ...scheduleSchema, description: 'when opendom serve cleans up (docs/service.md); none: only on request' },
    attributes: {
      type: 'object',
      additionalProperties: false,
      description: 'the type of each custom attribute, per kind of record; an attribute not declared may hold a string, a number or a boolean',
      properties: Object.fromEntries(ATTRIBUTE_HOLDERS.map((holder) => [holder, attributeDeclarations])) as Record<(typeof ATTRIBUTE_HOLDERS)[number], typeof attributeDeclarations>,
      default: {},
    },
  },
} as const;

export const locationSchema = {
  $id: 'opendom/location',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'legalEntity', 'address'],
  properties: {
    id,
    name: { ...text, default: '' },
    type: { enum: ['store', 'warehouse', 'distribution-center'], default: 'store' },
    legalEntity: id,
    address: addressSchema,
    shipping: { type: 'boolean', default: true },
    pickup: { type: 'boolean', default: false },
    attributes: attributesSchema,
  },
} as const;

export const groupSchema = {
  $id: 'opendom/group',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'locationIds'],
  properties: {
    id,
    name: { ...text, default: '' },
    locationIds: { ...idList, minItems: 1 },
  },
} as const;

export const categorySchema = {
  $id: 'opendom/category',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id,
    name: text,
    parentId: { anyOf: [id, { type: 'null' }], default: null },
    supplemental: { type: 'boolean', default: false },
  },
} as const;

export const productSchema = {
  $id: 'opendom/product',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id,
    name: text,
    categoryIds: idList,
    supplementalCategoryIds: idList,
    attributes: attributesSchema,
  },
} as const;

export const variantSchema = {
  $id: 'opendom/variant',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'productId'],
  properties: {
    id,
    productId: id,
    color: text,
    size: text,
    style: text,
    configuration: text,
    weight: { ...nonNegative, maximum: LIMITS.weight, description: "weight of one unit, in the dataset's weightUnit (used by weight-based cost factors)" },
    attributes: attributesSchema,
  },
} as const;

export const inventorySchema = {
  $id: 'opendom/inventory',
  type: 'object',
  additionalProperties: false,
  required: ['variantId', 'locationId', 'onHand'],
  properties: {
    variantId: id,
    locationId: id,
    status: { ...id, default: 'available', description: 'inventory status; only available counts towards what OpenDOM may use' },
    onHand: stockUnits,
    reserved: { ...stockUnits, default: 0, description: "units the source system reserves for its own purposes (not OpenDOM's allocations)" },
    asOf: { anyOf: [dateTime, { type: 'null' }], default: null, description: 'the instant the source took this snapshot: a line shipped at or before it is already out of onHand; null: it reflects every shipment OpenDOM knows of' },
  },
} as const;

export const EXCEPTION_TYPES = [
  'no-quantity-available',
  'rejected',
  'maximum-rejections',
  'maximum-attempts',
  'data-modification-conflict',
  'invalid-input',
  'batch-failed',
] as const;

export const salesLineSchema = {
  $id: 'opendom/sales-line',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'variantId', 'quantity', 'unitPrice', 'modeOfDelivery'],
  properties: {
    id,
    variantId: id,
    quantity: { type: 'integer', minimum: 1, maximum: LIMITS.lineQuantity },
    unitPrice: money,
    tax: { ...money, default: 0, description: 'tax of the whole line' },
    modeOfDelivery: id,
    deliveryType: { enum: ['ship', 'pickup', 'electronic'], default: 'ship' },
    excluded: { type: 'boolean', default: false },
    markedForDelivery: { type: 'boolean', default: false },
    domStatus: { enum: ['none', 'complete', 'exception'], default: 'none' },
    exceptionType: { anyOf: [{ enum: EXCEPTION_TYPES }, { type: 'null' }], default: null },
    attempts: { ...count, default: 0 },
    rejections: {
      type: 'array',
      maxItems: 10_000,
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['locationId', 'at'],
        properties: { locationId: id, at: dateTime },
      },
    },
    assignedLocationId: { anyOf: [id, { type: 'null' }], default: null, description: 'the location the line is assigned to, when it is' },
    acceptedByStore: { type: 'boolean', default: false, description: 'whether the assigned store accepted the line' },
    shipped: { type: 'boolean', default: false, description: 'whether the line has shipped (assigned lines that have not count towards maximum orders)' },
    shippedAt: { anyOf: [dateTime, { type: 'null' }], default: null, description: 'when it shipped, as the shipping system says; null when unknown or not shipped' },
    cancelled: { type: 'boolean', default: false, description: 'cancelled by the source system: never brokered again, its allocation released' },
    splitFrom: { anyOf: [id, { type: 'null' }], default: null, description: 'the line this one was split from by applying a plan, or null' },
    rejectionsResetAt: { anyOf: [dateTime, { type: 'null' }], default: null, description: 'when an operator last reset the line: the maximum rejects rule counts only rejections after it' },
    version,
    attributes: attributesSchema,
  },
} as const;

export const salesOrderSchema = {
  $id: 'opendom/sales-order',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'legalEntity', 'deliveryAddress', 'createdAt', 'lines'],
  properties: {
    id,
    legalEntity: id,
    salesOrigin: { anyOf: [id, { type: 'null' }], default: null },
    deliveryAddress: addressSchema,
    onHold: { type: 'boolean', default: false },
    createdAt: dateTime,
    version,
    attributes: attributesSchema,
    lines: { type: 'array', minItems: 1, maxItems: 10_000, items: salesLineSchema },
  },
} as const;

const scopeSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    locationIds: idList,
    groupIds: idList,
    variantIds: idList,
    productIds: idList,
    categoryIds: idList,
    supplementalCategoryIds: idList,
    locationAttributes: { ...attributeMatch, description: 'locations whose attributes have all these values (empty: any)' },
    productAttributes: { ...attributeMatch, description: "variants whose attributes — or their product's, where the variant has none of that name — have all these values (empty: any)" },
  },
} as const;

/** Fields common to rules and cost factors: a plugin type, a validity window and the plugin's options. */
const pluginRecordProperties = {
  id,
  type: { ...id, description: 'the plugin id, e.g. dom/max-distance' },
  description: text,
  startDate: dateOrDateTime,
  endDate: dateOrDateTime,
  options: { type: 'object', default: {} },
} as const;

export const ruleSchema = {
  $id: 'opendom/rule',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type'],
  properties: {
    ...pluginRecordProperties,
    disabled: { type: 'boolean', default: false },
    hardConstraint: { type: 'boolean', default: false },
    scope: scopeSchema,
  },
} as const;

export const costFactorSchema = {
  $id: 'opendom/cost-factor',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'company'],
  properties: {
    ...pluginRecordProperties,
    active: { type: 'boolean', default: true },
    company: { ...id, description: 'the legal entity the factor belongs to' },
  },
} as const;

export const profileSchema = {
  $id: 'opendom/profile',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'legalEntities', 'modesOfDelivery'],
  properties: {
    id,
    name: { ...text, default: '' },
    enabled: { type: 'boolean', default: true },
    legalEntities: { ...idList, minItems: 1 },
    modesOfDelivery: { ...idList, minItems: 1 },
    salesOrigins: idList,
    processEmptyOrigin: { type: 'boolean', default: false },
    fulfillmentGroupId: { anyOf: [id, { type: 'null' }], default: null, description: 'limits candidate locations to this group when set' },
    autoApply: { type: 'boolean', default: false },
    maxLinesPerOptimization: { type: 'integer', minimum: 0, maximum: LIMITS.count, default: 0, description: "0: the solver's default batch size" },
    ruleIds: idList,
    costFactorIds: idList,
    schedule: { ...scheduleSchema, description: 'when opendom serve runs the profile (docs/spec.md §6.9); none: only on request' },
  },
} as const;

/** A shipment or cancellation reported by the source system (`line-events.*` in a dataset directory; docs/store.md). */
export const lineEventSchema = {
  $id: 'opendom/line-event',
  type: 'object',
  additionalProperties: false,
  required: ['lineId', 'event', 'at'],
  properties: {
    lineId: id,
    event: { enum: ['shipped', 'cancelled'] },
    at: dateTime,
    locationId: id,
  },
} as const;

/** The schema of each record kind, by the name used in errors and file names. */
export const recordSchemas = {
  parameters: parametersSchema,
  location: locationSchema,
  group: groupSchema,
  category: categorySchema,
  product: productSchema,
  variant: variantSchema,
  inventory: inventorySchema,
  order: salesOrderSchema,
  rule: ruleSchema,
  costFactor: costFactorSchema,
  profile: profileSchema,
  lineEvent: lineEventSchema,
} as const;

export type RecordKind = keyof typeof recordSchemas;

/** The record kind of each collection of a dataset. */
export const RECORD_KINDS: Record<CollectionName, RecordKind> = {
  locations: 'location',
  groups: 'group',
  categories: 'category',
  products: 'product',
  variants: 'variant',
  inventory: 'inventory',
  profiles: 'profile',
  rules: 'rule',
  costFactors: 'costFactor',
  orders: 'order',
};

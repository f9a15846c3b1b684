import type { CollectionName } from '../domain/raw-dataset.js';

/**
 * JSON Schemas of every input record (SPEC.md §1–2, §7). Defaults are filled
 * in by validation, so records may omit optional fields.
 */

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const idList = { type: 'array', items: id, uniqueItems: true, default: [] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const dateOrDateTime = {
  anyOf: [
    { type: 'string', format: 'date' },
    { type: 'string', format: 'date-time' },
    { type: 'null' },
  ],
  default: null,
} as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const nonNegativeInteger = { type: 'integer', minimum: 0 } as const;

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
  properties: {
    street: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string' },
    postalCode: { type: 'string' },
    country: { type: 'string' },
    coordinates: coordinatesSchema,
  },
} as const;

export const parametersSchema = {
  $id: 'opendom/parameters',
  type: 'object',
  additionalProperties: false,
  properties: {
    solver: { ...id, default: 'dom/highs' },
    maxAutoFulfillmentAttempts: { type: 'integer', minimum: 1, default: 3 },
    localStoreRegionRadius: { ...nonNegative, default: 0 },
    distanceUnit: { enum: ['mi', 'km'], default: 'mi' },
    weightUnit: { enum: ['lb', 'kg'], default: 'lb' },
    roadDistance: { type: 'boolean', default: false },
    planRetentionDays: { ...nonNegativeInteger, default: 30 },
    logRetentionDays: { ...nonNegativeInteger, default: 30 },
    rejectionPeriodDays: { ...nonNegativeInteger, default: 7 },
    threadUtilization: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
    skipAcceptedStoreOrders: { type: 'boolean', default: false },
  },
} as const;

export const locationSchema = {
  $id: 'opendom/location',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'legalEntity', 'address'],
  properties: {
    id,
    name: { type: 'string', default: '' },
    type: { enum: ['store', 'warehouse', 'distribution-center'], default: 'store' },
    legalEntity: id,
    address: addressSchema,
    shipping: { type: 'boolean', default: true },
    pickup: { type: 'boolean', default: false },
  },
} as const;

export const groupSchema = {
  $id: 'opendom/group',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'locationIds'],
  properties: {
    id,
    name: { type: 'string', default: '' },
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
    name: { type: 'string' },
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
    name: { type: 'string' },
    categoryIds: idList,
    supplementalCategoryIds: idList,
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
    color: { type: 'string' },
    size: { type: 'string' },
    style: { type: 'string' },
    configuration: { type: 'string' },
    weight: nonNegative,
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
    status: { type: 'string', minLength: 1, default: 'available' },
    onHand: nonNegativeInteger,
    reserved: { ...nonNegativeInteger, default: 0 },
  },
} as const;

const exceptionTypes = [
  'no-quantity-available',
  'rejected',
  'maximum-rejections',
  'maximum-attempts',
  'data-modification-conflict',
  'invalid-input',
] as const;

export const salesLineSchema = {
  $id: 'opendom/sales-line',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'variantId', 'quantity', 'unitPrice', 'modeOfDelivery'],
  properties: {
    id,
    variantId: id,
    quantity: { type: 'integer', minimum: 1 },
    unitPrice: nonNegative,
    tax: { ...nonNegative, default: 0 },
    modeOfDelivery: id,
    deliveryType: { enum: ['ship', 'pickup', 'electronic'], default: 'ship' },
    excluded: { type: 'boolean', default: false },
    markedForDelivery: { type: 'boolean', default: false },
    domStatus: { enum: ['none', 'complete', 'exception'], default: 'none' },
    exceptionType: { anyOf: [{ enum: exceptionTypes }, { type: 'null' }], default: null },
    attempts: { ...nonNegativeInteger, default: 0 },
    rejections: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['locationId', 'at'],
        properties: { locationId: id, at: dateTime },
      },
    },
    assignedLocationId: { anyOf: [id, { type: 'null' }], default: null },
    acceptedByStore: { type: 'boolean', default: false },
    shipped: { type: 'boolean', default: false },
    version: { ...nonNegativeInteger, default: 0 },
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
    version: { ...nonNegativeInteger, default: 0 },
    lines: { type: 'array', minItems: 1, items: salesLineSchema },
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
  },
} as const;

/** Fields common to rules and cost factors: a plugin type, a validity window and the plugin's options. */
const pluginRecordProperties = {
  id,
  type: id,
  description: { type: 'string' },
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
    company: id,
  },
} as const;

export const profileSchema = {
  $id: 'opendom/profile',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'legalEntities', 'modesOfDelivery'],
  properties: {
    id,
    name: { type: 'string', default: '' },
    enabled: { type: 'boolean', default: true },
    legalEntities: { ...idList, minItems: 1 },
    modesOfDelivery: { ...idList, minItems: 1 },
    salesOrigins: idList,
    processEmptyOrigin: { type: 'boolean', default: false },
    fulfillmentGroupId: { anyOf: [id, { type: 'null' }], default: null },
    autoApply: { type: 'boolean', default: false },
    maxLinesPerOptimization: { ...nonNegativeInteger, default: 0 },
    ruleIds: idList,
    costFactorIds: idList,
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

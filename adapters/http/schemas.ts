import { COLLECTION_NAMES, EXCEPTION_TYPES, planSchema, ROLES, salesLineSchema, suggestRequestSchema } from '../../index.js';

/**
 * JSON Schemas of the service's bodies and answers: the project's own
 * schemas where they exist (records, plans, suggest), the rest here. They
 * validate requests, shape answers and make the OpenAPI document.
 */

/** A schema embedded in a route: without `$id` (a route's schemas are compiled on their own, an id may appear once). */
export function inline<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(inline) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$id').map(([key, value]) => [key, inline(value)])) as T;
}

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
export const idParam = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the project\'s error code, `errors` the fields at fault.',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: str,
    title: str,
    status: int,
    detail: str,
    instance: str,
    code: str,
    requestId: str,
    todo: str,
    errors: {
      type: 'array',
      items: { type: 'object', required: ['message'], properties: { field: str, file: str, recordNumber: int, recordId: str, message: str } },
    },
  },
} as const;

/** The answers a route may give besides its own: a problem for each status it can meet. */
export function withProblems<T extends Record<number, unknown>>(ok: T): T & Record<number, unknown> {
  const problem = { ...problemSchema };
  return { ...ok, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 413: problem, 422: problem, 429: problem, 500: problem, 503: problem };
}

export const runSchema = {
  type: 'object',
  required: ['id', 'profileId', 'status', 'startedAt'],
  properties: {
    id: str,
    profileId: str,
    status: { enum: ['running', 'planned', 'applying', 'applied', 'failed', 'interrupted'] },
    startedAt: dateTime,
    finishedAt: nullableDateTime,
    batchesTotal: { type: ['integer', 'null'] },
    batchesDone: int,
    ordersTotal: { type: ['integer', 'null'] },
    ordersApplied: int,
    planId: nullableStr,
    error: nullableStr,
    scheduledFor: nullableDateTime,
    cancelRequested: { type: 'boolean', description: 'a cancel was asked of this service (the run ends failed, E_CANCELLED, unless it had begun applying)' },
  },
} as const;

/** What a run may be started with: the options of `opendom run`. */
export const runRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['profileId'],
  properties: {
    profileId: idParam,
    apply: { type: 'boolean', description: 'apply whatever the profile says (true), or only store the plan (false); default: the profile\'s autoApply' },
    solver: idParam,
    timeLimitSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86_400 },
    relativeGap: { type: 'number', minimum: 0, maximum: 1 },
    asOf: { type: 'string', format: 'date-time' },
    removalsListed: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
} as const;

export const planListingSchema = {
  type: 'object',
  properties: {
    planId: str,
    runId: nullableStr,
    profileId: str,
    createdAt: dateTime,
    solverStatus: str,
    lines: int,
    fillRate: num,
    orders: int,
    ordersSettled: int,
  },
} as const;

const plan = inline(planSchema);
const { lines: planLine, selection: _selection, log: _log, ...headerProperties } = plan.properties;

/** A plan's header: everything but its lines, selection and log. */
export const planHeaderSchema = {
  type: 'object',
  properties: headerProperties,
} as const;

export const planPageSchema = {
  type: 'object',
  required: ['plan', 'lines', 'page'],
  properties: {
    plan: planHeaderSchema,
    lines: planLine,
    page: { type: 'object', required: ['offset', 'limit', 'total'], properties: { offset: int, limit: int, total: int } },
  },
} as const;

/** A whole plan, as `opendom run --out` writes it; or one restricted to a line (or exception), as `opendom explain` reads it. */
export const wholePlanSchema = plan;

export const applyReportSchema = {
  type: 'object',
  properties: {
    planId: str,
    orders: int,
    outcomes: { type: 'object', additionalProperties: int },
    alreadySettled: int,
    notApplied: { type: 'array', items: { type: 'object', properties: { orderId: str, outcome: str, detail: str } } },
  },
} as const;

export const applyStatusSchema = {
  type: 'object',
  required: ['planId', 'state', 'settled', 'error'],
  properties: {
    planId: str,
    state: { enum: ['applying', 'failed', 'applied', 'partly-applied', 'not-applied'] },
    settled: applyReportSchema,
    error: { anyOf: [{ type: 'object', properties: { code: str, message: str } }, { type: 'null' }] },
  },
} as const;

const salesLine = inline(salesLineSchema);

export const lineSchema = {
  type: 'object',
  required: ['orderId', 'orderVersion', 'line'],
  properties: { orderId: str, orderVersion: int, line: salesLine },
} as const;

export const lineChangeSchema = {
  type: 'object',
  required: ['orderId', 'before', 'after'],
  properties: { orderId: str, before: salesLine, after: salesLine },
} as const;

export const lineEventOutcomeSchema = {
  type: 'object',
  required: ['outcome'],
  properties: { outcome: { enum: ['changed', 'unchanged', 'refused'] }, code: str, message: str },
} as const;

export const planKpisSchema = {
  type: 'object',
  properties: {
    planId: str, runId: nullableStr, profileId: str, createdAt: dateTime, solverId: str, solverStatus: str,
    gap: { type: ['number', 'null'] }, seconds: num, orders: int, lines: int, units: int, unitsFulfilled: int, fillRate: num,
    cost: num, costPerUnit: num, shipmentsPerOrder: num, splitOrders: int, splitRate: num, exceptions: int,
    costByFactor: { type: 'object', additionalProperties: num },
  },
} as const;

export const planMapSchema = {
  type: 'object',
  properties: {
    planId: str,
    locations: {
      type: 'array',
      items: { type: 'object', properties: { locationId: str, name: str, type: str, latitude: num, longitude: num, orders: int, units: int } },
    },
    orders: {
      type: 'array',
      items: {
        type: 'object',
        properties: { orderId: str, latitude: num, longitude: num, units: int, shipments: { type: 'array', items: { type: 'object', properties: { locationId: str, units: int } } } },
      },
    },
    unplaced: int,
  },
} as const;

export const exceptionLinesSchema = {
  type: 'object',
  properties: {
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          orderId: str, lineId: str, variantId: str, quantity: int, exceptionType: str, attempts: int,
          rejections: { type: 'array', items: { type: 'object', properties: { locationId: str, at: dateTime } } },
          rejectionsResetAt: nullableDateTime,
        },
      },
    },
    byType: { type: 'object', additionalProperties: int },
    page: { type: 'object', properties: { offset: int, limit: int, total: int } },
  },
} as const;

export const keyListingSchema = {
  type: 'object',
  properties: { id: str, name: str, role: { enum: [...ROLES] }, createdAt: dateTime, revokedAt: nullableDateTime },
} as const;

export const scheduleStatusSchema = {
  type: 'object',
  properties: {
    kind: { enum: ['run', 'cleanup'] },
    profileId: nullableStr,
    cron: str,
    timeZone: str,
    nextDue: nullableDateTime,
    lastTick: {
      anyOf: [
        { type: 'null' },
        { type: 'object', properties: { at: dateTime, outcome: { enum: ['started', 'skipped', 'failed', 'done'] }, detail: str, runId: str } },
      ],
    },
  },
} as const;

export const suggestBodySchema = {
  ...inline(suggestRequestSchema),
  properties: { ...inline(suggestRequestSchema).properties, asOf: { type: 'string', format: 'date-time', description: 'the instant to judge rule dates at (default: now)' } },
} as const;

const costTerm = { type: 'object', properties: { factorId: str, amount: num } } as const;

export const suggestResultSchema = {
  type: 'object',
  required: ['profileId', 'distanceUnit', 'locations'],
  properties: {
    profileId: nullableStr,
    distanceUnit: { enum: ['mi', 'km'] },
    reason: str,
    locations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          locationId: str,
          name: str,
          type: str,
          distance: num,
          available: num,
          priorityTier: { type: ['number', 'null'] },
          cost: num,
          costBreakdown: { type: 'array', items: costTerm },
          breaks: { type: 'array', items: { type: 'object', properties: { ruleId: str, pluginId: str, messageId: str, message: str } } },
        },
      },
    },
  },
} as const;

const issueSchema = {
  type: 'object',
  properties: { code: str, file: str, recordNumber: int, recordId: str, field: str, pluginId: str, message: str },
} as const;

export const issuesSchema = { type: 'array', items: issueSchema } as const;

const collectionImport = {
  type: 'object',
  properties: { read: int, refused: int, inserted: int, updated: int, unchanged: int, stored: { type: 'boolean' } },
} as const;

export const importReportSchema = {
  type: 'object',
  required: ['collections', 'issues'],
  properties: {
    collections: { type: 'object', additionalProperties: collectionImport },
    lineEvents: { type: 'object', properties: { read: int, refused: int, changed: int, unchanged: int } },
    issues: issuesSchema,
  },
} as const;

/** The most records one collection of a request may hold (the body limit bounds them too). */
const MAX_RECORDS = 1_000_000;
const records = { type: 'array', maxItems: MAX_RECORDS, items: {} } as const;

/**
 * An import body: records by collection, each checked record by record by
 * the import (a refused record is reported, the others stored), so the body
 * schema only asks for arrays of anything.
 */
export const importBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    parameters: { type: 'object' },
    ...Object.fromEntries(COLLECTION_NAMES.map((name) => [name, records])),
    lineEvents: records,
  },
} as const;

/** The collections that configure (all but the transactional orders and inventory). */
export const CONFIGURATION_COLLECTIONS = COLLECTION_NAMES.filter((name) => name !== 'orders' && name !== 'inventory');

/** A configuration change to check: configuration records by collection, each replacing the stored one of its id. */
export const configurationBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    parameters: { type: 'object' },
    ...Object.fromEntries(CONFIGURATION_COLLECTIONS.map((name) => [name, records])),
  },
} as const;

export const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    offset: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

/** A page of a plan's lines, only those that pass every filter given. */
export const planLinesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuerySchema.properties,
    fulfillmentType: { enum: ['full', 'partial', 'none'], description: 'lines fulfilled in full, in part, or not at all' },
    split: { type: 'boolean', description: 'lines shipped from more than one location (true) or from at most one (false)' },
    locationId: { ...idParam, description: 'lines with an assignment at this location' },
    exceptionType: { enum: [...EXCEPTION_TYPES], description: 'lines the plan leaves in this exception' },
    orderId: { ...idParam, description: 'the lines of this order' },
  },
} as const;

export const exceptionQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuerySchema.properties, exceptionType: { enum: [...EXCEPTION_TYPES] } },
} as const;

export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    profileId: idParam,
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
  },
} as const;

export const idParams = (...names: string[]) => ({
  type: 'object',
  required: names,
  properties: Object.fromEntries(names.map((n) => [n, idParam])),
}) as const;

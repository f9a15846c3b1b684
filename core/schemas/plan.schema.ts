/** JSON Schema of a fulfillment plan (core/plan/plan.ts). */

const num = { type: 'number' } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const costTerms = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['factorId', 'amount'], properties: { factorId: str, amount: num } },
} as const;
const candidateCost = {
  type: 'object',
  additionalProperties: false,
  required: ['locationId', 'distance', 'cost', 'costBreakdown', 'priorityTier'],
  properties: { locationId: str, distance: num, cost: num, costBreakdown: costTerms, priorityTier: nullableNum },
} as const;
const solveStatus = { enum: ['optimal', 'feasible', 'infeasible', 'no-solution', 'error'] } as const;
const exceptionType = {
  enum: ['no-quantity-available', 'rejected', 'maximum-rejections', 'maximum-attempts', 'data-modification-conflict', 'invalid-input', 'batch-failed'],
} as const;
const stageTimes = ['load', 'filter', 'build-model', 'solve', 'post-process', 'total'] as const;
const fallbackProperties = { reason: str, used: { enum: ['greedy', 'nothing'] } } as const;
const decompositionFields = ['settledOrders', 'prunedArcs', 'components', 'columns', 'rows', 'nonZeros', 'largestColumns'] as const;

export const planSchema = {
  $id: 'opendom/plan',
  type: 'object',
  additionalProperties: false,
  required: ['planId', 'profileId', 'createdAt', 'asOf', 'distanceUnit', 'solver', 'timings', 'batches', 'totals', 'lines', 'exceptions', 'selection', 'log'],
  properties: {
    planId: str,
    profileId: str,
    createdAt: { type: 'string', format: 'date-time' },
    asOf: { type: 'string', format: 'date-time' },
    distanceUnit: { enum: ['mi', 'km'] },
    solver: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'kind', 'status', 'objective', 'bound', 'gap', 'fallbacks'],
      properties: {
        id: str,
        kind: { enum: ['production', 'simplified'] },
        status: solveStatus,
        // Not required: plans stored before they existed are still read.
        units: { type: 'object', additionalProperties: false, required: ['fulfilled', 'total', 'bound'], properties: { fulfilled: num, total: num, bound: nullableNum } },
        priority: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: false, required: ['value', 'bound'], properties: { value: num, bound: nullableNum } }] },
        cost: { type: 'object', additionalProperties: false, required: ['value', 'bound', 'gap'], properties: { value: num, bound: nullableNum, gap: nullableNum } },
        objective: nullableNum,
        bound: nullableNum,
        gap: nullableNum,
        fallbacks: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['batch', 'iteration', 'reason', 'used'],
            properties: { batch: num, iteration: { enum: [1, 2] }, ...fallbackProperties },
          },
        },
      },
    },
    timings: {
      type: 'object',
      additionalProperties: false,
      required: [...stageTimes],
      properties: Object.fromEntries(stageTimes.map((s) => [s, { type: 'number', minimum: 0 }])),
    },
    batches: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['index', 'orders', 'lines', 'iterations'],
        properties: {
          index: num,
          orders: num,
          lines: num,
          iterations: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['iteration', 'lines', 'arcs', 'model', 'status', 'objective', 'bound', 'gap', 'levels', 'fallback', 'decomposition'],
              properties: {
                iteration: { enum: [1, 2] },
                lines: num,
                arcs: num,
                model: {
                  anyOf: [
                    { type: 'null' },
                    { type: 'object', additionalProperties: false, required: ['columns', 'rows', 'nonZeros'], properties: { columns: num, rows: num, nonZeros: num } },
                  ],
                },
                status: solveStatus,
                objective: nullableNum,
                bound: nullableNum,
                gap: nullableNum,
                levels: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: num }] },
                units: { type: 'object', additionalProperties: false, required: ['total', 'fulfilled'], properties: { total: num, fulfilled: num } },
                bounds: {
                  anyOf: [
                    { type: 'null' },
                    { type: 'object', additionalProperties: false, required: ['unitsFulfilled', 'priority', 'cost'], properties: { unitsFulfilled: num, priority: num, cost: num } },
                  ],
                },
                fallback: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: false, required: ['reason', 'used'], properties: fallbackProperties }] },
                decomposition: {
                  anyOf: [
                    { type: 'null' },
                    {
                      type: 'object',
                      additionalProperties: false,
                      required: [...decompositionFields],
                      properties: Object.fromEntries(decompositionFields.map((f) => [f, { type: 'integer', minimum: 0 }])),
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
    totals: {
      type: 'object',
      additionalProperties: false,
      required: ['orders', 'lines', 'linesFulfilled', 'linesPartial', 'units', 'unitsFulfilled', 'fillRate', 'shipments', 'shipmentsPerOrder', 'splitOrders', 'cost', 'costByFactor'],
      properties: {
        orders: num,
        lines: num,
        linesFulfilled: num,
        linesPartial: num,
        units: num,
        unitsFulfilled: num,
        fillRate: { type: 'number', minimum: 0, maximum: 1 },
        shipments: num,
        shipmentsPerOrder: num,
        splitOrders: num,
        cost: num,
        costByFactor: { type: 'object', additionalProperties: num },
      },
    },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orderId', 'lineId', 'variantId', 'quantity', 'fulfillmentType', 'split', 'locationCount', 'splitInto', 'iteration', 'batch', 'assignments', 'exceptionType', 'explanation'],
        properties: {
          orderId: str,
          lineId: str,
          variantId: str,
          quantity: { type: 'integer', minimum: 1 },
          fulfillmentType: { enum: ['full', 'partial', 'none'] },
          split: { type: 'boolean' },
          locationCount: { type: 'integer', minimum: 0 },
          splitInto: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['lineId', 'locationId', 'quantity', 'amount', 'tax'],
              properties: { lineId: str, locationId: nullableStr, quantity: { type: 'integer', minimum: 1 }, amount: num, tax: num },
            },
          },
          iteration: { enum: [1, 2, null] },
          batch: num,
          assignments: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['locationId', 'quantity', 'distance', 'cost', 'costBreakdown', 'priorityTier'],
              properties: { locationId: str, quantity: { type: 'integer', minimum: 1 }, distance: num, cost: num, costBreakdown: costTerms, priorityTier: nullableNum },
            },
          },
          exceptionType: { anyOf: [exceptionType, { type: 'null' }] },
          explanation: {
            type: 'object',
            additionalProperties: false,
            required: ['candidates', 'locationsWithoutStock', 'removed', 'removedByRule', 'decision', 'chosen', 'alternatives'],
            properties: {
              candidates: num,
              locationsWithoutStock: num,
              removed: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['locationId', 'ruleId', 'pluginId', 'messageId', 'reason'],
                  properties: { locationId: str, ruleId: nullableStr, pluginId: nullableStr, messageId: str, reason: str },
                },
              },
              removedByRule: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['ruleId', 'pluginId', 'messageId', 'count'],
                  properties: { ruleId: nullableStr, pluginId: nullableStr, messageId: str, count: { type: 'integer', minimum: 1 } },
                },
              },
              decision: str,
              chosen: { type: 'array', items: candidateCost },
              alternatives: {
                type: 'array',
                items: { ...candidateCost, required: [...candidateCost.required, 'whyNot'], properties: { ...candidateCost.properties, whyNot: str } },
              },
            },
          },
        },
      },
    },
    exceptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orderId', 'lineId', 'exceptionType', 'reason'],
        properties: { orderId: nullableStr, lineId: nullableStr, exceptionType, reason: str, quantity: num },
      },
    },
    selection: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orderId', 'version', 'lines'],
        properties: {
          orderId: str,
          version: { type: 'integer', minimum: 0 },
          lines: {
            type: 'array',
            items: { type: 'object', additionalProperties: false, required: ['lineId', 'version'], properties: { lineId: str, version: { type: 'integer', minimum: 0 } } },
          },
        },
      },
    },
    // Not required: plans stored before it existed are still read.
    orderLimits: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['locationId', 'limit'], properties: { locationId: str, limit: { type: 'integer', minimum: 0 } } },
    },
    log: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['level', 'message'], properties: { level: { enum: ['info', 'warn'] }, message: str } },
    },
  },
} as const;

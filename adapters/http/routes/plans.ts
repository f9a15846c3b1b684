import type { FastifyInstance } from 'fastify';
import type { ServiceParts } from '../app.js';
import { planNotFound } from '../plan-applies.js';
import { HttpProblem } from '../problems.js';
import type { PlanLineFilter } from '../../sql/plans.js';
import { applyStatusSchema, idParams, listQuerySchema, planKpisSchema, planLinesQuerySchema, planListingSchema, planMapSchema, wholePlanSchema, planPageSchema, withProblems } from '../schemas.js';

/** Stored plans: listed with their key figures, shown a page of (filtered) lines at a time, mapped, one line explained, applied in the background. */
export function planRoutes(app: FastifyInstance, { store, applies }: ServiceParts): void {
  app.get<{ Querystring: { profileId?: string; limit: number } }>('/api/plans', {
    config: { role: 'read' },
    schema: { tags: ['plans'], summary: 'The stored plans, newest first', querystring: listQuerySchema, response: withProblems({ 200: { type: 'object', properties: { plans: { type: 'array', items: planListingSchema } } } }) },
  }, async (request) => ({ plans: await store.listPlans(request.query) }));

  app.get<{ Querystring: { profileId?: string; limit: number } }>('/api/kpis', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'The key figures of the newest stored plans (fill rate, units, cost and cost per unit, shipments per order, split orders, exceptions, solver status and gap, run time), newest first',
      querystring: listQuerySchema,
      response: withProblems({ 200: { type: 'object', properties: { plans: { type: 'array', items: planKpisSchema } } } }),
    },
  }, async (request) => ({ plans: await store.planKpis(request.query) }));

  app.get<{ Params: { planId: string }; Querystring: { offset: number; limit: number } & PlanLineFilter }>('/api/plans/:planId', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'A stored plan: its header (solver, totals, exceptions, …) and a page of its lines in plan order, only those that pass the filters given',
      params: idParams('planId'),
      querystring: planLinesQuerySchema,
      response: withProblems({ 200: planPageSchema }),
    },
  }, async (request) => {
    const { offset, limit, ...filter } = request.query;
    const page = await store.getPlanPage(request.params.planId, { offset, limit }, filter);
    if (!page) throw planNotFound(request.params.planId);
    return { plan: page.plan, lines: page.lines, page: { offset, limit, total: page.total } };
  });

  app.get<{ Params: { planId: string } }>('/api/plans/:planId/map', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'Where a plan ships from and to: each location with its coordinates and load (orders, units), each order at its delivery point with its shipments',
      params: idParams('planId'),
      response: withProblems({ 200: planMapSchema }),
    },
  }, async (request) => (await store.planMap(request.params.planId)) ?? Promise.reject(planNotFound(request.params.planId)));

  app.get<{ Params: { planId: string; lineId: string } }>('/api/plans/:planId/lines/:lineId', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'Explain a line of a plan: the plan with only that line (or exception), its choice, costs, runners-up and removed candidates',
      params: idParams('planId', 'lineId'),
      response: withProblems({ 200: wholePlanSchema }),
    },
    serializerCompiler: asStored,
  }, async (request) => {
    const { planId, lineId } = request.params;
    const plan = await store.getPlan(planId, { lineIds: [lineId] });
    if (!plan) throw planNotFound(planId);
    if (plan.lines.length === 0 && plan.exceptions.length === 0) throw new HttpProblem('E_NOT_FOUND', `line "${lineId}" is not in plan ${planId} (${plan.totals.lines} lines)`);
    return plan;
  });

  app.post<{ Params: { planId: string } }>('/api/plans/:planId/apply', {
    config: { role: 'operate' },
    schema: {
      tags: ['plans'],
      summary: 'Apply a stored plan in the background (orders already settled are skipped); answers 202 with where to follow it',
      params: idParams('planId'),
      response: withProblems({ 202: applyStatusSchema }),
    },
  }, async (request, reply) => {
    const status = await applies.start(request.params.planId);
    return reply.code(202).header('location', `/api/plans/${request.params.planId}/apply`).send(status);
  });

  app.get<{ Params: { planId: string } }>('/api/plans/:planId/apply', {
    config: { role: 'read' },
    schema: { tags: ['plans'], summary: 'Where applying the plan stands: applying, failed, or what its orders show (outcome counts, each order not applied)', params: idParams('planId'), response: withProblems({ 200: applyStatusSchema }) },
  }, async (request) => {
    return applies.status(request.params.planId);
  });

  app.get<{ Params: { planId: string } }>('/api/plans/:planId/plan.json', {
    config: { role: 'read' },
    schema: { tags: ['plans'], summary: 'The whole plan, as opendom run --out writes it (every line, the selection, the log)', params: idParams('planId'), response: withProblems({ 200: wholePlanSchema }) },
    serializerCompiler: asStored,
  }, async (request) => (await store.getPlan(request.params.planId)) ?? Promise.reject(planNotFound(request.params.planId)));
}

/**
 * A plan document is sent as the store holds it, in its own field order (so
 * that `opendom explain --json` prints the same through the service); its
 * schema still describes it in the API's documentation.
 */
function asStored(): (data: unknown) => string {
  return (data) => JSON.stringify(data);
}

import type { FastifyInstance } from 'fastify';
import type { ServiceParts } from '../app.js';
import { planNotFound } from '../plan-applies.js';
import { HttpProblem } from '../problems.js';
import { applyStatusSchema, idParams, listQuerySchema, pageQuerySchema, planListingSchema, wholePlanSchema, planPageSchema, withProblems } from '../schemas.js';

/** Stored plans: listed, shown a page of lines at a time, one line explained, applied in the background. */
export function planRoutes(app: FastifyInstance, { store, applies }: ServiceParts): void {
  app.get<{ Querystring: { profileId?: string; limit: number } }>('/api/plans', {
    config: { role: 'read' },
    schema: { tags: ['plans'], summary: 'The stored plans, newest first', querystring: listQuerySchema, response: withProblems({ 200: { type: 'object', properties: { plans: { type: 'array', items: planListingSchema } } } }) },
  }, async (request) => ({ plans: await store.listPlans(request.query) }));

  app.get<{ Params: { planId: string }; Querystring: { offset: number; limit: number } }>('/api/plans/:planId', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'A stored plan: its header (solver, totals, exceptions, …) and a page of its lines in plan order',
      params: idParams('planId'),
      querystring: pageQuerySchema,
      response: withProblems({ 200: planPageSchema }),
    },
  }, async (request) => {
    const { offset, limit } = request.query;
    const page = await store.getPlanPage(request.params.planId, { offset, limit });
    if (!page) throw planNotFound(request.params.planId);
    return { plan: page.plan, lines: page.lines, page: { offset, limit, total: page.total } };
  });

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

import type { FastifyInstance } from 'fastify';
import type { Variant } from '../../snapshot/variant.js';
import { variantSchema } from '../../snapshot/variant.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import { idParam, idParams, withProblems } from '../schemas.js';

const simulationSchema = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, status: { enum: ['running', 'done', 'failed'] } } } as const;

/** Why-not answers, simulations and run snapshots (docs/simulation.md, docs/explain.md). */
export function analysisRoutes(app: FastifyInstance, { store, analyses }: ServiceParts): void {
  app.get<{ Params: { planId: string; lineId: string; locationId: string } }>('/api/plans/:planId/lines/:lineId/why-not/:locationId', {
    config: { role: 'read' },
    schema: {
      tags: ['plans'],
      summary: 'Why the line did not go to the location: removed before the solve (by which rule), no stock or order slot left (and who took them), or dearer (re-solved with the line forced there: the cost difference by factor and the lines that would move). Needs the snapshot kept of the plan\'s run (serve --keep-snapshots)',
      params: idParams('planId', 'lineId', 'locationId'),
      response: withProblems({ 200: { type: 'object', additionalProperties: true, properties: { kind: { type: 'string' }, summary: { type: 'string' } } } }),
    },
  }, async (request) => analyses.whyNot(request.params.planId, request.params.lineId, request.params.locationId));

  app.post<{ Body: { runId?: string; profileId?: string; variants: Variant[] } }>('/api/simulations', {
    config: { role: 'operate' },
    schema: {
      tags: ['simulations'],
      summary: 'Simulate variants of a snapshot (the one kept of runId, or one taken of the store now for profileId) in the background; nothing is written. Answers 202 with where to follow it',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['variants'],
        properties: { runId: idParam, profileId: idParam, variants: { type: 'array', minItems: 1, maxItems: 10, items: { ...variantSchema, required: [] } } },
      },
      response: withProblems({ 202: simulationSchema }),
    },
  }, async (request, reply) => {
    const started = await analyses.startSimulation(request.body);
    return reply.code(202).header('location', `/api/simulations/${started.id}`).send(started);
  });

  app.get('/api/simulations', {
    config: { role: 'read' },
    schema: { tags: ['simulations'], summary: 'The simulations this process remembers (the last 50), newest first', response: withProblems({ 200: { type: 'object', properties: { simulations: { type: 'array', items: simulationSchema } } } }) },
  }, async () => ({ simulations: analyses.listSimulations() }));

  app.get<{ Params: { simulationId: string } }>('/api/simulations/:simulationId', {
    config: { role: 'read' },
    schema: { tags: ['simulations'], summary: 'A simulation: running, done with each run\'s figures (base first), or failed with why', params: idParams('simulationId'), response: withProblems({ 200: simulationSchema }) },
  }, async (request) => {
    const found = analyses.simulation(request.params.simulationId);
    if (!found) throw new HttpProblem('E_NOT_FOUND', `no simulation "${request.params.simulationId}" in this service (it remembers its last 50); list them with GET /api/simulations`);
    return found;
  });

  app.get<{ Params: { runId: string } }>('/api/runs/:runId/snapshot', {
    config: { role: 'read' },
    schema: { tags: ['runs'], summary: 'The snapshot kept of the run (gzip-compressed JSON, as opendom snapshot writes it): for opendom replay, simulate and explain --why-not', params: idParams('runId') },
  }, async (request, reply) => {
    const snapshot = await store.getRunSnapshot({ runId: request.params.runId });
    if (!snapshot) throw new HttpProblem('E_NOT_FOUND', `no snapshot kept of run "${request.params.runId}" (serve --keep-snapshots keeps one per run, deleted with its plan)`);
    return reply.type('application/gzip').header('content-disposition', `attachment; filename="run-${request.params.runId}.json.gz"`).send(snapshot);
  });
}

import type { FastifyInstance } from 'fastify';
import type { RunRecord } from '../../../index.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import type { RunRequest } from '../run-protocol.js';
import { idParams, listQuerySchema, runRequestSchema, runSchema, withProblems } from '../schemas.js';

/**
 * Runs: started in the background (202 with the run's URL; the request
 * never waits for the plan), listed, followed (status and progress, from
 * the store, so a run of any process shows), cancelled while they plan.
 */
export function runRoutes(app: FastifyInstance, { store, runs }: ServiceParts): void {
  const shown = (run: RunRecord) => ({ ...run, cancelRequested: runs.cancelRequested(run.id) });

  app.post<{ Body: Omit<RunRequest, 'scheduledFor'> }>('/api/runs', {
    config: { role: 'operate' },
    schema: {
      tags: ['runs'],
      summary: 'Start a run of a profile (the options of opendom run); answers 202 once it is recorded',
      body: runRequestSchema,
      response: withProblems({ 202: runSchema }),
    },
  }, async (request, reply) => {
    const run = await runs.start(request.body);
    return reply.code(202).header('location', `/api/runs/${run.id}`).send(shown(run));
  });

  app.get<{ Querystring: { profileId?: string; limit: number } }>('/api/runs', {
    config: { role: 'read' },
    schema: { tags: ['runs'], summary: 'The runs, newest first', querystring: listQuerySchema, response: withProblems({ 200: { type: 'object', properties: { runs: { type: 'array', items: runSchema } } } }) },
  }, async (request) => ({ runs: (await store.listRuns(request.query)).map(shown) }));

  app.get<{ Params: { runId: string } }>('/api/runs/:runId', {
    config: { role: 'read' },
    schema: { tags: ['runs'], summary: 'A run: its status and progress (batches solved, orders applied)', params: idParams('runId'), response: withProblems({ 200: runSchema }) },
  }, async (request) => shown(await runOf(request.params.runId)));

  app.post<{ Params: { runId: string } }>('/api/runs/:runId/cancel', {
    config: { role: 'operate' },
    schema: {
      tags: ['runs'],
      summary: 'Cancel a run that has not begun applying: it ends failed (E_CANCELLED) once its current batch is solved, having changed no line',
      params: idParams('runId'),
      response: withProblems({ 202: runSchema }),
    },
  }, async (request, reply) => {
    const found = await runOf(request.params.runId);
    const answer = await runs.cancel(found.id);
    const run = (await store.getRun(found.id)) ?? found;
    if (answer === 'finishing') throw new HttpProblem('E_LIFECYCLE', `run ${run.id} has planned and is storing or applying its plan; it is no longer cancelled (each order it applies is whole)`);
    // A worker that has recorded its end but not yet told this process still answers a cancel: the record decides.
    if (answer === 'unknown' || (run.status !== 'running' && run.status !== 'applying')) {
      throw new HttpProblem('E_LIFECYCLE', run.status === 'running'
        ? `run ${run.id} is not running in this service (another process runs it); cancel it where it runs`
        : `run ${run.id} has ended (${run.status}); there is nothing to cancel`);
    }
    return reply.code(202).header('location', `/api/runs/${run.id}`).send(shown(run));
  });

  async function runOf(runId: string): Promise<RunRecord> {
    const run = await store.getRun(runId);
    if (!run) throw new HttpProblem('E_NOT_FOUND', `no run "${runId}" (runs are deleted by the clean-up); list them with GET /api/runs`);
    return run;
  }
}

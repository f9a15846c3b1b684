import type { FastifyInstance } from 'fastify';
import { lineEventSchema, OpenDomError, type LineEvent } from '../../../index.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import { exceptionLinesSchema, exceptionQuerySchema, idParam, idParams, inline, lineChangeSchema, lineEventOutcomeSchema, lineSchema, withProblems } from '../schemas.js';

/** Sales lines: shown, those in exception listed, and the operators' and store systems' actions on them, each atomic with its order and allocation. */
export function lineRoutes(app: FastifyInstance, { store }: ServiceParts): void {
  app.get<{ Querystring: { exceptionType?: string; offset: number; limit: number } }>('/api/exceptions', {
    config: { role: 'read' },
    schema: {
      tags: ['lines'],
      summary: 'The lines in exception (of one type), a page at a time, each with its attempts and rejection history, and the count of each type',
      querystring: exceptionQuerySchema,
      response: withProblems({ 200: exceptionLinesSchema }),
    },
  }, async (request) => {
    const { offset, limit, exceptionType } = request.query;
    const found = await store.exceptionLines({ offset, limit, ...(exceptionType ? { exceptionType } : {}) });
    return { lines: found.lines, byType: found.byType, page: { offset, limit, total: found.total } };
  });

  const params = idParams('lineId');
  /** An action on a line the store does not hold is a 404, as showing it is. */
  const known = async (lineId: string) => {
    const found = await store.getLine(lineId);
    if (!found) throw new HttpProblem('E_NOT_FOUND', `no sales line "${lineId}" in a valid order of the store`);
    return found;
  };

  app.get<{ Params: { lineId: string } }>('/api/lines/:lineId', {
    config: { role: 'read' },
    schema: { tags: ['lines'], summary: 'A sales line as the store holds it (status, assignment, rejections, attempts), with its order', params, response: withProblems({ 200: lineSchema }) },
  }, async (request) => known(request.params.lineId));

  app.post<{ Params: { lineId: string }; Body: { locationId: string } }>('/api/lines/:lineId/reject', {
    config: { role: 'operate' },
    schema: {
      tags: ['lines'],
      summary: 'Reject the line\'s assignment at a location: its allocation is released and the next run brokers it elsewhere',
      params,
      body: { type: 'object', additionalProperties: false, required: ['locationId'], properties: { locationId: idParam } },
      response: withProblems({ 200: lineChangeSchema }),
    },
  }, async (request) => {
    await known(request.params.lineId);
    return store.rejectLine(request.params.lineId, request.body.locationId, new Date());
  });

  app.post<{ Params: { lineId: string } }>('/api/lines/:lineId/reset', {
    config: { role: 'operate' },
    schema: { tags: ['lines'], summary: 'Reset an exception: status none, attempts 0, the rejection count restarted', params, response: withProblems({ 200: lineChangeSchema }) },
  }, async (request) => {
    await known(request.params.lineId);
    return store.resetLine(request.params.lineId, new Date());
  });

  app.post<{ Params: { lineId: string }; Body: { at?: string; locationId?: string } }>('/api/lines/:lineId/ship', {
    config: { role: 'operate' },
    schema: {
      tags: ['lines'],
      summary: 'Record that the line shipped (a re-sent shipment changes nothing)',
      params,
      body: { type: 'object', additionalProperties: false, properties: { at: { type: 'string', format: 'date-time' }, locationId: idParam } },
      response: withProblems({ 200: lineEventOutcomeSchema }),
    },
  }, async (request) => {
    const { at, locationId } = request.body ?? {};
    await known(request.params.lineId);
    return lineEvent({ lineId: request.params.lineId, event: 'shipped', at: at ?? new Date().toISOString(), ...(locationId ? { locationId } : {}) });
  });

  app.post<{ Params: { lineId: string } }>('/api/lines/:lineId/cancel', {
    config: { role: 'operate' },
    schema: { tags: ['lines'], summary: 'Record that the line was cancelled: it is never brokered again and its allocation is released', params, response: withProblems({ 200: lineEventOutcomeSchema }) },
  }, async (request) => {
    await known(request.params.lineId);
    return lineEvent({ lineId: request.params.lineId, event: 'cancelled', at: new Date().toISOString() });
  });

  app.post<{ Body: LineEvent[] }>('/api/line-events', {
    config: { role: 'operate' },
    schema: {
      tags: ['lines'],
      summary: 'What the source says happened to lines (shipped, cancelled), each applied atomically with its order and allocation; one outcome per event, in order (a re-sent event changes nothing)',
      body: { type: 'array', maxItems: 100_000, items: inline(lineEventSchema) },
      response: withProblems({ 200: { type: 'array', items: lineEventOutcomeSchema } }),
    },
  }, async (request) => store.applyLineEvents(request.body, new Date()));

  async function lineEvent(event: LineEvent) {
    const [outcome] = await store.applyLineEvents([event], new Date());
    if (outcome!.outcome === 'refused') throw OpenDomError.of({ code: outcome!.code, recordId: event.lineId, message: outcome!.message });
    return outcome!;
  }
}

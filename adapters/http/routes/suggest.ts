import type { FastifyInstance } from 'fastify';
import type { SuggestRequest } from '../../../index.js';
import type { ServiceParts } from '../app.js';
import { suggestBodySchema, suggestResultSchema, withProblems } from '../schemas.js';

/** Interactive suggest (docs/spec.md §6.8): for a line being entered, the locations that can fulfil it, nearest first. Writes nothing. */
export function suggestRoutes(app: FastifyInstance, { suggest, metrics }: ServiceParts): void {
  app.post<{ Body: Omit<SuggestRequest, 'asOf'> & { asOf?: string } }>('/api/suggest', {
    config: { role: 'operate' },
    schema: {
      tags: ['suggest'],
      summary: 'Suggest locations for an order line being entered: the matching profile, and each location that can fulfil the quantity with its cost by factor, its available units and the soft rules it breaks',
      body: suggestBodySchema,
      response: withProblems({ 200: suggestResultSchema }),
    },
  }, async (request) => {
    const started = performance.now();
    const { asOf, ...line } = request.body;
    const result = await suggest.suggest({ ...line, ...(asOf ? { asOf: new Date(asOf) } : {}) });
    metrics.suggested((performance.now() - started) / 1000);
    return result;
  });
}

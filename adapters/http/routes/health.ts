import type { FastifyInstance } from 'fastify';
import type { ServiceParts } from '../app.js';
import { PUBLIC } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { problemSchema } from '../schemas.js';

/** Health (the process answers), readiness (the store answers and its schema is current) and the metrics. */
export function healthRoutes(app: FastifyInstance, { store, metrics }: ServiceParts): void {
  app.get('/healthz', {
    config: { role: PUBLIC },
    schema: { tags: ['service'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { const: 'ok' } } } } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { role: PUBLIC },
    schema: {
      tags: ['service'],
      summary: 'The store is reachable and its schema current',
      response: { 200: { type: 'object', properties: { status: { const: 'ready' }, schemaVersion: { type: 'integer' } } }, 503: problemSchema },
    },
  }, async () => {
    let schema;
    try {
      schema = await store.schemaVersion();
    } catch (error) {
      throw new HttpProblem('E_STORE', `the store does not answer: ${(error as Error).message.split('\n')[0]}`);
    }
    if (schema.version !== schema.newest) throw new HttpProblem('E_STORE', `the store's schema is at version ${schema.version}, this service needs ${schema.newest}`);
    return { status: 'ready' as const, schemaVersion: schema.version };
  });

  app.get('/metrics', {
    config: { role: 'read' },
    schema: { tags: ['service'], summary: 'Metrics in Prometheus text format', produces: ['text/plain'], response: { 200: { type: 'string' } } },
  }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

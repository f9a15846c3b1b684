import type { FastifyInstance } from 'fastify';
import type { ServiceParts } from '../app.js';
import { JOB_STATES } from '../../distributed/distributed-status.js';
import { withProblems } from '../schemas.js';

const count = { type: 'integer', minimum: 0 } as const;
const workerSchema = {
  type: 'object',
  required: ['id', 'host', 'pid', 'concurrency', 'startedAt', 'seenAt', 'batchesDone', 'batchesFailed'],
  properties: {
    id: { type: 'string' },
    host: { type: 'string' },
    pid: count,
    concurrency: count,
    startedAt: { type: 'string', format: 'date-time' },
    seenAt: { type: 'string', format: 'date-time' },
    batchesDone: count,
    batchesFailed: count,
  },
} as const;

/** The batch queue and the live workers of distributed runs (docs/scale-out.md). */
export function workerRoutes(app: FastifyInstance, { distributed }: ServiceParts): void {
  app.get('/api/workers', {
    config: { role: 'read' },
    schema: {
      tags: ['runs'],
      summary: "The live workers of distributed runs (seen within three heartbeats) and the batch queue's jobs by state (null without serve --redis)",
      response: withProblems({
        200: {
          type: 'object',
          required: ['queue', 'workers'],
          properties: {
            queue: {
              anyOf: [
                { type: 'null' },
                { type: 'object', required: ['name', 'redis', 'jobs'], properties: { name: { type: 'string' }, redis: { type: 'string' }, jobs: { type: 'object', required: [...JOB_STATES], properties: Object.fromEntries(JOB_STATES.map((s) => [s, count])) } } },
              ],
            },
            workers: { type: 'array', items: workerSchema },
          },
        },
      }),
    },
  }, () => distributed.status());
}

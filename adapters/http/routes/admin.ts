import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../../index.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import { idParams, keyListingSchema, scheduleStatusSchema, withProblems } from '../schemas.js';

/** The clean-up, the schedules, the API keys and the caller's own. */
export function adminRoutes(app: FastifyInstance, { store, scheduler, forgetKeys }: ServiceParts): void {
  app.get('/api/session', {
    config: { role: 'read' },
    schema: { tags: ['keys'], summary: 'The caller\'s key: its id and role (what a client may offer its user)', response: withProblems({ 200: { type: 'object', properties: { keyId: { type: 'string' }, role: { enum: [...ROLES] } } } }) },
  }, async (request) => request.principal!);

  app.post('/api/cleanup', {
    config: { role: 'admin' },
    schema: {
      tags: ['service'],
      summary: 'Delete plans older than planRetentionDays and logs older than logRetentionDays (never work under way)',
      response: withProblems({ 200: { type: 'object', properties: { plans: { type: 'integer' }, logs: { type: 'integer' }, runs: { type: 'integer' } } } }),
    },
  }, async () => store.cleanup(new Date()));

  app.get('/api/schedules', {
    config: { role: 'read' },
    schema: { tags: ['service'], summary: 'Each schedule (profiles\' runs, the clean-up): its cron, time zone, next due time and last tick', response: withProblems({ 200: { type: 'object', properties: { schedules: { type: 'array', items: scheduleStatusSchema } } } }) },
  }, async () => ({ schedules: scheduler.schedules() }));

  app.get('/api/keys', {
    config: { role: 'admin' },
    schema: { tags: ['keys'], summary: 'The API keys (never their secrets)', response: withProblems({ 200: { type: 'object', properties: { keys: { type: 'array', items: keyListingSchema } } } }) },
  }, async () => ({ keys: await store.listKeys() }));

  app.post<{ Body: { role: Role; name?: string } }>('/api/keys', {
    config: { role: 'admin' },
    schema: {
      tags: ['keys'],
      summary: 'Create an API key; the key is in this answer only (the store keeps a hash)',
      body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: { enum: [...ROLES] }, name: { type: 'string', maxLength: 200 } } },
      response: withProblems({ 201: { type: 'object', properties: { key: { type: 'string' }, listing: keyListingSchema } } }),
    },
  }, async (request, reply) => reply.code(201).send(await store.createKey(request.body.role, request.body.name ?? '')));

  app.delete<{ Params: { keyId: string } }>('/api/keys/:keyId', {
    config: { role: 'admin' },
    schema: { tags: ['keys'], summary: 'Revoke an API key: it stops working at once here, within seconds in other processes', params: idParams('keyId'), response: withProblems({ 200: keyListingSchema }) },
  }, async (request) => {
    const { keyId } = request.params;
    if (!(await store.listKeys()).some((k) => k.id === keyId)) throw new HttpProblem('E_NOT_FOUND', `no API key "${keyId}"; list them with GET /api/keys`);
    const revoked = await store.revokeKey(keyId);
    forgetKeys();
    return revoked;
  });
}

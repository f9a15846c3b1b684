import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CreateEngineOptions, Engine, SqlStore } from '../../index.js';
import { Authenticator, PUBLIC } from './auth.js';
import type { ServiceMetrics } from './metrics.js';
import type { PlanApplies } from './plan-applies.js';
import { HttpProblem, problemOf, sendProblem } from './problems.js';
import type { RunManager } from './run-manager.js';
import type { Scheduler } from './scheduler.js';
import type { SuggestCache } from './suggest-cache.js';
import { healthRoutes } from './routes/health.js';
import { workerRoutes } from './routes/workers.js';
import type { DistributedMonitor } from '../distributed/distributed-status.js';
import { configurationRoutes } from './routes/configuration.js';
import { importRoutes } from './routes/imports.js';
import { runRoutes } from './routes/runs.js';
import { planRoutes } from './routes/plans.js';
import { lineRoutes } from './routes/lines.js';
import { suggestRoutes } from './routes/suggest.js';
import { adminRoutes } from './routes/admin.js';
import { analysisRoutes } from './routes/analyses.js';
import type { Analyses } from './analyses.js';
import { dashboardRoutes } from './dashboard.js';

/** What the routes work with. */
export interface ServiceParts {
  store: SqlStore;
  engine: Engine;
  /** What the engine was created with, but its data (a configuration change is checked by an engine made alike). */
  engineOptions: Omit<CreateEngineOptions, 'data'>;
  suggest: SuggestCache;
  runs: RunManager;
  applies: PlanApplies;
  scheduler: Scheduler;
  metrics: ServiceMetrics;
  /** Why-not answers and simulations, in a thread of their own. */
  analyses: Analyses;
  /** The batch queue and workers of distributed runs. */
  distributed: DistributedMonitor;
  /** Forgets the keys it verified (one was revoked). */
  forgetKeys(): void;
  /** Whether the service is shutting down (then it answers 503 to every request). */
  closing(): boolean;
}

export interface AppOptions {
  logger: FastifyBaseLogger;
  /** Largest request body, in bytes (default 64 MiB); a larger one gets 413. */
  bodyLimit?: number;
  /** Failed authentications allowed per client address and minute (default 20). */
  authFailuresPerMinute?: number;
  version: string;
}

/** ajv-formats is CommonJS; its default export arrives wrapped under NodeNext. */
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A request id the caller sent (X-Request-Id) is kept when it is short and plain; otherwise the service makes one. */
const CALLER_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The service's HTTP application (docs/service.md): every route with its
 * JSON Schemas (bodies strictly, without coercion; query strings and paths
 * coerced from text), the role it needs, and its OpenAPI description;
 * problem+json for every error; one log line per request.
 */
export async function buildApp(parts: Omit<ServiceParts, 'forgetKeys'>, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && CALLER_REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    requestIdHeader: false,
    // Requests that arrive while it closes get the service's own problem (E_UNAVAILABLE).
    return503OnClosing: false,
  });
  setValidators(app);

  let auth: Authenticator;
  const allParts: ServiceParts = { ...parts, forgetKeys: () => auth.forget() };

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), role: PUBLIC };
    if (!route.config?.role) throw new Error(`route ${route.method} ${route.url} declares no role`);
    if (route.config.role !== PUBLIC) route.schema = { ...(route.schema ?? {}), security: [{ apiKey: [] }] };
  });
  await app.register(rateLimit, { global: false });
  const failedAuthentication = app.rateLimit({
    max: options.authFailuresPerMinute ?? 20,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: () => new HttpProblem('E_RATE', 'too many failed authentications from this address; wait a minute'),
  });
  auth = new Authenticator(parts.store, async (request, reply) => void (await failedAuthentication.call(app, request, reply)));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'OpenDOM', description: 'Distributed order management: runs, plans, lines, suggest and the store (docs/service.md).', version: options.version },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key (opendom keys create), as Authorization: Bearer <key>' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (parts.closing()) throw new HttpProblem('E_UNAVAILABLE', 'the service is shutting down and takes no new requests');
  });
  app.addHook('onRequest', auth.hook);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    parts.metrics.answered(request.method, route, reply.statusCode);
    request.log.info({ method: request.method, route, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, ip: request.ip, keyId: request.principal?.keyId }, 'request');
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error, request);
    if (problem.status >= 500) request.log.error({ err: error, requestId: request.id }, problem.detail);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemOf(new HttpProblem('E_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}; the routes are listed at /docs`), request)));

  for (const routes of [healthRoutes, configurationRoutes, importRoutes, runRoutes, planRoutes, lineRoutes, suggestRoutes, adminRoutes, analysisRoutes, workerRoutes]) routes(app, allParts);
  app.get('/openapi.json', { config: { role: PUBLIC }, schema: { hide: true } }, async () => app.swagger());
  await dashboardRoutes(app);
  return app;
}

/**
 * Bodies are checked as they are (no coercion, unknown fields refused: a
 * wrong type is an error, not a guess); query strings and path parameters
 * arrive as text and are coerced to the schema's types.
 */
function setValidators(app: FastifyInstance): void {
  const strict = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false });
  const coercing = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(strict);
  addFormats(coercing);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

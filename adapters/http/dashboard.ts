import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from './auth.js';
import { HttpProblem } from './problems.js';

/**
 * The operators' dashboard: static files built from `web/` (npm run build)
 * into `dist/dashboard`, served at `/` without a key — the page signs in
 * with one and calls the API like any client. Its content security policy
 * lets the page reach this host only.
 */
export async function dashboardRoutes(app: FastifyInstance, directory = builtDashboard()): Promise<void> {
  const built = directory !== null && existsSync(`${directory}/index.html`);
  if (built) await app.register(fastifyStatic, { root: directory, serve: false });
  const send = (file: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) throw new HttpProblem('E_NOT_FOUND', 'the dashboard is not built: run npm run build, then start opendom serve again');
    return reply
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .sendFile(file);
  };
  const route = { config: { role: PUBLIC }, schema: { hide: true } };
  app.get('/', route, send('index.html'));
  app.get<{ Params: { '*': string } }>('/assets/*', route, (request, reply) => send(`assets/${request.params['*']}`)(request, reply));
}

/** Where the build put the dashboard, whether this runs built (dist/adapters/http) or from source (adapters/http); null when not built. */
function builtDashboard(): string | null {
  for (const path of ['../../dashboard/', '../../dist/dashboard/']) {
    const directory = fileURLToPath(new URL(path, import.meta.url));
    if (existsSync(`${directory}index.html`)) return directory;
  }
  return null;
}

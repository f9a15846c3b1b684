import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, SqlStore } from '../../index.js';
import { HttpProblem } from './problems.js';

/** What each role may do, cumulative: operate may do all that read may, admin all that operate may. */
const RANK: Record<Role, number> = { read: 1, operate: 2, admin: 3 };

/** How long a verified key is trusted without asking the store again. */
export const REMEMBERED_MS = 10_000;

/** A route open to everyone (health, readiness, the API's documentation). */
export const PUBLIC = 'public' as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route, or public. */
    role?: Role | typeof PUBLIC;
  }
  interface FastifyRequest {
    /** The caller's key, once authenticated. */
    principal?: { keyId: string; role: Role };
  }
}

/**
 * Authenticates every request that is not public: an API key in
 * `Authorization: Bearer <key>` (or `X-Api-Key`), verified against its
 * salted hash in the store (401 without a valid one), then the route's
 * role (403 for a role that may not). A key verified once is remembered by
 * its SHA-256 for {@link REMEMBERED_MS}, so the slow hash is paid rarely; a
 * key revoked through this service is forgotten at once, one revoked by
 * another process within that time. Failed authentications count towards
 * the caller address's rate limit (`onFailure`).
 */
export class Authenticator {
  private readonly verified = new Map<string, { keyId: string; role: Role; until: number }>();

  constructor(
    private readonly store: SqlStore,
    private readonly onFailure: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
  ) {}

  /** Forgets every verified key (a key was revoked). */
  forget(): void {
    this.verified.clear();
  }

  readonly hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // An unknown path answers 404 to any valid key, and 401 without one.
    const role = request.is404 ? 'read' : request.routeOptions.config.role;
    if (role === PUBLIC) return;
    const key = keyOf(request);
    const principal = key === null ? null : await this.verify(key);
    if (!principal) {
      await this.onFailure(request, reply);
      if (reply.sent) return;
      throw new HttpProblem('E_AUTH', key === null ? 'no API key was sent' : 'the API key is not valid (unknown, revoked or malformed)');
    }
    request.principal = principal;
    if (RANK[principal.role] < RANK[role ?? 'admin']) {
      throw new HttpProblem('E_FORBIDDEN', `${principal.role === 'read' ? 'a' : 'an'} ${principal.role} key may not ${request.method} ${request.routeOptions.url}: it needs the ${role ?? 'admin'} role`);
    }
  };

  private async verify(key: string): Promise<{ keyId: string; role: Role } | null> {
    const digest = createHash('sha256').update(key).digest('base64url');
    const known = this.verified.get(digest);
    if (known && known.until > Date.now()) return { keyId: known.keyId, role: known.role };
    const found = await this.store.verifyKey(key);
    if (!found) return null;
    this.verified.set(digest, { keyId: found.id, role: found.role, until: Date.now() + REMEMBERED_MS });
    return { keyId: found.id, role: found.role };
  }
}

function keyOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : null;
}

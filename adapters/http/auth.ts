import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, SqlStore } from '../../index.js';
import { HttpProblem } from './problems.js';

/** What each role may do, cumulative: operate may do all that read may, admin all that operate may. */
const RANK: Record<Role, number> = { read: 1, operate: 2, admin: 3 };

/** How soon a key revoked by another process is refused, at most. */
export const RECHECKED_MS = 10_000;

/** How often the remembered keys are checked again, in the background, so that a slow answer still comes within {@link RECHECKED_MS}. */
const RECHECK_EVERY_MS = RECHECKED_MS / 2;

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
 * its SHA-256, so the slow hash is paid once per key (and once for requests
 * that arrive together with it); whether the remembered keys still work is
 * asked of the store in the background, in one small query, every
 * {@link RECHECK_EVERY_MS} while requests come (so that under steady
 * traffic no request waits for it, even while a run keeps the store busy;
 * after a quiet spell the first request does): a key revoked through this
 * service is forgotten at once, one revoked by another process within
 * {@link RECHECKED_MS}. Failed authentications
 * count towards the caller address's rate limit (`onFailure`).
 */
export class Authenticator {
  private readonly verified = new Map<string, { keyId: string; role: Role }>();
  private readonly verifying = new Map<string, Promise<{ keyId: string; role: Role } | null>>();
  private checkedAt = 0;
  private rechecking: Promise<void> | undefined;
  /** Moves when every key is forgotten, so that a verification begun before is not remembered. */
  private generation = 0;

  constructor(
    private readonly store: SqlStore,
    private readonly onFailure: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
  ) {}

  /** Forgets every verified key (a key was revoked). */
  forget(): void {
    this.verified.clear();
    this.verifying.clear();
    this.generation++;
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
    const since = Date.now() - this.checkedAt;
    if (this.verified.size > 0 && since > RECHECK_EVERY_MS) {
      // A failed check is tried again by the next request.
      this.rechecking ??= this.recheck().catch(() => undefined).finally(() => (this.rechecking = undefined));
      // After a quiet spell the remembered keys may be older than promised: this request waits for the check.
      if (since > RECHECKED_MS) await this.rechecking;
    }
    const digest = createHash('sha256').update(key).digest('base64url');
    const known = this.verified.get(digest);
    if (known) return known;
    let verifying = this.verifying.get(digest);
    if (!verifying) {
      const generation = this.generation;
      verifying = this.store.verifyKey(key).then((found) => {
        const principal = found && { keyId: found.id, role: found.role };
        if (principal && generation === this.generation) this.verified.set(digest, principal);
        return principal;
      });
      const settled = verifying.finally(() => {
        if (this.verifying.get(digest) === settled) this.verifying.delete(digest);
      });
      this.verifying.set(digest, settled);
      verifying = settled;
    }
    return verifying;
  }

  /** Forgets the remembered keys that were revoked since, and takes a changed role (keys remembered meanwhile were just verified). */
  private async recheck(): Promise<void> {
    const checkedAt = Date.now();
    const asked = new Set([...this.verified.values()].map((v) => v.keyId));
    const roles = await this.store.activeKeyRoles([...asked]);
    for (const [digest, { keyId }] of this.verified) {
      if (!asked.has(keyId)) continue;
      const role = roles.get(keyId);
      if (role) this.verified.set(digest, { keyId, role });
      else this.verified.delete(digest);
    }
    this.checkedAt = checkedAt;
  }
}

function keyOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : null;
}

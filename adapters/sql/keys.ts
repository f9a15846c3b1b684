import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { OpenDomError } from '../../core/index.js';
import { recordChange } from './changes.js';
import type { SqlClient } from './sql-client.js';

/** What a key may do: read sees everything and changes nothing; operate also runs, applies, rejects, resets and suggests; admin also imports, configures, cleans up and manages keys. */
export type Role = 'read' | 'operate' | 'admin';

export const ROLES: readonly Role[] = ['read', 'operate', 'admin'];

/** A key as listed: never its secret. */
export interface KeyListing {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

const PREFIX = 'odk';
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

/**
 * API keys (docs/service.md, "Keys and roles"). A key is `odk_<id>_<secret>`:
 * the id finds the record, the 32-byte random secret proves it. Only a salted
 * scrypt hash of the secret is stored, and it is compared in constant time;
 * the key itself is shown once, when it is created.
 */
export async function createKey(client: SqlClient, role: Role, name: string, now: Date): Promise<{ key: string; listing: KeyListing }> {
  if (!ROLES.includes(role)) throw OpenDomError.of({ code: 'E_USAGE', field: 'role', message: `must be one of ${ROLES.join(', ')}` });
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  const hash = (await derive(secret, salt)).toString('base64url');
  await client.transaction(async (tx) => {
    await tx.query('insert into api_keys (id, name, role, salt, hash, created_at) values ($1, $2, $3, $4, $5, $6)', [id, name, role, salt, hash, now]);
    await recordChange(tx, { collection: 'keys', keys: [id] });
  });
  return { key: `${PREFIX}_${id}_${secret}`, listing: { id, name, role, createdAt: now, revokedAt: null } };
}

export async function listKeys(client: SqlClient): Promise<KeyListing[]> {
  const rows = await client.query<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date | null }>('select id, name, role, created_at, revoked_at from api_keys order by created_at, id');
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revokes a key by id: it stops working at once, everywhere. */
export async function revokeKey(client: SqlClient, id: string, now: Date): Promise<KeyListing> {
  return client.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date | null }>(
      'update api_keys set revoked_at = coalesce(revoked_at, $2) where id = $1 returning id, name, role, created_at, revoked_at',
      [id, now],
    );
    if (!row) throw OpenDomError.of({ code: 'E_USAGE', recordId: id, message: 'no API key with this id; list them with opendom keys list' });
    await recordChange(tx, { collection: 'keys', keys: [id] });
    return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at };
  });
}

/** The role of a valid, unrevoked key, or null. */
export async function verifyKey(client: SqlClient, key: string): Promise<{ id: string; role: Role } | null> {
  const match = /^odk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const [row] = await client.query<{ role: Role; salt: string; hash: string; revoked_at: Date | null }>('select role, salt, hash, revoked_at from api_keys where id = $1', [id]);
  if (!row || row.revoked_at !== null) return null;
  const expected = Buffer.from(row.hash, 'base64url');
  const actual = await derive(secret, row.salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? { id, role: row.role } : null;
}

/** The roles of those of these keys that still work (not revoked), by id. */
export async function activeKeyRoles(client: SqlClient, ids: string[]): Promise<Map<string, Role>> {
  const rows = await client.query<{ id: string; role: Role }>('select id, role from api_keys where revoked_at is null and id = any($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.role]));
}

/** Whether any key that still works exists (serving beyond loopback needs one). */
export async function hasActiveKey(client: SqlClient): Promise<boolean> {
  const [row] = await client.query<{ n: number }>('select count(*)::int as n from api_keys where revoked_at is null');
  return (row?.n ?? 0) > 0;
}

function derive(secret: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))));
}

import type { Migration } from './migration.js';

/**
 * What the service needs of the store: a log of committed changes (each
 * write transaction appends what it changed, so that a process holding data
 * in memory — the suggest cache — knows what to read again, including
 * changes other processes made), the tick a scheduled run is for, and the
 * API keys, kept only as salted slow hashes.
 */
export const service: Migration = {
  version: 3,
  name: 'store changes log; scheduled runs once per tick; API keys',
  sql: `
create table store_changes (
  revision bigint generated always as identity primary key,
  at timestamptz not null default now(),
  collection text not null,
  -- The keys of the records written (ids; inventory: {variantId, locationId, status}), or null for the whole collection.
  keys jsonb
);

-- A scheduled run records the tick it is for: one run per profile and tick, whichever process starts it.
alter table runs add column scheduled_for timestamptz;
create unique index runs_scheduled_once on runs (profile_id, scheduled_for) where scheduled_for is not null;

create table api_keys (
  id text primary key,
  name text not null,
  role text not null check (role in ('read', 'operate', 'admin')),
  salt text not null,
  hash text not null,
  created_at timestamptz not null,
  revoked_at timestamptz
);
`,
};

import type { Migration } from './migration.js';

/**
 * The snapshot of a run (docs/simulation.md), kept when the service is asked
 * to (`serve --keep-snapshots`): what the run read, gzip-compressed, so that
 * its plan can be replayed and asked why not. Deleted with its run, or with
 * its plan by the clean-up.
 */
export const runSnapshots: Migration = {
  version: 5,
  name: 'run snapshots',
  sql: `
create table run_snapshots (
  run_id text primary key references runs (id) on delete cascade,
  taken_at timestamptz not null,
  content bytea not null
);
`,
};

import { initialSchema } from './0001-initial.migration.js';
import { allocations } from './0002-allocations.migration.js';
import { service } from './0003-service.migration.js';
import { vetoedOutcome } from './0004-vetoed-outcome.migration.js';
import { runSnapshots } from './0005-run-snapshots.migration.js';
import { distributedRuns } from './0006-distributed-runs.migration.js';
import type { Migration } from './migration.js';

/** Every migration, in version order. A new schema change is a new file appended here; applied files never change. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, allocations, service, vetoedOutcome, runSnapshots, distributedRuns];

export type { Migration };

import type { MessagePort } from 'node:worker_threads';
import type { ApplyReport, CreateEngineOptions, RunRecord } from '../../index.js';
import type { QueueTarget } from '../distributed/batch-queue.js';

/** How a run's worker reaches the store: a port to the thread that owns the embedded store, or a PostgreSQL server. */
export type StoreTarget = { kind: 'port'; port: MessagePort } | { kind: 'postgres'; url: string; schema?: string };

/** The run's options that cross to the worker (the CLI's options). */
export interface RunRequest {
  profileId: string;
  apply?: boolean;
  solver?: string;
  timeLimitSeconds?: number;
  relativeGap?: number;
  asOf?: string;
  removalsListed?: number;
  /** When the scheduler started it: the tick, so that two processes run a tick once. */
  scheduledFor?: string;
}

/** What an engine is created with but its data and plugin packages. */
export type EngineChoices = Omit<CreateEngineOptions, 'data' | 'plugins'>;

export interface RunWorkerData {
  target: StoreTarget;
  request: RunRequest;
  applyGroupSize?: number;
  /** The scheduling priority (nice, 0–19) the run's thread takes (Linux). */
  nice: number;
  /** Keep the run's snapshot in the store (serve --keep-snapshots). */
  keepSnapshot?: boolean;
  /** Solve the run's batches on worker processes through this queue (serve --redis; docs/scale-out.md). */
  distributed?: QueueTarget;
  /** The distributed run to take over instead of starting one (its coordinator stopped). */
  resume?: string;
  /** The service engine's choices (geocoder, distance, location set, inventory, apply hooks), and its partner plugin packages, loaded again in the worker. */
  engine?: EngineChoices & { packages?: Array<{ name: string; moduleUrl: string }> };
}

/** What a run's worker tells the service, in order: started (or failed), progress, then finished or failed. */
export type RunWorkerMessage =
  | { type: 'started'; run: RunRecord }
  | { type: 'batches'; done: number; total: number }
  | { type: 'applying'; done: number; total: number }
  | { type: 'cancel'; accepted: boolean }
  | { type: 'finished'; run: RunRecord; summary: RunSummary; applied: ApplyReport | null }
  | { type: 'failed'; error: { code: string; message: string }; run: RunRecord | null };

/** What the service keeps of a finished run for its metrics. */
export interface RunSummary {
  lines: number;
  fillRate: number;
  unitsFulfilled: number;
  cost: number;
  timings: Record<string, number>;
}

import type { Queue } from 'bullmq';
import type { SqlStore } from '../sql/sql-store.js';
import { batchQueue, type BatchJob, type QueueTarget } from './batch-queue.js';
import { redact } from '../sql/postgres.client.js';
import { OpenDomError } from '../../core/index.js';
import { liveWorkers, type WorkerListing } from './worker-registry.js';

/** How long a status waits for Redis (a Redis that is down would hold a request, or a scrape, until it is back). */
const QUEUE_ANSWER_MS = 2000;

/** The states a batch job is counted in. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

export interface DistributedStatus {
  /** Null when the service solves its runs itself (no `--redis`). */
  queue: { name: string; redis: string; jobs: Record<(typeof JOB_STATES)[number], number> } | null;
  workers: WorkerListing[];
}

/**
 * What the service shows of distributed runs (`GET /api/workers`,
 * `/metrics`): the batch queue's jobs by state, read from Redis, and the
 * live workers with their last heartbeat, read from the store.
 */
export class DistributedMonitor {
  private readonly queue: Queue<BatchJob> | null;

  constructor(private readonly store: SqlStore, private readonly target: QueueTarget | undefined) {
    this.queue = target ? batchQueue(target) : null;
  }

  async status(): Promise<DistributedStatus> {
    return { queue: await this.jobs(), workers: await this.workers() };
  }

  async workers(): Promise<WorkerListing[]> {
    return liveWorkers(await this.store.client());
  }

  /** The queue's jobs by state; E_QUEUE when Redis does not answer in time. */
  async jobs(): Promise<DistributedStatus['queue']> {
    if (!this.queue) return null;
    const counts = await answerWithin(this.queue.getJobCounts(...JOB_STATES), `the batch queue's Redis at ${redact(this.target!.redis)} did not answer within ${QUEUE_ANSWER_MS / 1000} s`);
    const jobs = Object.fromEntries(JOB_STATES.map((state) => [state, counts[state] ?? 0])) as Record<(typeof JOB_STATES)[number], number>;
    return { name: `${this.queue.opts.prefix}:${this.queue.name}`, redis: redact(this.target!.redis), jobs };
  }

  async close(): Promise<void> {
    await this.queue?.close();
  }
}

function answerWithin<T>(call: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(OpenDomError.of({ code: 'E_QUEUE', message })), QUEUE_ANSWER_MS)));
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

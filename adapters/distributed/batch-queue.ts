import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { OpenDomError } from '../../core/index.js';

/** Where a distributed run's batch jobs go: a Redis server and the key prefix of the queue (several deployments may share a server). */
export interface QueueTarget {
  redis: string;
  /** Key prefix in Redis (default `opendom`). */
  prefix?: string;
}

/** One job: solve batch `batch` of run `runId`, whose options and snapshot are in the store. */
export interface BatchJob {
  runId: string;
  batch: number;
}

export const QUEUE_NAME = 'batches';
export const DEFAULT_PREFIX = 'opendom';

/**
 * Retries of a job that failed for a reason outside its data (the store or
 * Redis unreachable); a reason in its data ends the batch instead
 * (docs/scale-out.md, "Faults").
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
};

/** The job's id: one job per (run, batch), so that enqueuing it again while it exists adds nothing. */
export function batchJobId(job: BatchJob): string {
  return `${job.runId}.${job.batch}`;
}

/** ioredis options from a `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS). */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw OpenDomError.of({ code: 'E_USAGE', field: 'redis', message: 'the Redis URL is not a URL; give redis://host:port (or rediss:// for TLS)' });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw OpenDomError.of({ code: 'E_USAGE', field: 'redis', message: `the Redis URL must start with redis:// or rediss://, got ${parsed.protocol}//` });
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw OpenDomError.of({ code: 'E_USAGE', field: 'redis', message: `the Redis URL's database must be a number, got ${parsed.pathname.slice(1)}` });
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers and queues wait for Redis to come back rather than fail a command (BullMQ's advice for workers).
    maxRetriesPerRequest: null,
  };
}

/** The batch queue of a target. */
export function batchQueue(target: QueueTarget): Queue<BatchJob> {
  return new Queue<BatchJob>(QUEUE_NAME, { connection: redisConnection(target.redis), prefix: target.prefix ?? DEFAULT_PREFIX, defaultJobOptions: JOB_OPTIONS });
}

/** Enqueues the batches that are not done; a job that exists already is left as it is. */
export async function enqueueBatches(queue: Queue<BatchJob>, runId: string, batches: number[]): Promise<void> {
  if (batches.length === 0) return;
  await queue.addBulk(batches.map((batch) => ({ name: 'batch', data: { runId, batch }, opts: { jobId: batchJobId({ runId, batch }) } })));
}

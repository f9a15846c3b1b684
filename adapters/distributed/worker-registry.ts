import type { SqlClient, SqlExecutor } from '../sql/sql-client.js';

/** Seconds between a worker's heartbeats; a worker not seen for three is not live. */
export const HEARTBEAT_SECONDS = 5;

export interface WorkerListing {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  startedAt: Date;
  seenAt: Date;
  batchesDone: number;
  batchesFailed: number;
}

/** A worker's row in the store, touched every few seconds with the batches it finished. */
export class WorkerHeartbeat {
  private done = 0;
  private failed = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly client: SqlClient, private readonly id: string) {
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  count(kind: 'done' | 'failed'): void {
    if (kind === 'done') this.done++;
    else this.failed++;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beat(true);
  }

  private async beat(stopping = false): Promise<void> {
    const [done, failed] = [this.done, this.failed];
    await this.client.query(
      `update distributed_workers set seen_at = now(), batches_done = batches_done + $2, batches_failed = batches_failed + $3,
       stopped_at = case when $4 then now() else null end where id = $1`,
      [this.id, done, failed, stopping],
    );
    this.done -= done;
    this.failed -= failed;
  }
}

/** Rows of workers not seen for this long are deleted when a worker registers. */
const FORGOTTEN_AFTER = '1 day';

export async function registerWorker(client: SqlClient, worker: { id: string; host: string; pid: number; concurrency: number }): Promise<WorkerHeartbeat> {
  await client.query(`delete from distributed_workers where seen_at < now() - interval '${FORGOTTEN_AFTER}'`);
  await client.query('insert into distributed_workers (id, host, pid, concurrency, started_at, seen_at) values ($1, $2, $3, $4, now(), now())', [worker.id, worker.host, worker.pid, worker.concurrency]);
  return new WorkerHeartbeat(client, worker.id);
}

/** Workers seen within three heartbeats and not stopped, the longest-running first. */
export async function liveWorkers(client: SqlExecutor): Promise<WorkerListing[]> {
  return client.query<WorkerListing>(
    `select id, host, pid, concurrency, started_at as "startedAt", seen_at as "seenAt", batches_done as "batchesDone", batches_failed as "batchesFailed"
     from distributed_workers where stopped_at is null and seen_at > now() - make_interval(secs => $1) order by started_at, id`,
    [HEARTBEAT_SECONDS * 3],
  );
}

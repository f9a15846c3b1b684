import type { Command } from 'commander';
import { BatchWorker } from '../distributed/batch-worker.js';
import { liveWorkers } from '../distributed/worker-registry.js';
import { engineChoices } from './cli-config.js';
import { table } from './format.js';
import { openStore, positiveInteger, usage, type StoreCliOptions } from './store-options.js';

/** `opendom worker` and `opendom workers`: the worker processes of distributed runs (docs/scale-out.md). */
export function addWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('solve the batches of distributed runs (opendom run --distributed) taken from the queue, until stopped (SIGTERM or Ctrl-C)')
    .option('--database <url>', 'the PostgreSQL store every worker and the coordinator share (default: $OPENDOM_DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema of the store (default: public)')
    .option('--redis <url>', "the queue's Redis (default: $OPENDOM_REDIS_URL)")
    .option('--queue-prefix <prefix>', 'key prefix of the queue in Redis (default: opendom)')
    .option('--concurrency <n>', 'batches solved at once; above 1 their solves run in worker threads (default 1)', positiveInteger)
    .option('--lock-seconds <s>', "seconds a job stays this worker's without a renewal: after this a worker that died gives its batch up to another (default 30)", positiveInteger)
    .action(async (options: StoreCliOptions & { redis?: string; queuePrefix?: string; concurrency?: number; lockSeconds?: number }) => {
      const redis = options.redis ?? process.env.OPENDOM_REDIS_URL;
      if (!redis) throw usage("a worker needs the queue's Redis: --redis URL (or $OPENDOM_REDIS_URL)");
      const database = options.database ?? process.env.OPENDOM_DATABASE_URL;
      if (!database) throw usage('a worker needs the PostgreSQL store: --database URL (or $OPENDOM_DATABASE_URL)');
      const store = openStore({ ...options, database });
      const say = (message: string) => process.stdout.write(`${new Date().toISOString()} ${message}\n`);
      const worker = new BatchWorker({
        store,
        engine: engineChoices(),
        redis,
        ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.lockSeconds ? { lockSeconds: options.lockSeconds } : {}),
        log: say,
      });
      try {
        await worker.start();
      } catch (error) {
        await worker.close().catch(() => undefined);
        await store.close();
        throw error;
      }
      say(`worker ${worker.id} ready: ${options.concurrency ?? 1} batch(es) at once`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        say(`worker ${worker.id} stopping: finishing its batches`);
        void worker.close().then(() => store.close()).then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  program
    .command('workers')
    .description('list the live workers of distributed runs: seen within the last three heartbeats (15 s)')
    .option('--database <url>', 'the PostgreSQL store (default: $OPENDOM_DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema of the store (default: public)')
    .option('--json', 'print them as JSON')
    .action(async (options: StoreCliOptions & { json?: boolean }) => {
      const store = openStore(options);
      try {
        const client = await store.client();
        if (client.driver !== 'postgres') throw usage('workers share a PostgreSQL store: give --database URL');
        const workers = await liveWorkers(client);
        if (options.json) return void process.stdout.write(`${JSON.stringify(workers, null, 2)}\n`);
        if (workers.length === 0) return void process.stdout.write('No live workers.\n');
        const age = (d: Date) => `${Math.round((Date.now() - d.getTime()) / 1000)} s ago`;
        process.stdout.write(`${table([['worker', 'host', 'pid', 'concurrency', 'started', 'last seen', 'batches done', 'failed'], ...workers.map((w) => [w.id, w.host, String(w.pid), String(w.concurrency), w.startedAt.toISOString(), age(w.seenAt), String(w.batchesDone), String(w.batchesFailed)])])}\n`);
      } finally {
        await store.close();
      }
    });
}

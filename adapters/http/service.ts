import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createEngine, noteServiceUrl, OpenDomError, postgresStore, storeLockFile, threadedPgliteStore, type CreateEngineOptions, type OpenDomPlugin, type SqlStore } from '../../index.js';
import { buildApp } from './app.js';
import { ServiceMetrics } from './metrics.js';
import { PlanApplies } from './plan-applies.js';
import { RUN_NICE, RunManager, type RunManagerOptions } from './run-manager.js';
import { Analyses } from './analyses.js';
import type { EngineChoices, StoreTarget } from './run-protocol.js';
import { Scheduler } from './scheduler.js';
import type { QueueTarget } from '../distributed/batch-queue.js';
import { DistributedMonitor } from '../distributed/distributed-status.js';
import { runningDistributedRuns } from '../distributed/batch-claims.js';
import { SuggestCache } from './suggest-cache.js';

export interface ServiceOptions {
  /** The embedded store's directory, or a PostgreSQL server. */
  store: { directory: string } | { url: string; schema?: string };
  host?: string;
  port?: number;
  /** The engine's options but its data (geocoder, distance, partner plugin packages: each with its moduleUrl, as runs load them in worker threads). */
  engine?: Omit<CreateEngineOptions, 'data'>;
  /** Options of every run that its request does not give (solver, time limit, gap). */
  runDefaults?: RunManagerOptions['defaults'];
  applyGroupSize?: number;
  /** The scheduling priority of runs' threads (nice, 0–19, Linux; default 10). */
  runNice?: number;
  /** Keep the snapshot of each run in the store, for replay and why-not (docs/simulation.md). */
  keepSnapshots?: boolean;
  /** Solve runs' batches on worker processes (opendom worker) through a BullMQ queue on this Redis; needs the PostgreSQL store (docs/scale-out.md). */
  distributed?: QueueTarget;
  bodyLimit?: number;
  authFailuresPerMinute?: number;
  /** Where the JSON log lines go (default: standard output). */
  logStream?: DestinationStream;
  logLevel?: string;
  /** How long a shutdown waits for runs that apply (default 60 s); they are resumable after. */
  shutdownGraceMs?: number;
  version?: string;
}

export interface Service {
  url: string;
  app: FastifyInstance;
  log: Logger;
  /** Stops taking work, cancels planning runs, lets applying ones finish (within the grace), closes the store. */
  close(): Promise<void>;
}

/**
 * `opendom serve` (docs/service.md): the store — the embedded one owned by
 * a thread of its own, or PostgreSQL — the engine, suggest's data in memory,
 * runs in worker threads, the schedules, and the HTTP API. Refuses to listen
 * beyond loopback while no API key exists.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const host = options.host ?? '127.0.0.1';
  const engineOptions = options.engine ?? {};
  const packages = runnablePackages(engineOptions.plugins ?? []);
  const log = pino({ level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'key'] }, options.logStream);
  if (options.distributed && 'directory' in options.store) {
    throw OpenDomError.of({ code: 'E_USAGE', field: 'redis', message: 'distributed runs need the PostgreSQL store every worker reaches: give --database URL with --redis' });
  }
  const embedded = 'directory' in options.store ? threadedPgliteStore({ directory: options.store.directory, ...tuning(options) }) : null;
  const store: SqlStore = embedded ?? postgresStore({ ...(options.store as { url: string; schema?: string }), ...tuning(options) });
  try {
    await store.schemaVersion();
    if (!isLoopback(host) && !(await store.hasActiveKey())) {
      throw OpenDomError.of({ code: 'E_USAGE', message: `serve listens on ${host}, beyond this machine, only once an API key exists; create one first (opendom keys create --role admin)` });
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const engine = await createEngine({ ...engineOptions, data: store });
  const suggest = new SuggestCache(engine, store);
  const distributed = new DistributedMonitor(store, options.distributed);
  const metrics = new ServiceMetrics(store, distributed);
  const target = async (): Promise<StoreTarget> => (embedded ? { kind: 'port', port: await embedded.connect() } : { kind: 'postgres', ...(options.store as { url: string; schema?: string }) });
  const runs = new RunManager({
    target,
    engine: { ...engineChoices(engineOptions), packages },
    ...(options.runDefaults ? { defaults: options.runDefaults } : {}),
    ...(options.runNice !== undefined ? { nice: options.runNice } : {}),
    ...(options.keepSnapshots ? { keepSnapshots: true } : {}),
    ...(options.distributed ? { distributed: options.distributed } : {}),
    ...(options.applyGroupSize ? { applyGroupSize: options.applyGroupSize } : {}),
    onEnded: (ended) => {
      metrics.runEnded(ended);
      const line = { runId: ended.run?.id, profileId: ended.profileId, status: ended.run?.status, seconds: Math.round(ended.seconds * 10) / 10, lines: ended.summary?.lines, fillRate: ended.summary?.fillRate };
      if (ended.error) log.warn({ ...line, code: ended.error.code }, `run failed: ${ended.error.message}`);
      else log.info(line, 'run finished');
    },
  });
  const applies = new PlanApplies(store, engine);
  const analyses = new Analyses(store, { engine: { ...engineChoices(engineOptions), packages }, nice: options.runNice ?? RUN_NICE, ...(options.runDefaults ? { runDefaults: options.runDefaults } : {}) });
  const scheduler = new Scheduler(store, runs, log);
  const app = await buildApp({ store, engine, engineOptions, suggest, runs, applies, scheduler, metrics, analyses, distributed, closing: () => closing !== undefined }, { logger: log, version: options.version ?? 'dev', ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}), ...(options.authFailuresPerMinute ? { authFailuresPerMinute: options.authFailuresPerMinute } : {}) });

  let closing: Promise<void> | undefined;
  const grace = options.shutdownGraceMs ?? 60_000;
  const close = () => (closing ??= (async () => {
    log.info('shutting down: no new requests; planning runs cancelled; applying runs and plans finish');
    scheduler.stop();
    await Promise.all([app.close(), runs.shutdown(grace), applies.shutdown(grace), analyses.close()]);
    suggest.close();
    await distributed.close();
    await engine.close();
    log.info('stopped');
  })());
  try {
    await suggest.current();
    await scheduler.start();
    await app.listen({ host, port: options.port ?? 8080 });
    if (options.distributed) void resumeDistributedRuns(store, runs, log);
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if ('directory' in options.store) noteServiceUrl(storeLockFile(options.store.directory), url);
  log.info({ url, store: 'directory' in options.store ? options.store.directory : 'postgresql' }, `OpenDOM serving at ${url}`);
  if (!(await store.hasActiveKey())) {
    log.warn('no API key exists: every request but /healthz, /readyz, /docs and /openapi.json is refused (401); stop the service, create one (opendom keys create --role admin) and start it again');
  }
  return { url, app, log, close };
}

/**
 * Takes over the distributed runs whose coordinator stopped (docs/scale-out.md):
 * each is resumed in a run worker of this service; one whose coordinator
 * lives (its profile's lock is held) is left to it.
 */
async function resumeDistributedRuns(store: SqlStore, runs: RunManager, log: Logger): Promise<void> {
  for (const { runId, profileId } of await runningDistributedRuns(await store.client())) {
    try {
      await runs.resume(runId, profileId);
      log.info({ runId, profileId }, 'resumed a distributed run whose coordinator had stopped');
    } catch (error) {
      if ((error as OpenDomError).code !== 'E_STORE_LOCKED') log.warn({ runId, profileId }, `could not resume the distributed run: ${(error as Error).message}`);
    }
  }
}

function tuning(options: ServiceOptions) {
  return options.applyGroupSize ? { applyGroupSize: options.applyGroupSize } : {};
}

/** Whether a host to listen on stays on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The engine's choices but its data and plugin packages: plain data, as a run's worker thread is given them. */
function engineChoices({ plugins: _plugins, ...choices }: Omit<CreateEngineOptions, 'data'>): EngineChoices {
  return choices;
}

/** The partner packages as a run's worker loads them again: each needs the URL of its module. */
function runnablePackages(plugins: OpenDomPlugin[]): Array<{ name: string; moduleUrl: string }> {
  return plugins.map((pkg) => {
    if (!pkg.moduleUrl) throw OpenDomError.of({ code: 'E_CONFIG', message: `plugin package "${pkg.name}" gives no moduleUrl: the service's runs load it in worker threads, so give it (moduleUrl: import.meta.url), or load it from the configuration file` });
    return { name: pkg.name, moduleUrl: pkg.moduleUrl };
  });
}

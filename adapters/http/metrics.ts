import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SqlStore } from '../../index.js';
import type { RunEnded } from './run-manager.js';
import { JOB_STATES, type DistributedMonitor } from '../distributed/distributed-status.js';

/**
 * The service's metrics in Prometheus text format (GET /metrics): runs by
 * status (counted in the store when scraped, so every process sharing it
 * reports the same), the duration of this process's runs and of their
 * stages, the lines planned and fill rate of each profile's last run here,
 * suggest latency, HTTP requests by route and status, the batch queue's
 * jobs by state and the live workers' heartbeats (distributed runs,
 * docs/scale-out.md), and the process's own (memory, CPU, event-loop lag).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly runSeconds: Histogram<'profile' | 'outcome'>;
  private readonly stageSeconds: Histogram<'stage'>;
  private readonly lastLines: Gauge<'profile'>;
  private readonly lastFillRate: Gauge<'profile'>;
  private readonly suggestSeconds: Histogram;
  private readonly requests: Counter<'method' | 'route' | 'status'>;

  constructor(store: SqlStore, distributed: DistributedMonitor) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'opendom_' });
    new Gauge({
      name: 'opendom_runs',
      help: 'Runs in the store by status (all processes).',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        for (const { status, count } of await store.countRuns()) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'opendom_queue_jobs',
      help: "Batch jobs of distributed runs in the queue, by state (none without serve --redis).",
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        // Redis out of reach leaves the gauge empty rather than failing the whole scrape.
        const queue = await distributed.jobs().catch(() => null);
        if (queue) for (const state of JOB_STATES) this.set({ state }, queue.jobs[state]);
      },
    });
    new Gauge({
      name: 'opendom_workers_live',
      help: 'Worker processes of distributed runs seen within their last three heartbeats.',
      registers,
      async collect() {
        this.set((await distributed.workers()).length);
      },
    });
    new Gauge({
      name: 'opendom_worker_heartbeat_age_seconds',
      help: "Seconds since each live worker's last heartbeat.",
      labelNames: ['worker', 'host'],
      registers,
      async collect() {
        this.reset();
        for (const w of await distributed.workers()) this.set({ worker: w.id, host: w.host }, (Date.now() - w.seenAt.getTime()) / 1000);
      },
    });
    this.runSeconds = new Histogram({ name: 'opendom_run_duration_seconds', help: 'Duration of the runs this process ran, by profile and outcome.', labelNames: ['profile', 'outcome'], buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800], registers });
    this.stageSeconds = new Histogram({ name: 'opendom_run_stage_duration_seconds', help: 'Duration of each stage of the runs this process ran.', labelNames: ['stage'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300], registers });
    this.lastLines = new Gauge({ name: 'opendom_last_run_lines', help: 'Lines planned by the last run of each profile in this process.', labelNames: ['profile'], registers });
    this.lastFillRate = new Gauge({ name: 'opendom_last_run_fill_rate', help: 'Fill rate (0–1) of the last run of each profile in this process.', labelNames: ['profile'], registers });
    this.suggestSeconds = new Histogram({ name: 'opendom_suggest_duration_seconds', help: 'Time to answer a suggestion, from the request to the answer.', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5], registers });
    this.requests = new Counter({ name: 'opendom_http_requests_total', help: 'HTTP requests answered, by method, route and status.', labelNames: ['method', 'route', 'status'], registers });
  }

  runEnded(ended: RunEnded): void {
    this.runSeconds.observe({ profile: ended.profileId, outcome: ended.run?.status ?? 'failed' }, ended.seconds);
    if (!ended.summary) return;
    for (const [stage, ms] of Object.entries(ended.summary.timings)) this.stageSeconds.observe({ stage }, ms / 1000);
    this.lastLines.set({ profile: ended.profileId }, ended.summary.lines);
    this.lastFillRate.set({ profile: ended.profileId }, ended.summary.fillRate);
  }

  suggested(seconds: number): void {
    this.suggestSeconds.observe(seconds);
  }

  answered(method: string, route: string, status: number): void {
    this.requests.inc({ method, route, status: String(status) });
  }
}

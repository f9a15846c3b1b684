import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { checkRecord, OpenDomError, scheduleProblem, type Parameters, type Profile, type Schedule, type SqlStore } from '../../index.js';
import type { RunManager } from './run-manager.js';

/** What became of a schedule's latest tick. */
export interface TickOutcome {
  at: Date;
  outcome: 'started' | 'skipped' | 'failed' | 'done';
  detail: string;
  runId?: string;
}

/** A schedule as the API shows it. */
export interface ScheduleStatus {
  kind: 'run' | 'cleanup';
  /** The profile a `run` schedule runs. */
  profileId: string | null;
  cron: string;
  timeZone: string;
  nextDue: Date | null;
  lastTick: TickOutcome | null;
}

/** How often the schedules are read again when another process may change them. */
const RELOAD_MS = 5_000;

/**
 * Runs what is scheduled (docs/spec.md §6.9): each enabled profile's
 * `schedule` and the parameters' `cleanupSchedule`, read from the store and
 * read again when they change. A tick starts a run recorded with the tick's
 * instant: the store refuses a second run of one tick and a run of a
 * profile while another is under way, in any process, so a tick that
 * cannot start is logged and skipped — never queued.
 */
export class Scheduler {
  private jobs: Array<{ status: ScheduleStatus; cron: Cron }> = [];
  private signature = '';
  private revision = 0;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: SqlStore,
    private readonly runs: RunManager,
    private readonly log: FastifyBaseLogger,
  ) {
    this.unsubscribe = store.onChange(() => void this.reload());
  }

  async start(): Promise<void> {
    this.revision = await this.store.latestRevision();
    await this.load();
    this.timer = setInterval(() => void this.reloadIfChanged(), RELOAD_MS).unref();
  }

  schedules(): ScheduleStatus[] {
    return this.jobs.map(({ status, cron }) => ({ ...status, nextDue: cron.nextRun() }));
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const job of this.jobs) job.cron.stop();
    this.jobs = [];
  }

  /** Reads the schedules again (serialised: one reload at a time). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.load()).catch((error: unknown) => this.log.error({ err: error }, 'reading the schedules failed'));
    return this.reloading;
  }

  private async reloadIfChanged(): Promise<void> {
    try {
      const { revision, changes } = await this.store.changesSince(this.revision);
      this.revision = revision;
      if (changes.some((c) => c.collection === 'profiles' || c.collection === 'parameters' || c.collection === 'changes')) await this.reload();
    } catch (error) {
      this.log.warn({ err: error }, 'checking the store for schedule changes failed');
    }
  }

  private async load(): Promise<void> {
    const wanted = await this.wantedSchedules();
    const signature = JSON.stringify(wanted);
    if (signature === this.signature) return;
    this.signature = signature;
    const previous = new Map(this.jobs.map((j) => [`${j.status.kind}:${j.status.profileId}`, j.status.lastTick]));
    for (const job of this.jobs) job.cron.stop();
    this.jobs = wanted.map((w) => {
      const status: ScheduleStatus = { ...w, nextDue: null, lastTick: previous.get(`${w.kind}:${w.profileId}`) ?? null };
      const cron = new Cron(w.cron, { timezone: w.timeZone, protect: true, catch: true }, (self: Cron) => this.tick(status, self.currentRun() ?? new Date()));
      return { status, cron };
    });
    this.log.info({ schedules: wanted }, `${wanted.length} schedule(s) loaded`);
  }

  /** The valid schedules of enabled profiles and of the clean-up; an invalid one is logged and left out. */
  private async wantedSchedules(): Promise<Array<Omit<ScheduleStatus, 'nextDue' | 'lastTick'>>> {
    const wanted: Array<Omit<ScheduleStatus, 'nextDue' | 'lastTick'>> = [];
    const add = (kind: 'run' | 'cleanup', profileId: string | null, schedule: Schedule) => {
      const problem = scheduleProblem(schedule);
      if (problem) this.log.warn({ profileId, field: problem.field }, `schedule not used: ${problem.message}`);
      else wanted.push({ kind, profileId, cron: schedule.cron, timeZone: schedule.timeZone });
    };
    for (const raw of await this.store.readCollection('profiles')) {
      const profile = checkRecord<Profile>('profile', raw).value;
      if (profile?.enabled && profile.schedule) add('run', profile.id, profile.schedule);
    }
    const parameters = checkRecord<Parameters>('parameters', (await this.store.getRecord('parameters', '')) ?? {}).value;
    if (parameters?.cleanupSchedule) add('cleanup', null, parameters.cleanupSchedule);
    return wanted;
  }

  private async tick(status: ScheduleStatus, at: Date): Promise<void> {
    const record = (outcome: TickOutcome) => {
      status.lastTick = outcome;
      const line = { kind: status.kind, profileId: status.profileId, tick: at.toISOString(), outcome: outcome.outcome, runId: outcome.runId };
      if (outcome.outcome === 'failed') this.log.error(line, outcome.detail);
      else this.log.info(line, outcome.detail);
    };
    try {
      if (status.kind === 'cleanup') {
        const deleted = await this.store.cleanup(new Date());
        return record({ at, outcome: 'done', detail: `scheduled clean-up: ${deleted.plans} plan(s), ${deleted.logs} log entries and ${deleted.runs} run(s) deleted` });
      }
      const run = await this.runs.start({ profileId: status.profileId!, scheduledFor: at.toISOString() });
      record({ at, outcome: 'started', detail: `scheduled run of profile ${status.profileId} started`, runId: run.id });
    } catch (error) {
      if (error instanceof OpenDomError && error.code === 'E_STORE_LOCKED') {
        return record({ at, outcome: 'skipped', detail: `scheduled run of profile ${status.profileId} skipped: ${error.message}` });
      }
      record({ at, outcome: 'failed', detail: `scheduled ${status.kind === 'run' ? `run of profile ${status.profileId}` : 'clean-up'} failed: ${(error as Error).message}` });
    }
  }
}

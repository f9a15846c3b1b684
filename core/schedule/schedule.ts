import { Cron } from 'croner';
import type { FromSchema } from 'json-schema-to-ts';
import type { scheduleSchema } from '../schemas/records.schema.js';

/** When something recurs: a cron expression (5 fields, or 6 with seconds first) read in an IANA time zone. */
export type Schedule = FromSchema<typeof scheduleSchema>;

/** What is wrong with a schedule, by field, or null when it is valid. */
export function scheduleProblem(schedule: Schedule): { field: 'cron' | 'timeZone'; message: string } | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: schedule.timeZone });
  } catch {
    return { field: 'timeZone', message: `"${schedule.timeZone}" is not an IANA time zone (e.g. "UTC", "Europe/Paris", "America/Chicago")` };
  }
  try {
    new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true });
  } catch (error) {
    return { field: 'cron', message: `"${schedule.cron}" is not a cron expression: ${(error as Error).message.replace(/^CronPattern: /, '')}` };
  }
  return null;
}

/** The schedule's next tick after `after`, or null when it never recurs again. */
export function nextTick(schedule: Schedule, after: Date = new Date()): Date | null {
  return new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true }).nextRun(after);
}

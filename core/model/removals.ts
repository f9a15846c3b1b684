import type { Id } from '../domain/types.js';
import type { Removal, RemovalCount } from './problem.js';

/** Removed candidates an explanation lists one by one by default; every removal is counted by rule. */
export const DEFAULT_REMOVALS_LISTED = 10;

/** A removal's reason, or the function that makes it: rendered only for the removals still listed when the line is done. */
export type ReasonOf = Removal['reason'] | (() => Removal['reason']);

interface Listed {
  seq: number;
  distance: number;
  locationId: Id;
  reason: ReasonOf;
}

/**
 * The removed candidates of one line while the filter visits its locations:
 * every removal is counted by (rule, message), and the `limit` nearest are
 * kept with their reason (`count`, then `wants` and `list`), rendered when
 * the line is done. On pools of a thousand locations a line loses hundreds
 * of candidates to a distance limit, and the nearest ten change dozens of
 * times while they are visited; rendering each would cost more than the rest
 * of the filter.
 */
export class LineRemovals {
  // A line meets a handful of (rule, message) pairs: a scan beats a keyed map.
  private readonly counts: RemovalCount[] = [];
  private readonly listed: Listed[] = [];
  /** Order in which listed removals were found. */
  private seq = 0;
  /** Position of the farthest listed removal once the list is full. */
  private farthest = -1;

  constructor(private readonly limit: number) {}

  /** Counts one removal by (rule, message). */
  count(ruleId: Id | null, pluginId: string | null, messageId: string): void {
    for (const c of this.counts) {
      if (c.messageId === messageId && c.ruleId === ruleId && c.pluginId === pluginId) {
        c.count++;
        return;
      }
    }
    this.counts.push({ ruleId, pluginId, messageId, count: 1 });
  }

  /** Whether a removal at this distance is among the nearest so far: only then is its reason rendered and listed. */
  wants(distance: number): boolean {
    return this.listed.length < this.limit || (this.farthest >= 0 && distance < this.listed[this.farthest]!.distance);
  }

  /** Lists a removal that `wants` accepted, dropping the farthest listed one when the list is full. */
  list(locationId: Id, distance: number, reason: ReasonOf): void {
    if (this.listed.length < this.limit) {
      this.listed.push({ seq: this.seq++, distance, locationId, reason });
      if (this.listed.length === this.limit) this.findFarthest();
      return;
    }
    // The farthest entry is dropped: its object takes the new one (lines of a thousand locations replace dozens).
    const entry = this.listed[this.farthest]!;
    entry.seq = this.seq++;
    entry.distance = distance;
    entry.locationId = locationId;
    entry.reason = reason;
    this.findFarthest();
  }

  private findFarthest(): void {
    this.farthest = -1;
    for (let i = 0; i < this.listed.length; i++) if (this.farthest < 0 || this.listed[i]!.distance > this.listed[this.farthest]!.distance) this.farthest = i;
  }

  /** Appends the kept removals of line `line` to `into`, in the order they were found, and returns the counts. */
  finish(line: number, into: Removal[]): RemovalCount[] {
    this.listed.sort((a, b) => a.seq - b.seq);
    for (const { locationId, reason } of this.listed) into.push({ line, locationId, reason: typeof reason === 'function' ? reason() : reason });
    return this.counts;
  }
}

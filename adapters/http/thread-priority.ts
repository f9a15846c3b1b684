import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers this thread's priority: on Linux a thread has its own, set by its
 * thread id, and the threads it starts (a run's batch workers) inherit it.
 * Elsewhere the thread keeps the process's priority.
 */
export function lowerPriority(nice: number): void {
  if (process.platform !== 'linux' || nice === 0) return;
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  setPriority(threadId, nice);
}

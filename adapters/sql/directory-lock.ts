import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import fsx from 'fs-native-extensions';
import { OpenDomError } from '../../core/index.js';

/**
 * Takes the embedded store's lock: an exclusive advisory lock (an open file
 * description lock, kept by the kernel) on `lockFile`. The kernel releases it
 * when its owner closes it or dies, so a dead owner's lock needs no takeover,
 * and two processes can never both hold it, whatever the timing. The file
 * itself is never removed (removing it would let a second process lock a new
 * file of the same name); it holds the owner's pid, for messages only.
 * Returns the release.
 */
export function lockDirectory(lockFile: string, directory: string): () => void {
  const fd = openSync(lockFile, constants.O_RDWR | constants.O_CREAT, 0o644);
  let locked: boolean;
  try {
    locked = fsx.tryLock(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!locked) {
    closeSync(fd);
    throw OpenDomError.of({ code: 'E_STORE_LOCKED', file: directory, message: heldBy(lockFile) });
  }
  ftruncateSync(fd, 0);
  writeSync(fd, String(process.pid), 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    ftruncateSync(fd, 0);
    closeSync(fd);
  };
}

/**
 * Notes in the lock file (after the owner's pid) the URL of the service that
 * holds the store, so that a process refused the lock can say how to reach
 * it. The lock belongs to the open file description, not to the content.
 */
export function noteServiceUrl(lockFile: string, url: string): void {
  writeFileSync(lockFile, `${process.pid}\n${url}\n`);
}

/** Who holds the lock, as far as the file tells (the owner writes its pid just after locking, a service its URL), and what to do. */
function heldBy(lockFile: string): string {
  let text = '';
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch {
    // Unreadable: say nothing of the owner.
  }
  const [first = '', url = ''] = text.split('\n').map((l) => l.trim());
  const pid = Number(first);
  if (url.startsWith('http')) {
    return `the embedded store is held by the running OpenDOM service at ${url} (process ${pid}): act through it with --server ${url} and a key (--key KEY or $OPENDOM_KEY)`;
  }
  const owner = Number.isInteger(pid) && pid > 0 ? `process ${pid}${pid === process.pid ? ' (this one)' : ''}` : 'another process';
  return `the embedded store is open in ${owner}; wait for it to finish, or use a PostgreSQL server (--database URL) for concurrent access`;
}

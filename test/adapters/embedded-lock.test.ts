import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteStore } from '../../index.js';
import { conformanceRecords } from 'opendom/testing';
import { ROOT } from '../e2e/cli-process.js';
import { pgliteHarness, writeRecords } from './store-harness.js';

/** One process per embedded store: the lock is tried by real processes racing for it. */

const embedded = pgliteHarness();
beforeAll(() => embedded.setUp());
afterAll(() => embedded.tearDown());

/** A child process that opens the store when told (test/fixtures/open-store-child.ts). */
class Opener {
  private readonly child: ChildProcess;
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string) => void> = [];

  constructor(directory: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/open-store-child.ts', directory], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.child.stdout! });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
  }

  /** Sends a command; resolves with the child's answer. */
  ask(command: 'open' | 'close'): Promise<string> {
    return new Promise((answer) => {
      this.waiting.push(answer);
      this.child.stdin!.write(`${command}\n`);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return new Promise((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return done();
      this.child.once('exit', () => done());
      this.child.kill(signal);
    });
  }
}

function deadPid(): string {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
}

describe('the embedded store lock', () => {
  it('refuses a second open in the same process, and is free again once the store closes', async () => {
    const store = await embedded.newStore();
    await writeRecords(store, conformanceRecords());
    const second = pgliteStore({ directory: store.directory });
    await expect(second.read()).rejects.toThrow(`E_STORE_LOCKED: ${store.directory}: the embedded store is open in process ${process.pid} (this one); wait for it to finish`);
    await store.close();
    try {
      expect((await second.read()).orders).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it('lets exactly one of three racing processes in, 50 times: no lock file, a dead owner\'s lock file, an empty lock file', async () => {
    const { directory } = await embedded.newStore();
    const openers = [new Opener(directory), new Opener(directory), new Opener(directory)];
    const lockFile = `${directory}.lock`;
    const outcomes: string[] = [];
    try {
      for (let trial = 0; trial < 50; trial++) {
        if (trial % 3 === 1) writeFileSync(lockFile, deadPid());
        if (trial % 3 === 2) writeFileSync(lockFile, '');
        const answers = await Promise.all(openers.map((o) => o.ask('open')));
        outcomes.push([...answers].sort().join(","));
        const winner = answers.indexOf('opened');
        const unsorted = await Promise.all(openers.map(async (o, i) => (answers[i] === 'opened' ? o.ask('close') : 'none')));
        expect(unsorted.filter((a) => a === 'closed')).toHaveLength(winner === -1 ? 0 : 1);
      }
    } finally {
      await Promise.all(openers.map((o) => o.kill()));
    }
    expect(new Set(outcomes)).toEqual(new Set(['opened,refused E_STORE_LOCKED,refused E_STORE_LOCKED']));
  }, 300_000);

  it('a failed open leaves the owner\'s lock in place; the lock of an owner killed with SIGKILL is free at once', async () => {
    const { directory } = await embedded.newStore();
    const [owner, other] = [new Opener(directory), new Opener(directory)];
    try {
      expect(await owner.ask('open')).toBe('opened');
      expect(await other.ask('open')).toBe('refused E_STORE_LOCKED');
      expect(await other.ask('open')).toBe('refused E_STORE_LOCKED');
      await expect(pgliteStore({ directory }).read()).rejects.toThrow(`the embedded store is open in process ${owner.pid}; wait for it to finish`);
      await owner.kill('SIGKILL');
      expect(await other.ask('open')).toBe('opened');
      expect(await other.ask('close')).toBe('closed');
    } finally {
      await Promise.all([owner.kill(), other.kill()]);
    }
  }, 120_000);
});

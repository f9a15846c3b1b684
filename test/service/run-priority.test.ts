import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnded, serviceHarness } from './service-harness.js';

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

describe.runIf(process.platform === 'linux')("a run's thread takes the service's run priority", () => {
  const harness = serviceHarness('pglite');
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('runs at nice 15 when asked, while the threads answering requests keep theirs', async () => {
    const s = await harness.start(await harness.prepare(), { runNice: 15 });
    const before = threadNices();
    expect(before).not.toContain(15);
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'standard-ship', apply: false } });
    expect(started.status).toBe(202);
    let seen: number[] = [];
    for (let i = 0; i < 200 && !seen.includes(15); i++) {
      seen = threadNices();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toContain(15);
    expect(seen.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect((await runEnded(s, started.body.id)).status).toBe('planned');
  });
});

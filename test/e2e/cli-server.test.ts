import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceHarness, type Prepared } from '../service/service-harness.js';
import { cli, startServe } from './cli-process.js';

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function target(prepared: Prepared): string[] {
  return 'directory' in prepared.store ? ['--store', prepared.store.directory] : ['--database', prepared.store.url, '--schema', prepared.store.schema!];
}

describe('the CLI beside a running service, on PostgreSQL', () => {
  const harness = serviceHarness('postgres');
  let prepared: Prepared;
  let served: { child: ChildProcess; url: string };
  beforeAll(async () => {
    await harness.setUp();
    prepared = await harness.prepare();
    served = await startServe(target(prepared));
  });
  afterAll(async () => {
    await stop(served.child);
    await harness.tearDown();
  });

  it('prints through --server what it prints on the store itself', async () => {
    const key = { OPENDOM_KEY: prepared.keys.operate };
    const run = await cli(['run', '--profile', 'express-ship', '--no-apply', '--server', served.url], key);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Profile +express-ship$/m);
    const planId = /plan ([0-9a-f-]{36}) stored, not applied/.exec(run.stdout)![1]!;

    const same = async (args: string[]) => {
      const local = await cli([...args, ...target(prepared)]);
      const remote = await cli([...args, '--server', served.url], key);
      expect(remote.stderr).toBe(local.stderr);
      expect(remote.code).toBe(local.code);
      expect(remote.stdout).toBe(local.stdout);
      return local.stdout;
    };
    expect(await same(['plans', '--profile', 'express-ship'])).toContain(planId);
    const line = await firstLine(planId);
    expect(await same(['explain', '--plan-id', planId, '--line', line])).toContain(`Line ${line}`);
    expect(await same(['explain', '--plan-id', planId, '--line', line, '--json'])).toContain(`"lineId": "${line}"`);
    await same(['suggest', '--variant', 'V-0001-GREY-L', '--quantity', '2', '--mode', 'standard', '--entity', 'usrt', '--origin', 'web', '--coordinates', '41.88,-87.63']);
    await same(['suggest', '--variant', 'V-0001-GREY-L', '--quantity', '1', '--mode', 'express', '--entity', 'usrt', '--coordinates', '34.05,-118.24', '--json']);

    const applied = await cli(['apply', '--plan-id', planId, '--server', served.url], key);
    expect(applied.stdout).toMatch(new RegExp(`^Plan ${planId}: \\d+ orders applied, 0 conflicts, 0 stock changed, 0 at their location's order limit, 0 invalid, 0 settled before$`, 'm'));
    expect(await same(['plans', '--profile', 'express-ship'])).toMatch(/ (\d+)\/\1\n/);
    const again = await cli(['apply', '--plan-id', planId, '--server', served.url], key);
    expect(again.stdout).toMatch(/0 orders applied, 0 conflicts, 0 stock changed, 0 at their location's order limit, 0 invalid, \d+ settled before/);
  });

  it('says what the service refuses as the CLI would: the error code and what to do', async () => {
    const noKey = await cli(['plans', '--server', served.url], { OPENDOM_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('E_AUTH');
    expect(noKey.stderr).toContain('opendom keys create');
    const readOnly = await cli(['cleanup', '--server', served.url, '--key', prepared.keys.read]);
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain('a read key may not POST /api/cleanup: it needs the admin role');
    const unreachable = await cli(['plans', '--server', 'http://127.0.0.1:9', '--key', prepared.keys.read]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach the service at http://127.0.0.1:9');
    const both = await cli(['plans', '--server', served.url, ...target(prepared)]);
    expect(both.stderr).toContain('give a store (--store, --database) or --server URL, not both');
  });

  async function firstLine(planId: string): Promise<string> {
    const response = await fetch(`${served.url}/api/plans/${planId}?limit=1`, { headers: { authorization: `Bearer ${prepared.keys.read}` } });
    return ((await response.json()) as { lines: Array<{ lineId: string }> }).lines[0]!.lineId;
  }
});

describe('the CLI beside a service holding the embedded store', () => {
  const harness = serviceHarness('pglite');
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it('says the store is held by the running service and how to reach it; --server acts through it', async () => {
    const prepared = await harness.prepare();
    const served = await startServe(target(prepared));
    try {
      const held = await cli(['plans', ...target(prepared)]);
      expect(held.code).toBe(2);
      expect(held.stderr).toContain(`the embedded store is held by the running OpenDOM service at ${served.url}`);
      expect(held.stderr).toContain(`--server ${served.url}`);
      const created = await cli(['keys', 'create', '--role', 'read', '--name', 'dashboard', '--server', served.url, '--key', prepared.keys.admin]);
      expect(created.code, created.stderr).toBe(0);
      const listed = await cli(['keys', 'list', '--server', served.url, '--key', created.stdout.trim()]);
      expect(listed.code).toBe(2);
      expect(listed.stderr).toContain('needs the admin role');
      const asAdmin = await cli(['keys', 'list', '--server', served.url, '--key', prepared.keys.admin]);
      expect(asAdmin.stdout).toMatch(/ read +dashboard +\S+ +active/);
    } finally {
      await stop(served.child);
    }
  });

  it('serve refuses to listen beyond loopback while no API key exists', async () => {
    const bare = await harness.prepare();
    const directory = (bare.store as { directory: string }).directory;
    // A store whose keys are all revoked has no active key.
    for (const id of (await cli(['keys', 'list', '--store', directory])).stdout.match(/^ {2}([0-9a-f]{12}) /gm)!.map((l) => l.trim())) {
      expect((await cli(['keys', 'revoke', id, '--store', directory])).code).toBe(0);
    }
    const refused = await cli(['serve', '--store', directory, '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('serve listens on 0.0.0.0, beyond this machine, only once an API key exists; create one first (opendom keys create --role admin)');
  });
});

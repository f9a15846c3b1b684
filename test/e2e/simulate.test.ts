import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../adapters/snapshot/snapshot.js';
import { applyVariant } from '../../adapters/snapshot/variant.js';
import { cli } from './cli-process.js';

/** What-if simulation through the CLI on the bundled example: each variant's plan is the plan of a run on data changed as the variant says. */
describe('simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opendom-simulate-'));
  const at = (name: string) => join(dir, name);
  const AS_OF = '2026-11-20T00:00:00.000Z';
  const variant = (name: string, body: unknown) => {
    writeFileSync(at(`${name}.json`), JSON.stringify(body));
    return at(`${name}.json`);
  };

  beforeAll(async () => {
    const taken = await cli(['snapshot', '--data', 'examples/retail', '--profile', 'standard-ship', '--as-of', AS_OF, '--out', at('example.json.gz')]);
    expect(taken.code, taken.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plans a variant that takes a DC offline exactly as a run on data where that DC is offline, beside the base, and changes no file', async () => {
    const before = readFileSync(at('example.json.gz'));
    const simulated = await cli(['simulate', '--snapshot', at('example.json.gz'), '--variant', variant('reno-offline', { offline: ['DC-RENO'] }), '--variant', variant('greedy', { solver: 'dom/greedy' }), '--json']);
    expect(simulated.code, simulated.stderr).toBe(0);
    const { runs } = JSON.parse(simulated.stdout);
    expect(runs.map((r: { name: string }) => r.name)).toEqual(['base', 'reno-offline', 'greedy']);
    expect(runs[1].byLocation['DC-RENO']).toBeUndefined();
    expect(runs[0].byLocation['DC-RENO'].units).toBeGreaterThan(0);
    expect(runs[2].solver.id).toBe('dom/greedy');

    // The same data with DC-RENO not shipping, run deterministically: the same plan (its id is a hash of its content).
    cpSync('examples/retail', at('reno-offline-data'), { recursive: true });
    const locations = JSON.parse(readFileSync(at('reno-offline-data/locations.json'), 'utf8'));
    locations.find((l: { id: string }) => l.id === 'DC-RENO').shipping = false;
    writeFileSync(at('reno-offline-data/locations.json'), JSON.stringify(locations));
    const direct = await cli(['run', '--data', at('reno-offline-data'), '--profile', 'standard-ship', '--as-of', AS_OF, '--deterministic', '--json', '--progress', 'none']);
    expect(direct.code, direct.stderr).toBe(0);
    const plan = JSON.parse(direct.stdout);
    expect(runs[1].planId).toBe(plan.planId);
    expect(runs[1].cost).toBe(plan.totals.cost);
    const base = await cli(['replay', '--snapshot', at('example.json.gz'), '--json', '--progress', 'none']);
    expect(runs[0].planId).toBe(JSON.parse(base.stdout).planId);
    expect(readFileSync(at('example.json.gz')).equals(before)).toBe(true);

    const table = await cli(['simulate', '--snapshot', at('example.json.gz'), '--variant', at('reno-offline.json')]);
    expect(table.stdout).toMatch(/^Simulation of standard-ship as of 2026-11-20T00:00:00.000Z: the snapshot as it is \(base\) and 1 variant; nothing was written/);
    expect(table.stdout).toMatch(new RegExp(`cost +${runs[0].cost.toLocaleString('en-US')} +${runs[1].cost.toLocaleString('en-US')}`));
    expect(table.stdout).toMatch(/DC-RENO +\d+ \/ \d+ +0 \/ 0/);
  });

  it('answers why a line of the snapshot\'s plan did not go to a location, from the snapshot; refuses data the plan was not made from', async () => {
    const replayed = await cli(['replay', '--snapshot', at('example.json.gz'), '--out', at('plan.json'), '--progress', 'none']);
    expect(replayed.code, replayed.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(at('plan.json'), 'utf8'));
    const line = plan.lines.find((l: { explanation: { alternatives: unknown[] } }) => l.explanation.alternatives.length > 0);
    const runnerUp = line.explanation.alternatives[0].locationId;
    const asked = await cli(['explain', '--plan', at('plan.json'), '--line', line.lineId, '--why-not', runnerUp, '--snapshot', at('example.json.gz'), '--json']);
    expect(asked.code, asked.stderr).toBe(0);
    const answer = JSON.parse(asked.stdout);
    expect(answer).toMatchObject({ planId: plan.planId, lineId: line.lineId, locationId: runnerUp, kind: 'dearer' });
    expect(answer.costDifference).toBeGreaterThanOrEqual(0);
    const text = await cli(['explain', '--plan', at('plan.json'), '--line', line.lineId, '--why-not', runnerUp, '--snapshot', at('example.json.gz')]);
    expect(text.stdout).toContain(`Why not ${runnerUp} for line ${line.lineId} (plan ${plan.planId}): dearer`);
    // The same plan against other data (the example with DC-RENO offline) is refused, not answered wrongly.
    const other = await cli(['explain', '--plan', at('plan.json'), '--line', plan.lines.at(-1).lineId, '--why-not', 'DC-RENO', '--data', at('reno-offline-data')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`the data given is not the data plan ${plan.planId} was made from: the plan ships from DC-RENO`);
  });

  it('scales stock where a variant says and nowhere else', () => {
    const snapshot = readSnapshot(at('example.json.gz'));
    const scaled = applyVariant(snapshot, { name: 'dc-120', stock: [{ locationType: 'distribution-center', factor: 1.2 }] });
    const types = new Map((snapshot.dataset.locations as Array<{ id: string; type: string }>).map((l) => [l.id, l.type]));
    const before = snapshot.dataset.inventory as Array<{ locationId: string; onHand: number }>;
    const after = scaled.dataset.inventory as Array<{ locationId: string; onHand: number }>;
    expect(after.map((r, i) => r.onHand - (types.get(r.locationId) === 'distribution-center' ? Math.floor(before[i]!.onHand * 1.2) : before[i]!.onHand))).toEqual(after.map(() => 0));
    expect(after.some((r, i) => r.onHand !== before[i]!.onHand)).toBe(true);
  });

  it('refuses a variant that is not one, or names what the snapshot does not hold, saying which', async () => {
    const typo = await cli(['simulate', '--snapshot', at('example.json.gz'), '--variant', variant('typo', { ofline: ['DC-RENO'] })]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('is not a variant');
    expect(typo.stderr).toContain('ofline');
    const unknown = await cli(['simulate', '--snapshot', at('example.json.gz'), '--variant', variant('unknown', { offline: ['DC-NOWHERE'] })]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('variant "unknown": the snapshot has no locations record "DC-NOWHERE"');
    const none = await cli(['simulate', '--snapshot', at('example.json.gz')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give at least one --variant FILE');
  });
});

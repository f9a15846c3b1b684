/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanLine } from '../../index.js';
import { HEIGHT, projection, WIDTH } from '../../web/src/map-projection.js';
import { buildDashboard } from '../../web/build.js';
import { runEnded, serviceHarness, type ServiceUnderTest } from '../service/service-harness.js';
import { launchBrowser, watchedPage, type WatchedPage } from './browser.js';

/**
 * The operators' dashboard in headless Chromium against a real `serve` on
 * the bundled example: every figure it shows is checked against the API's
 * own answer or the whole plan; the browser's console must stay free of
 * errors and no request may leave the service's host.
 */
describe('the dashboard in a real browser', () => {
  const harness = serviceHarness('pglite');
  let s: ServiceUnderTest;
  let browser: Browser;
  let w: WatchedPage;
  const api = async (path: string) => (await s.call('GET', path, { key: s.keys.read })).body;

  beforeAll(async () => {
    await buildDashboard();
    await harness.setUp();
    s = await harness.start(await harness.prepare(), { keepSnapshots: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await harness.tearDown();
  });
  afterEach(async () => {
    expect(w.consoleErrors, 'the browser console reported errors').toEqual([]);
    expect(w.foreignRequests, 'requests left the service host').toEqual([]);
    await w.page.close();
  });

  async function signIn(role: 'read' | 'operate'): Promise<WatchedPage> {
    w = await watchedPage(browser, s.url);
    await w.page.goto(`${s.url}/`);
    await w.page.getByLabel('API key').fill(s.keys[role]);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByRole('heading', { name: 'Overview' }).waitFor();
    return w;
  }

  /** Starts a run from the overview and waits for the page to show it finished. */
  async function runFromOverview(apply: boolean): Promise<{ runId: string; planId: string }> {
    const { page } = w;
    await page.goto(`${s.url}/#/`);
    await page.getByRole('button', { name: 'Start run' }).waitFor();
    await page.getByLabel('Apply the plan').setChecked(apply);
    await page.getByRole('button', { name: 'Start run' }).click();
    const progress = page.getByTestId('run-progress');
    await progress.and(page.locator(`[data-status="${apply ? 'applied' : 'planned'}"]`)).waitFor({ timeout: 120_000 });
    const runId = (await progress.locator('code').textContent())!;
    const run = await runEnded(s, runId);
    return { runId, planId: run.planId };
  }

  it('refuses a wrong key with the service\'s reason and keeps the key in the session only', async () => {
    w = await watchedPage(browser, s.url);
    // The sign-in request that is refused logs a 401 in the console: that one is expected.
    await w.page.goto(`${s.url}/`);
    await w.page.getByLabel('API key').fill('odk_000000000000_not-a-key');
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => w.page.getByRole('alert').textContent()).toMatch(/API key/);
    w.consoleErrors = w.consoleErrors.filter((e) => !/401/.test(e));
    await w.page.getByLabel('API key').fill(s.keys.read);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await w.page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([1, 0]);
    await w.screenshot('sign-in');
  });

  it('starts a run, follows it live to the end and shows its KPIs as the API computes them', async () => {
    await signIn('operate');
    const { planId } = await runFromOverview(true);
    const [kpis] = (await api('/api/kpis?profileId=standard-ship&limit=1')).plans;
    expect(kpis.planId).toBe(planId);
    const plan: Plan = await api(`/api/plans/${planId}/plan.json`);
    const cards = w.page.getByTestId('kpis');
    await expect.poll(() => cards.textContent()).toContain(`${plan.totals.unitsFulfilled.toLocaleString('en-US')} of ${plan.totals.units.toLocaleString('en-US')}`);
    const text = (await cards.textContent())!;
    expect(text).toContain(`Fill rate${(plan.totals.fillRate * 100).toFixed(1)} %`);
    expect(text).toContain(`Cost${plan.totals.cost.toLocaleString('en-US', { maximumFractionDigits: 2 })}`);
    expect(text).toContain(`Cost per unit${(plan.totals.cost / plan.totals.unitsFulfilled).toLocaleString('en-US', { maximumFractionDigits: 2 })}`);
    expect(text).toContain(`Split orders${plan.totals.splitOrders}`);
    expect(text).toContain(`${plan.solver.id} · ${plan.solver.status}`);
    expect(await w.page.locator('figure.chart canvas').count()).toBe(3);
    await w.screenshot('overview');
  });

  it('opens the plan and filters its lines by location and by split, paging through them', async () => {
    await signIn('read');
    const [{ planId }] = (await api('/api/kpis?limit=1')).plans;
    const plan: Plan = await api(`/api/plans/${planId}/plan.json`);
    const { page } = w;
    await page.goto(`${s.url}/#/plans/${planId}`);
    const info = page.getByTestId('page-info');
    await expect.poll(() => info.textContent()).toBe(`Lines 1–100 of ${plan.lines.length.toLocaleString('en-US')} · page 1 of ${Math.ceil(plan.lines.length / 100)}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => info.textContent()).toMatch(/^Lines 101–200 /);
    expect(await page.getByTestId('plan-lines').locator('tbody tr').first().locator('th').textContent()).toBe(plan.lines[100]!.lineId);

    // The busiest location: every line shown ships from it, and the count is the plan's.
    const counts = new Map<string, number>();
    for (const l of plan.lines) for (const a of l.assignments) counts.set(a.locationId, (counts.get(a.locationId) ?? 0) + 1);
    const [busiest, shipping] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    await page.getByLabel('Location').fill(busiest);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => info.textContent()).toMatch(new RegExp(`^Lines 1–${Math.min(100, shipping)} of ${shipping.toLocaleString('en-US')} `));
    const shipsFrom = await page.getByTestId('plan-lines').locator('tbody tr td:nth-child(6)').allTextContents();
    expect(shipsFrom.length).toBe(Math.min(100, shipping));
    expect(shipsFrom.every((cell) => cell.includes(busiest))).toBe(true);

    await page.getByLabel('Location').fill('');
    await page.getByLabel('Split').selectOption('true');
    await page.getByRole('button', { name: 'Filter' }).click();
    const split = plan.lines.filter((l) => l.split);
    await expect.poll(() => info.textContent()).toMatch(new RegExp(`of ${split.length.toLocaleString('en-US')} `));
    expect(await page.getByTestId('plan-lines').locator('tbody th').allTextContents()).toEqual(split.slice(0, 100).map((l) => l.lineId));
    await w.screenshot('plan');
  });

  it('draws the map and shows an order\'s lines and why each went where it went when its point is clicked', async () => {
    await signIn('read');
    const [{ planId }] = (await api('/api/kpis?limit=1')).plans;
    const map = await api(`/api/plans/${planId}/map`);
    const plan: Plan = await api(`/api/plans/${planId}/plan.json`);
    // An order whose point is at least 12 px from every other order's: a click on it can mean nothing else.
    const points = map.orders.map((o: { orderId: string; latitude: number; longitude: number }) => ({ orderId: o.orderId, xy: projection([o.longitude, o.latitude])! }));
    const lonely = points.find((p: { xy: [number, number] }) => points.every((q: { xy: [number, number] }) => q === p || (q.xy[0] - p.xy[0]) ** 2 + (q.xy[1] - p.xy[1]) ** 2 > 144));
    expect(lonely).toBeDefined();
    const { page } = w;
    await page.goto(`${s.url}/#/plans/${planId}/map`);
    const canvas = page.getByTestId('map');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: (lonely.xy[0] / WIDTH) * box.width, y: (lonely.xy[1] / HEIGHT) * box.height } });
    await page.getByRole('heading', { name: `Order ${lonely.orderId}` }).waitFor();
    const expected = plan.lines.filter((l) => l.orderId === lonely.orderId);
    const lines = page.getByTestId('order-lines');
    await lines.waitFor();
    expect(await lines.locator('tbody th').allTextContents()).toEqual(expected.map((l) => l.lineId));
    for (const l of expected) expect(await lines.textContent()).toContain(l.explanation.decision);
    // The load table lists each shipping location with the plan's orders and units.
    const units = new Map<string, number>();
    for (const l of plan.lines) for (const a of l.assignments) units.set(a.locationId, (units.get(a.locationId) ?? 0) + a.quantity);
    const rows = await page.getByRole('table', { name: 'Load of each location' }).locator('tbody tr').count();
    expect(rows).toBe(units.size);
    await w.screenshot('map');
  });

  let rejected: { lineId: string; locationId: string; planId: string };
  let resetLine: string;

  it('explains a line as opendom explain does, and rejects its assignment; the exceptions list shows the rejections', async () => {
    await signIn('operate');
    const [{ planId }] = (await api('/api/kpis?limit=1')).plans;
    const plan: Plan = await api(`/api/plans/${planId}/plan.json`);
    const movable = plan.lines.filter((l) => l.fulfillmentType === 'full' && !l.split && l.explanation.alternatives.length > 0);
    const [line, other] = movable as [PlanLine, PlanLine];
    const { page } = w;
    await page.goto(`${s.url}/#/plans/${planId}/lines/${line.lineId}`);
    await page.getByTestId('decision').waitFor();
    expect(await page.getByTestId('decision').textContent()).toBe(line.explanation.decision);
    const rows = page.getByTestId('candidates').locator('tbody tr');
    expect(await rows.count()).toBe(line.explanation.chosen.length + line.explanation.alternatives.length);
    expect(await rows.first().locator('th').textContent()).toBe(line.assignments[0]!.locationId);
    expect(await rows.first().locator('td').last().textContent()).toBe('chosen');
    const removed = line.explanation.removedByRule.reduce((sum, r) => sum + r.count, 0);
    if (removed > 0) expect(await page.getByRole('region', { name: /^Removed candidates/ }).getByRole('heading').first().textContent()).toMatch(/^Removed candidates/);
    await w.screenshot('explain');

    // Why not the runner-up: the service re-solves on the snapshot it kept of the run, as the API answers.
    const runnerUp = line.explanation.alternatives[0]!.locationId;
    const expected = (await api(`/api/plans/${planId}/lines/${line.lineId}/why-not/${runnerUp}`));
    await page.getByLabel('Location', { exact: true }).fill(runnerUp);
    await page.getByRole('button', { name: 'Why not?' }).click();
    const whyNot = page.getByTestId('why-not');
    await whyNot.waitFor({ timeout: 60_000 });
    expect(await whyNot.getAttribute('data-kind')).toBe(expected.kind);
    expect(await whyNot.textContent()).toContain(expected.summary);
    await w.screenshot('why-not');

    const at = line.assignments[0]!.locationId;
    await page.getByRole('button', { name: `Reject at ${at}` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Rejected at ${at}`);
    expect((await api(`/api/lines/${line.lineId}`)).line).toMatchObject({ domStatus: 'exception', exceptionType: 'rejected' });
    rejected = { lineId: line.lineId, locationId: at, planId };

    await page.goto(`${s.url}/#/plans/${planId}/lines/${other.lineId}`);
    await page.getByRole('button', { name: `Reject at ${other.assignments[0]!.locationId}` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Rejected at');
    resetLine = other.lineId;

    await page.goto(`${s.url}/#/exceptions`);
    const table = page.getByTestId('exception-lines');
    await table.waitFor();
    for (const l of [line, other]) {
      const row = table.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${l.lineId}$`) }) });
      expect(await row.textContent()).toContain('rejected');
      expect(await row.textContent()).toContain(l.assignments[0]!.locationId);
    }
    await w.screenshot('exceptions');
  });

  it('resets an exception, then a new run sends the rejected line elsewhere', async () => {
    await signIn('operate');
    const { page } = w;
    await page.goto(`${s.url}/#/exceptions`);
    await page.getByRole('button', { name: `Reset line ${resetLine}` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Line ${resetLine} was reset`);
    const after = (await api(`/api/lines/${resetLine}`)).line;
    expect(after).toMatchObject({ domStatus: 'none', exceptionType: null });
    expect(after.rejections.length).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: `Reset line ${resetLine}` }).count()).toBe(0);

    const { planId } = await runFromOverview(true);
    expect(planId).not.toBe(rejected.planId);
    await page.goto(`${s.url}/#/plans/${planId}/lines/${rejected.lineId}`);
    await page.getByTestId('decision').waitFor();
    const chosen = await page.getByTestId('candidates').locator('tbody tr').first().locator('th').textContent();
    expect(chosen).not.toBe(rejected.locationId);
    const [line] = (await api(`/api/plans/${planId}/lines/${rejected.lineId}`)).lines;
    expect(line.assignments.map((a: { locationId: string }) => a.locationId)).toEqual([chosen]);
    expect(await page.textContent('main')).toContain(`${rejected.locationId} rejected the line`);
    await w.screenshot('rerun-after-reject');
  });

  it('simulates a change on a run\'s kept snapshot and compares it side by side with the base', async () => {
    await signIn('operate');
    const { page } = w;
    const runs: Array<{ id: string; planId: string | null; startedAt: string }> = (await api('/api/runs?limit=100')).runs;
    const first = runs.filter((r) => r.planId).at(-1)!;
    await page.goto(`${s.url}/#/simulations`);
    await page.getByLabel('Snapshot').selectOption(`run:${first.id}`);
    await page.getByLabel(/^Variants/).fill(JSON.stringify([{ name: 'reno-offline', offline: ['DC-RENO'] }]));
    await page.getByRole('button', { name: 'Simulate' }).click();
    const table = page.getByTestId('comparison');
    await table.waitFor({ timeout: 120_000 });
    const [simulation] = (await api('/api/simulations')).simulations;
    expect(simulation).toMatchObject({ status: 'done', runId: first.id });
    expect(await table.locator('thead th').allTextContents()).toEqual(['Figure', 'base', 'reno-offline']);
    const cost = await table.locator('tr', { has: page.locator('th', { hasText: /^Cost$/ }) }).locator('td').allTextContents();
    expect(cost).toEqual(simulation.runs.map((r: { cost: number }) => r.cost.toLocaleString('en-US', { maximumFractionDigits: 2 })));
    expect(simulation.runs[1].cost).toBeGreaterThan(simulation.runs[0].cost);
    await w.screenshot('simulation');
  });

  it('answers the suggest tester as the API answers order capture', async () => {
    await signIn('operate');
    const request = { variantId: 'V-0001-GREY-L', quantity: 1, deliveryAddress: { coordinates: { latitude: 41.88, longitude: -87.63 } }, modeOfDelivery: 'standard', legalEntity: 'usrt', salesOrigin: 'web' };
    const answer = (await s.call('POST', '/api/suggest', { key: s.keys.operate, body: request })).body;
    expect(answer.locations.length).toBeGreaterThan(0);
    const { page } = w;
    await page.goto(`${s.url}/#/suggest`);
    await page.getByLabel('Variant').fill(request.variantId);
    await page.getByLabel('Quantity').fill('1');
    await page.getByLabel('Latitude').fill('41.88');
    await page.getByLabel('Longitude').fill('-87.63');
    await page.getByLabel('Mode of delivery').fill('standard');
    await page.getByLabel('Legal entity').fill('usrt');
    await page.getByLabel('Sales origin').fill('web');
    await page.getByRole('button', { name: 'Suggest' }).click();
    const rows = page.getByTestId('suggestions').locator('tbody th');
    await rows.first().waitFor();
    expect((await rows.allTextContents()).map((t) => t.split(' · ')[0])).toEqual(answer.locations.map((l: { locationId: string }) => l.locationId));
    await w.screenshot('suggest');
  });

  it('works by keyboard alone, and labels every field of every view', async () => {
    w = await watchedPage(browser, s.url);
    const { page } = w;
    await page.goto(`${s.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await page.keyboard.type(s.keys.operate);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    /** Tabs forward until the focused control's text is `name`; fails when it never comes. */
    const tabTo = async (name: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
      }
      throw new Error(`"${name}" is not reachable with Tab`);
    };
    await tabTo('Exceptions');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
    await page.getByTestId('exception-lines').waitFor();
    const [{ planId }] = (await api('/api/kpis?limit=1')).plans;
    const unlabelled: string[] = [];
    for (const hash of ['#/', `#/plans/${planId}`, `#/plans/${planId}/map`, '#/exceptions', '#/simulations', '#/suggest']) {
      await page.goto(`${s.url}/${hash}`);
      await page.locator('main h1').waitFor();
      await page.locator('main form, main table').first().waitFor();
      const missing = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button, a')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.textContent?.trim())
        .map((el) => el.outerHTML.slice(0, 80)));
      unlabelled.push(...missing.map((m) => `${hash}: ${m}`));
    }
    expect(unlabelled).toEqual([]);
    // On the map, an order is chosen by its id from the keyboard too.
    const order = (await api(`/api/plans/${planId}/map`)).orders[0].orderId;
    await page.goto(`${s.url}/#/plans/${planId}/map`);
    await page.getByLabel('Order', { exact: true }).focus();
    await page.keyboard.type(order);
    await page.keyboard.press('Enter');
    await page.getByTestId('order-lines').waitFor();
  });

  it('offers a read key no run, apply, reject, reset or suggest, and the API refuses them', async () => {
    await signIn('read');
    const { page } = w;
    await page.getByRole('heading', { name: /^Last run of/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Start run' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Suggest tester' }).count()).toBe(0);
    await page.goto(`${s.url}/#/simulations`);
    await page.getByRole('heading', { name: 'Simulations', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Simulate' }).count()).toBe(0);
    await page.goto(`${s.url}/#/exceptions`);
    await page.getByTestId('exception-lines').waitFor();
    expect(await page.getByRole('button', { name: /^Reset line/ }).count()).toBe(0);
    const [{ planId }] = (await api('/api/kpis?limit=1')).plans;
    await page.goto(`${s.url}/#/plans/${planId}`);
    await page.getByTestId('plan-lines').waitFor();
    expect(await page.getByRole('button', { name: 'Apply plan' }).count()).toBe(0);
    await page.goto(`${s.url}/#/plans/${planId}/lines/${rejected.lineId}`);
    await page.getByTestId('store-state').waitFor();
    expect(await page.getByRole('button', { name: /^Reject at/ }).count()).toBe(0);
    await w.screenshot('read-only');
    // The page's own key, sent as the page sends it: the service refuses what the page does not offer.
    const refused = await page.evaluate(async (lineId) => {
      const key = sessionStorage.getItem('opendom.key');
      const send = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
      return [await send('/api/runs', { profileId: 'standard-ship' }), await send(`/api/lines/${lineId}/reset`, {})];
    }, rejected.lineId);
    expect(refused).toEqual([403, 403]);
    w.consoleErrors = w.consoleErrors.filter((e) => !/403/.test(e));
  });

  // Last: its run of another profile makes that profile's plan the newest.
  it('applies a stored plan from its page and shows each order\'s outcome as the store settled it', async () => {
    await signIn('operate');
    const { page } = w;
    const started = await s.call('POST', '/api/runs', { key: s.keys.operate, body: { profileId: 'express-ship', apply: false } });
    const { planId } = await runEnded(s, started.body.id);
    await page.goto(`${s.url}/#/plans/${planId}`);
    await page.getByRole('button', { name: 'Apply plan' }).click();
    const status = page.getByTestId('apply-status');
    await status.and(page.locator('[data-state="applied"], [data-state="partly-applied"]')).waitFor({ timeout: 60_000 });
    const settled = (await api(`/api/plans/${planId}/apply`)).settled;
    expect(settled.outcomes.applied).toBeGreaterThan(0);
    expect(await status.textContent()).toContain(`applied ${settled.outcomes.applied}`);
    expect(await status.textContent()).toContain(`(of ${settled.orders} orders)`);
    await w.screenshot('apply');
  });
});

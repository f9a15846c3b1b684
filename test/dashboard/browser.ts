import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Where each test's screenshot is kept (the test run's artifacts). */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/dashboard');

/** Debian's Chromium, headless; a missing browser fails loudly with how to install it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking'] });
}

/** A page that records what the browser's console reports as an error and every request that leaves `origin`. */
export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  screenshot(name: string): Promise<void>;
}

export async function watchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watched: WatchedPage = {
    page,
    consoleErrors: [],
    foreignRequests: [],
    screenshot: async (name) => void (await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true })),
  };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) watched.foreignRequests.push(url);
  });
  return watched;
}

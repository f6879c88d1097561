import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../reports/write.js';
import { fixtureResult } from '../unit/reports/fixture.js';
import { pngSize } from './png.js';

/** Debian's `chromium` package; the test fails (not skips) without it, since the report would go unchecked. */
const CHROMIUM = '/usr/bin/chromium';
/** A copy of the screenshot people can look at after the run. */
const SCREENSHOT_COPY = '/tmp/chargedrill-report.png';

describe('the HTML report in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const offline: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium"`);
    dir = await mkdtemp(join(tmpdir(), 'chargedrill-browser-'));
    await writeReports(fixtureResult(), dir, ['html']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Anything but the file itself is a self-containment bug: record it and refuse it.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      offline.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('requestfailed', (request) => offline.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads without console errors or any network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
  });

  it('opens the failed scenario on click and shows its failure message', async () => {
    const section = page.locator('details#scenario-2');
    const message = section.locator('.failure-message', { hasText: 'no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s' });
    expect(await section.getAttribute('open')).toBeNull();
    expect(await message.isVisible()).toBe(false);
    await section.locator(':scope > summary').click();
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await section.getAttribute('open')).not.toBeNull();
  });

  it('draws the timeline and latency chart with a real size', async () => {
    await page.locator('details#scenario-2').evaluate((details) => details.setAttribute('open', ''));
    for (const selector of ['svg.timeline', 'svg.latency']) {
      const box = await page.locator(`details#scenario-2 ${selector}`).boundingBox();
      expect(box?.width, selector).toBeGreaterThan(600);
      expect(box?.height, selector).toBeGreaterThan(60);
    }
    expect(await page.locator('details#scenario-2 svg.timeline g.event').count()).toBe(9);
    expect(await page.locator('details#scenario-2 svg.latency g.detection.late').count()).toBe(2);
  });

  it('filters scenarios by status from the toolbar', async () => {
    await page.locator('button[data-filter-button="failed"]').click();
    expect(await page.locator('details.scenario:visible').count()).toBe(1);
    await page.locator('button[data-filter-button="all"]').click();
    expect(await page.locator('details.scenario:visible').count()).toBe(4);
  });

  it('renders to a non-trivial full-page screenshot', async () => {
    await page.locator('button[data-action="expand"]').click();
    const path = join(dir, 'report.png');
    await page.screenshot({ path, fullPage: true });
    const bytes = await readFile(path);
    const size = pngSize(bytes);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(size.width).toBe(1280);
    expect(size.height).toBeGreaterThan(2_000);
    await copyFile(path, SCREENSHOT_COPY);
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
  });
});

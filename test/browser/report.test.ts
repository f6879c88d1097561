import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../reports/result.js';
import { writeReports } from '../../reports/write.js';
import { fixtureResult } from '../unit/reports/fixture.js';
import { pngSize } from './png.js';
import { GROUND_FAILURE_MID_SESSION, SITE_OUTAGE_HALF_DARK } from './recorded.js';

/** Debian's `chromium` package; the test fails (not skips) without it, since the report would go unchecked. */
const CHROMIUM = '/usr/bin/chromium';
/** Copies of the screenshots people can look at after the run, one per width. */
const screenshotCopy = (width: number) => `/tmp/chargedrill-report-${width}.png`;

/** The fixture's four scenarios (one failed, one errored) and two recorded from real runs. */
function runResult(): RunResult {
  const result = fixtureResult();
  result.scenarios.push(structuredClone(SITE_OUTAGE_HALF_DARK), structuredClone(GROUND_FAILURE_MID_SESSION));
  result.summary.scenarios += 2;
  result.summary.passed += 2;
  result.summary.expectations += SITE_OUTAGE_HALF_DARK.expectations.length + GROUND_FAILURE_MID_SESSION.expectations.length;
  return result;
}

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} has no box`);
  return found;
}

/** A timeline marker by its event text (the marker's tooltip holds the full text). */
function marker(page: Page, scenarioId: string, text: string): Locator {
  return page.locator(`details#${scenarioId} svg.timeline g.event`).filter({ has: page.locator('title', { hasText: text }) });
}

let dir: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium"`);
  dir = await mkdtemp(join(tmpdir(), 'chargedrill-browser-'));
  await writeReports(runResult(), dir, ['html']);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each([1280, 390])('the HTML report in headless Chromium at %i px', (width) => {
  let page: Page;
  const consoleErrors: string[] = [];
  const offline: string[] = [];
  /** How far the page scrolls sideways (the test's tsconfig has no DOM types, so the page gets it as source). */
  const horizontalOverflow = async () =>
    Number(await page.evaluate('document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth'));

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
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
    await page?.context().close();
  });

  it('loads without console errors or any network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
  });

  it('shows the failure messages without a click: on top, and in the failed scenario, which is open', async () => {
    const text = 'no-heartbeat on S1-CP2 expected within 30s, raised after 47.2s';
    expect(await page.locator('.attention a.attention-message', { hasText: text }).isVisible()).toBe(true);
    expect(await page.locator('.attention a.attention-message', { hasText: 'ECONNRESET' }).isVisible()).toBe(true);
    expect(await page.locator('details#scenario-2').getAttribute('open')).not.toBeNull();
    expect(await page.locator('details#scenario-3').getAttribute('open')).not.toBeNull();
    expect(await page.locator('details#scenario-1').getAttribute('open')).toBeNull();
    expect(await page.locator('details#scenario-2 .failure-message', { hasText: text }).isVisible()).toBe(true);
  });

  it('has no horizontal page scroll, with the failures open and with every scenario expanded', async () => {
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    await page.locator('button[data-action="expand"]').click();
    expect(await page.locator('details.scenario[open]').count()).toBe(6);
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    // every table stays inside its scenario's card (long source paths and payloads wrap)
    const sticking = await page.locator('details.scenario table').evaluateAll((tables) =>
      tables
        .filter((table) => table.getBoundingClientRect().right > (table.closest('details')?.getBoundingClientRect().right ?? 0))
        .map((table) => `${table.closest('details')?.id} ${table.className}`),
    );
    expect(sticking).toEqual([]);
  });

  it('opens a collapsed scenario when its failure link on top is followed', async () => {
    await page.locator('button[data-action="collapse"]').click();
    const row = page.locator('#scenario-2-expectation-3');
    expect(await row.isVisible()).toBe(false);
    await page.locator('.attention a.attention-message', { hasText: 'escalation expected to network-ops' }).click();
    await expect.poll(() => row.isVisible()).toBe(true);
    await page.locator('button[data-action="expand"]').click();
  });

  it('draws the timeline and latency chart with a real size', async () => {
    for (const selector of ['svg.timeline', 'svg.latency']) {
      const found = await box(page.locator(`details#scenario-2 ${selector}`));
      expect(found.width, selector).toBeGreaterThan(600);
      expect(found.height, selector).toBeGreaterThan(60);
    }
    expect(await page.locator('details#scenario-2 svg.timeline g.event').count()).toBe(9);
    expect(await page.locator('details#scenario-2 svg.latency g.detection.late').count()).toBe(2);
  });

  it('keeps simultaneous events apart: the site outage and the no-connectivity raised in the same millisecond', async () => {
    const siteOutage = marker(page, 'scenario-5', 'site-outage raised on site S1').locator('circle');
    const station = marker(page, 'scenario-5', 'no-connectivity raised on S1-CP2').locator('circle');
    expect(await siteOutage.count()).toBe(1);
    expect(await station.count()).toBe(1);
    const [a, b] = [await box(siteOutage), await box(station)];
    expect(a.width).toBeGreaterThan(4);
    expect(overlaps(a, b)).toBe(false);
    expect(await siteOutage.isVisible()).toBe(true);
    expect(await station.isVisible()).toBe(true);
  });

  it('draws the Faulted status in the fault / status lane, not in recovery', async () => {
    const faulted = marker(page, 'scenario-6', 'connector 1 Faulted (GroundFailure)').locator('circle');
    const centre = await box(faulted);
    const y = centre.y + centre.height / 2;
    const faultLane = await box(page.locator('details#scenario-6 svg.timeline g.lane-fault rect.lane-bg'));
    const recoveryLane = await box(page.locator('details#scenario-6 svg.timeline g.lane-recovery rect.lane-bg'));
    expect(y).toBeGreaterThan(faultLane.y);
    expect(y).toBeLessThan(faultLane.y + faultLane.height);
    expect(y).toBeLessThan(recoveryLane.y);
  });

  it('draws timeline labels whole: inside the chart and never over another label', async () => {
    for (const id of ['scenario-2', 'scenario-5', 'scenario-6']) {
      const svg = await box(page.locator(`details#${id} svg.timeline`));
      const labels = await page.locator(`details#${id} svg.timeline text.event-label`).evaluateAll((nodes) =>
        nodes.map((node) => {
          const r = node.getBoundingClientRect();
          return { text: node.textContent ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(labels.length, id).toBeGreaterThan(3);
      for (const label of labels) {
        expect(label.x, label.text).toBeGreaterThanOrEqual(svg.x);
        expect(label.x + label.width, label.text).toBeLessThanOrEqual(svg.x + svg.width);
      }
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false)));
    }
  });

  it('filters scenarios by status from the toolbar', async () => {
    await page.locator('button[data-filter-button="failed"]').click();
    expect(await page.locator('details.scenario:visible').count()).toBe(1);
    await page.locator('button[data-filter-button="all"]').click();
    expect(await page.locator('details.scenario:visible').count()).toBe(6);
  });

  it('renders to a non-trivial full-page screenshot', async () => {
    await page.locator('button[data-action="expand"]').click();
    const path = join(dir, `report-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    const bytes = await readFile(path);
    const size = pngSize(bytes);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(size.width).toBe(width);
    expect(size.height).toBeGreaterThan(2_000);
    await copyFile(path, screenshotCopy(width));
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
  });
});

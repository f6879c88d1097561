import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLoadReports } from '../../reports/load/write.js';
import { loadFixture } from '../unit/reports/load/fixture.js';
import { pngSize } from './png.js';

/** Debian's `chromium` package; the test fails (not skips) without it, since the report would go unchecked. */
const CHROMIUM = '/usr/bin/chromium';
/** Copies of the screenshots people can look at after the run, one per width. */
const screenshotCopy = (width: number) => `/tmp/chargedrill-load-report-${width}.png`;

let dir: string;
let reportUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium"`);
  dir = await mkdtemp(join(tmpdir(), 'chargedrill-load-browser-'));
  await writeLoadReports(loadFixture(), dir, ['html']);
  reportUrl = pathToFileURL(join(dir, 'report.html')).href;
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

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe.each([1280, 390])('the load HTML report in headless Chromium at %i px', (width) => {
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  /** How far the page scrolls sideways (the test's tsconfig has no DOM types, so the page gets it as source). */
  const horizontalOverflow = async () =>
    Number(await page.evaluate('document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth'));

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(reportUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('requests nothing but the file itself and logs no error', () => {
    expect(requests).toEqual([reportUrl]);
    expect(consoleErrors).toEqual([]);
  });

  it('has no horizontal page scroll', async () => {
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    const clientWidth = Number(await page.evaluate('document.documentElement.clientWidth'));
    const sticking = await page.locator('section, figure, table, .bars').evaluateAll(
      (nodes, limit) => nodes.filter((node) => node.getBoundingClientRect().right > limit + 0.5).map((node) => node.className || node.tagName),
      clientWidth,
    );
    expect(sticking).toEqual([]);
  });

  it('shows the verdict and the failed threshold in the first screen, without a click', async () => {
    const verdict = page.locator('#verdict');
    expect(await verdict.textContent()).toBe('Threshold failed');
    expect(await verdict.isVisible()).toBe(true);
    const failed = page.locator('.attention li.failed-threshold');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toBe('threshold p99(StartTransaction)<200ms failed: measured 468 ms (--threshold)');
    const box = await failed.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(900);
    expect(await page.locator('#thresholds tr.threshold.failed').isVisible()).toBe(true);
  });

  it('draws each chart as a visible SVG of real size with a path per series and axis labels with units', async () => {
    const figures = page.locator('figure.load-chart');
    expect(await figures.count()).toBe(4);
    const series = [2, 2, 6, 1];
    const units = [/^[\d,]+$/, /^[\d,]+ \/s$/, /^[\d,.]+ ms$/, /^[\d,]+$/];
    const titles = ['stations', 'per second (/s)', 'p99 latency (ms, log scale)', 'sessions'];
    for (let i = 0; i < 4; i++) {
      const visible = figures.nth(i).locator('svg.line-chart:visible');
      expect(await visible.count(), `chart ${i}`).toBe(1);
      const box = await visible.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(width === 390 ? 300 : 480);
      expect(box?.height ?? 0).toBeGreaterThan(180);
      expect(await visible.locator('path.series').count(), `chart ${i}`).toBe(series[i]);
      for (const d of await visible.locator('path.series').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
        expect(d).toMatch(/^M[\d.]+ [\d.]+L/);
      }
      expect(await visible.locator('text.y-title').textContent()).toBe(titles[i]);
      expect(await visible.locator('text.x-title').textContent()).toBe('time since start');
      const yTicks = await visible.locator('text.y-tick').allTextContents();
      expect(yTicks.length).toBeGreaterThanOrEqual(3);
      for (const tick of yTicks) expect(tick, `chart ${i}`).toMatch(units[i] as RegExp);
      const xTicks = await visible.locator('text.x-tick').allTextContents();
      expect(xTicks.slice(1).every((tick) => /^\d+(s|m)$|^1m$/.test(tick)), xTicks.join(' ')).toBe(true);
    }
  });

  it('keeps chart labels legible: at least 9 px tall, inside the chart, never over each other', async () => {
    const charts = page.locator('svg.line-chart:visible');
    for (let i = 0; i < (await charts.count()); i++) {
      const chart = charts.nth(i);
      const svg = await chart.boundingBox();
      if (!svg) throw new Error('chart has no box');
      const labels = await chart.locator('text').evaluateAll((nodes) =>
        nodes.map((node) => {
          const r = node.getBoundingClientRect();
          return { text: node.textContent ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      for (const label of labels) {
        expect(label.height, label.text).toBeGreaterThanOrEqual(9);
        expect(label.x, label.text).toBeGreaterThanOrEqual(svg.x - 0.5);
        expect(label.x + label.width, label.text).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
      }
      labels.forEach((a, j) => labels.slice(j + 1).forEach((b) => expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false)));
    }
  });

  it('renders to a non-trivial full-page screenshot', async () => {
    const path = join(dir, `load-report-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    const bytes = await readFile(path);
    const size = pngSize(bytes);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(size.width).toBe(width);
    expect(size.height).toBeGreaterThan(2_500);
    await copyFile(path, screenshotCopy(width));
    expect(requests).toEqual([reportUrl]);
  });
});

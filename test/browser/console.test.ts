/**
 * The trainer's console in headless Chromium against a real `chargedrill csms` (built dist) with a small fleet
 * (`chargedrill fleet --url … --control-port 0`) connected: every page loads at 1280 and 390 px without sideways
 * scroll or serious axe-core violations, status updates arrive live, a fault shows its issue above the charger,
 * the message log filter works and a remote Reset shows the station's answer. Screenshots of every page at both
 * widths go to reports/console-screenshots/ (gitignored) for people to look at.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interrupt, startCli } from '../e2e/cli-helpers.js';

/** Debian's `chromium` package; the test fails (not skips) without it. */
const CHROMIUM = '/usr/bin/chromium';
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const CONSOLE_INDEX = fileURLToPath(new URL('../../dist/console/index.html', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../reports/console-screenshots/', import.meta.url));
const PAGES = [
  { name: 'network', path: '/' },
  { name: 'station', path: '/stations/S1-CP2' },
  { name: 'desk', path: '/desk' },
  { name: 'trainer', path: '/trainer' },
  { name: 'drill', path: '/drills/d1' },
] as const;

let csms: ChildProcess | undefined;
let fleet: ChildProcess | undefined;
let base: string;
let control: string;
let browser: Browser;

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A page at `width` that records script errors and failed requests (the config route's 404 is expected on a plain csms). */
async function open(path: string, width: number): Promise<{ page: Page; problems: string[]; streams: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  // Fails a step with its locator's name well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  const streams: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/events') streams.push(req.url());
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/api/console/config') && !res.url().includes('/api/drills')) problems.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(`${base}${path}`);
  await page.locator('h1').waitFor();
  return { page, problems, streams };
}

const horizontalOverflow = async (page: Page) => Number(await page.evaluate('document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth'));

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  // The test's tsconfig has no DOM types, so the page gets the script as source.
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium"`);
  if (!existsSync(CONSOLE_INDEX)) throw new Error(`${CONSOLE_INDEX} is missing: run "npm run build" (it builds the console)`);
  mkdirSync(SHOTS, { recursive: true });
  const started = await startCli(['csms', '--port', '0', '--db', ':memory:', '--time-scale', '60', '--log-level', 'warn'], /listening on (http:\/\/\S+) \(OCPP at (ws:\/\/\S+)\/<stationId>/);
  csms = started.child;
  base = started.match[1] as string;
  const ocpp = started.match[2] as string;
  const fleetStarted = await startCli(
    ['fleet', '--url', ocpp, '--stations', '2', '--sites', '1', '--protocol', 'ocpp1.6', '--time-scale', '60', '--duration', '10m', '--control-port', '0'],
    /control API: (http:\/\/\S+)\n/,
  );
  fleet = fleetStarted.child;
  control = fleetStarted.match[1] as string;
  await waitFor('two connected stations with their connectors', async () => {
    const stations = await json<{ connected: boolean; connectors: unknown[] }[]>(`${base}/api/stations`);
    return stations.length === 2 && stations.every((s) => s.connected && s.connectors.length === 2) ? true : undefined;
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (fleet) await interrupt(fleet);
  if (csms) await interrupt(csms);
});

describe('the console against a live CSMS and fleet', () => {
  it('updates a connector on the network page live when the driver plugs in', async () => {
    const { page, problems } = await open('/', 1280);
    const connector = page.locator('[data-station="S1-CP1"] [data-connector="1"]');
    await expect.poll(() => connector.textContent()).toContain('Available');
    await page.getByText('Live: updates as they happen').waitFor();
    await json(`${control}/control/stations/S1-CP1/plug`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"connector":1}' });
    await expect.poll(() => connector.textContent(), { timeout: 10_000 }).toContain('Preparing');
    await page.getByRole('checkbox', { name: 'faulted' }).check();
    await expect.poll(() => page.locator('[data-station]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('shows the detected issue above the charger once a fault is injected', async () => {
    const { page, problems } = await open('/stations/S1-CP2', 1280);
    await page.getByText('No open issue on this station.').waitFor();
    await json(`${control}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"ground-failure","station":"S1-CP2","connector":1}' });
    const issue = page.locator('.issues-panel li.issue[data-issue-type="safety-fault"]');
    await issue.waitFor({ timeout: 15_000 });
    expect(await issue.locator('h3').textContent()).toContain('CD-I004');
    const charger = page.locator('section.charger');
    await expect.poll(() => charger.locator('[data-connector="1"]').textContent(), { timeout: 10_000 }).toContain('Faulted');
    const [issueBox, chargerBox] = [await issue.boundingBox(), await charger.boundingBox()];
    expect(issueBox!.y + issueBox!.height).toBeLessThan(chargerBox!.y);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 40_000);

  it('filters the message log by action and direction and opens a frame', async () => {
    const { page, streams } = await open('/stations/S1-CP2', 1280);
    const frames = page.locator('ol.frames > li');
    await expect.poll(() => page.locator('ol.frames > li[data-action="StatusNotification"]').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.frames > li[data-action="BootNotification"]').count()).toBe(0);

    await page.getByRole('checkbox', { name: 'StatusNotification' }).uncheck();
    await expect.poll(() => page.locator('ol.frames > li[data-action="StatusNotification"]').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'BootNotification' }).check();
    await expect.poll(() => page.locator('ol.frames > li[data-action="BootNotification"]').count()).toBeGreaterThan(0);

    await page.getByRole('radio', { name: 'CSMS → station' }).check();
    const directions = await page.locator('ol.frames > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-direction')));
    expect(directions.length).toBeGreaterThan(0);
    expect(new Set(directions)).toEqual(new Set(['out']));

    const first = frames.first();
    await first.locator('summary').click();
    expect(await first.locator('pre').textContent()).toContain('"payload"');
    // The station page and its message log share one event stream (a browser allows six connections per origin).
    expect(streams).toHaveLength(1);
    expect(decodeURIComponent(streams[0] as string)).toMatch(/types=.*frame.*status/);
    await page.context().close();
  }, 30_000);

  it('sends a remote Reset and shows the station\'s answer', async () => {
    const { page, problems } = await open('/stations/S1-CP1', 1280);
    await page.getByRole('combobox', { name: 'Action' }).selectOption('soft-reset');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.getByTestId('remote-answer');
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('station answered {"status":"Accepted"}');
    expect(await answer.textContent()).toContain('Reset {"type":"Soft"}');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('works from the keyboard: skip link first, nav links route and focus the new heading', async () => {
    const { page, problems } = await open('/', 1280);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Desk');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk$/);
    expect(await page.evaluate('[document.activeElement.tagName, document.activeElement.textContent]')).toEqual(['H1', 'Desk']);
    expect(await page.title()).toBe('Desk · chargedrill console');
    await page.goBack();
    expect(await page.locator('h1').textContent()).toBe('Network');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says why fault injection is off on a plain csms', async () => {
    const { page } = await open('/trainer', 1280);
    expect(await page.getByTestId('no-control').textContent()).toContain('Fault injection is off');
    expect(await page.getByRole('button', { name: /Inject/ }).count()).toBe(0);
    await page.context().close();
  });
});

describe.each([1280, 390])('every console page at %i px', (width) => {
  it.each(PAGES)('$name loads, fits without sideways scroll and has no serious axe violations', async ({ name, path }) => {
    const { page, problems } = await open(path, width);
    // Let the page's first fetches land so the screenshot and the audit see the real content.
    await page.waitForFunction('!document.body.innerText.includes("Loading")');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}${name}-${width}.png`, fullPage: true });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);
});

/**
 * The trainer panel and the drill view need `chargedrill train` (fleet control and the drill API on the CSMS's
 * origin). Until a CSMS serves them, the browser's requests for them are answered here: `/control/*` is relayed
 * to the real fleet's control API, and the drill API is a small fake that keeps to its documented contract.
 */
describe('the trainer panel and a drill with fleet control and drills on the same origin', () => {
  type FakeDrill = { id: string; trainee: string; stationIds: string[]; fault: { kind: string }; state: string; startedAt: number; actions: Record<string, unknown>[]; score?: unknown; debrief?: unknown };
  const drills = new Map<string, FakeDrill>();
  const posted: unknown[] = [];

  async function trainerPage(path: string, width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.route('**/api/console/config', (route) => route.fulfill({ json: { control: true, drills: true, timeScale: 60, paused: false } }));
    await context.route('**/control/**', async (route) => {
      const url = new URL(route.request().url());
      const body = route.request().postData();
      const res = await fetch(`${control}${url.pathname}${url.search}`, {
        method: route.request().method(),
        headers: { 'content-type': 'application/json' },
        ...(body !== null && { body }),
      });
      await route.fulfill({ status: res.status, contentType: 'application/json', body: await res.text() });
    });
    await context.route('**/api/drills**', async (route) => {
      const url = new URL(route.request().url());
      const method = route.request().method();
      const body = route.request().postDataJSON() as Record<string, unknown> | null;
      if (url.pathname === '/api/drills/catalogue') return route.fulfill({ json: { tiers: ['tier-1', 'tier-2', 'field-engineering'], parts: ['RCD / ground-fault module', 'connector lock actuator'], severities: ['critical', 'major', 'minor'] } });
      if (url.pathname === '/api/drills' && method === 'GET') return route.fulfill({ json: [...drills.values()] });
      if (url.pathname === '/api/drills' && method === 'POST') {
        posted.push(body);
        const drill: FakeDrill = { id: `d${drills.size + 1}`, trainee: String(body?.['trainee']), stationIds: [String(body?.['station'])], fault: body?.['fault'] as { kind: string }, state: 'running', startedAt: Date.UTC(2026, 11, 1, 3), actions: [] };
        drills.set(drill.id, drill);
        return route.fulfill({ status: 201, json: drill });
      }
      const match = /^\/api\/drills\/([^/]+)(\/actions)?$/.exec(url.pathname);
      const drill = match && drills.get(match[1] as string);
      if (!drill) return route.fulfill({ status: 404, json: { error: `unknown drill ${url.pathname}` } });
      if (!match[2]) return route.fulfill({ json: drill });
      posted.push(body);
      drill.actions.push({ at: drill.startedAt + drill.actions.length * 60_000, ...body });
      if (body?.['type'] === 'close') {
        drill.state = 'closed';
        drill.score = { total: 7, max: 10, items: [{ rule: 'classified critical', points: 4, max: 4, passed: true, detail: 'a safety fault is critical' }, { rule: 'no reset on a safety fault', points: 3, max: 3, passed: true, detail: 'no reset sent' }, { rule: 'work order with the right part', points: 0, max: 3, passed: false, detail: 'no work order' }] };
        drill.debrief = { trainee: [{ at: drill.startedAt + 60_000, label: 'classified critical' }], playbook: [{ at: drill.startedAt, label: 'made inoperative' }, { at: drill.startedAt + 60_000, label: 'escalated to field engineering' }] };
      }
      return route.fulfill({ json: drill });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    await page.goto(`${base}${path}`);
    await page.locator('h1').waitFor();
    return { page, problems };
  }

  it('shows the catalogue, injects a fault through the fleet and clears it', async () => {
    const { page, problems } = await trainerPage('/trainer', 1280);
    await page.locator('details.kind summary', { hasText: 'ground-failure' }).click();
    expect(await page.locator('details.kind[open]').textContent()).toMatch(/vendorErrorCode/);
    const form = page.getByRole('form', { name: 'Inject a fault' });
    await form.getByRole('combobox', { name: 'Fault' }).selectOption('connector-lock-failure');
    await form.getByRole('combobox', { name: 'Station' }).fill('S1-CP1');
    await form.getByRole('textbox', { name: /Connector/ }).fill('2');
    await form.getByRole('button', { name: 'Inject now' }).click();
    const injected = page.getByText(/^Injected: (f\d+) connector-lock-failure on S1-CP1 connector 2: active$/);
    await injected.waitFor();
    const id = /Injected: (f\d+)/.exec((await injected.textContent()) ?? '')?.[1] as string;
    const faults = await json<{ id: string; state: string }[]>(`${control}/control/faults`);
    expect(faults.find((f) => f.id === id)?.state).toBe('active');
    await page.getByRole('button', { name: `Clear ${id}` }).click();
    await expect.poll(async () => (await json<{ id: string; state: string }[]>(`${control}/control/faults`)).find((f) => f.id === id)?.state).toBe('cleared');
    await expect.poll(() => page.locator('.fault-list li', { hasText: id }).textContent()).toContain('cleared');
    await form.getByRole('combobox', { name: 'Fault' }).selectOption('ground-failure');
    await form.getByRole('textbox', { name: /Connector/ }).fill('0');
    await form.getByRole('button', { name: 'Inject now' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('connector: "0" is not allowed, expected a whole number >= 1');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('starts a drill, records the trainee\'s actions, and after close shows the score and the debrief', async () => {
    const { page, problems } = await trainerPage('/trainer', 1280);
    const form = page.getByRole('form', { name: 'Start a drill' });
    await form.getByRole('textbox', { name: 'Trainee' }).fill('Ada');
    await form.getByRole('combobox', { name: 'Station' }).selectOption('S1-CP2');
    await form.getByRole('combobox', { name: 'Fault' }).selectOption('ground-failure');
    await form.getByRole('button', { name: 'Start the drill' }).click();
    await page.waitForURL(/\/drills\/d\d+$/);
    expect(await page.locator('h1').textContent()).toMatch(/^Drill d\d+$/);
    expect(posted[0]).toEqual({ trainee: 'Ada', station: 'S1-CP2', fault: { kind: 'ground-failure' } });

    await page.getByRole('combobox', { name: 'Severity' }).selectOption('critical');
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.getByText('classify recorded: classify (severity: critical)').waitFor();
    await page.getByRole('combobox', { name: 'Tier' }).selectOption('field-engineering');
    await page.getByRole('button', { name: 'Escalate' }).click();
    await page.getByText('escalate recorded: escalate (tier: field-engineering)').waitFor();
    await page.getByRole('combobox', { name: 'Tier' }).selectOption('');
    await page.getByRole('button', { name: 'Escalate' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('tier: choose one first');
    await page.getByRole('button', { name: 'Close the drill' }).click();
    await page.getByRole('heading', { name: 'Score: 7 of 10 points (70 %)' }).waitFor();
    expect(await page.locator('.score li.missed').textContent()).toContain('work order with the right part: 0 of 3');
    const rows = await page.locator('table.debrief tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['', 'made inoperative'],
      ['classified critical', 'escalated to field engineering'],
    ]);
    expect(await page.getByRole('heading', { name: 'Workspace' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  describe.each([1280, 390])('at %i px', (width) => {
    it.each([
      { name: 'trainer-control', path: '/trainer' },
      { name: 'drill-closed', path: '/drills/d1' },
    ])('$name fits and has no serious axe violations', async ({ name, path }) => {
      const { page, problems } = await trainerPage(path, width);
      await page.waitForFunction('!document.body.innerText.includes("Loading")');
      await page.waitForTimeout(300);
      if (name === 'trainer-control') await page.locator('details.kind').first().locator('summary').click();
      await page.screenshot({ path: `${SHOTS}${name}-${width}.png`, fullPage: true });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 30_000);
  });
});

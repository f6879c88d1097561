/**
 * The console against a real `chargedrill train` (built dist; one process for the file, time scale 10 so the
 * desk's 10 simulated minutes to escalate are a real minute): the trainer starts drills from the panel, the
 * trainee sees the safety issue above the charger and handles it in the drill workspace, the score is the one
 * harness/training/scoring.ts gives; the clock pauses and resumes; the network resets. Every page in train mode
 * fits at 1280 and 390 px without sideways scroll or serious axe-core violations; screenshots go to
 * reports/console-screenshots/train-*.png (gitignored).
 */
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_POINTS } from '../../harness/training/scoring.js';
import { interrupt, startCli } from '../e2e/cli-helpers.js';
import { horizontalOverflow, launchChromium, seriousViolations, SHOTS } from './console-page.js';

let train: ChildProcess | undefined;
let base: string;
let browser: Browser;

const RULES = Object.entries(RULE_POINTS) as [string, number][];
const MAX = RULES.reduce((sum, [, points]) => sum + points, 0);

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${base}${path}`, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A page at `width` recording script errors and every failed request (in train mode every route is there). */
async function open(path: string, width: number): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  await page.goto(`${base}${path}`);
  await page.locator('h1').waitFor();
  return { page, problems };
}

beforeAll(async () => {
  const started = await startCli(
    ['train', '--port', '0', '--sites', '2', '--stations-per-site', '2', '--protocol', 'mix', '--time-scale', '10', '--log-level', 'error'],
    /console at (http:\/\/\S+)\/ [^\n]*\nfleet: [^\n]*all booted; Ctrl-C to stop/,
  );
  train = started.child;
  base = started.match[1] as string;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (train) await interrupt(train);
});

/** The trainer panel's drill form; resolves with the new drill's id once its page is open. */
async function startDrill(page: Page, trainee: string, station: string, fault: string, connector?: number): Promise<string> {
  const form = page.getByRole('form', { name: 'Start a drill' });
  await form.getByRole('textbox', { name: 'Trainee' }).fill(trainee);
  await form.getByRole('combobox', { name: 'Station' }).selectOption(station);
  if (connector !== undefined) await form.getByRole('textbox', { name: /^Connector/ }).fill(String(connector));
  await form.getByRole('combobox', { name: 'Fault' }).selectOption(fault);
  await form.getByRole('button', { name: 'Start the drill' }).click();
  await page.waitForURL(/\/drills\/d\d+$/);
  return /\/drills\/(d\d+)$/.exec(page.url())?.[1] as string;
}

/** One workspace action; resolves with the line the workspace answers. */
async function act(page: Page, button: string, choice?: { field: string; value: string }): Promise<string> {
  const answer = page.getByTestId('drill-answer');
  const before = await page.locator('ol.tried > li').count();
  if (choice) await page.getByRole('combobox', { name: choice.field }).selectOption(choice.value);
  await page.getByRole('button', { name: button, exact: true }).click();
  // Each action is recorded once: it lands in "What the trainee did" with the workspace's answer line.
  await expect.poll(() => page.locator('ol.tried > li').count()).toBe(before + 1);
  return (await answer.textContent()) as string;
}

/** The station page, from the drill page's link: waits for `check`, then comes back to the drill. */
async function onStationPage(page: Page, station: string, check: () => Promise<void>): Promise<void> {
  await page.locator('p.meta').getByRole('link', { name: station }).click();
  await page.waitForURL(new RegExp(`/stations/${station}$`));
  await check();
  await page.goBack();
  await page.getByRole('heading', { name: 'What the trainee did' }).waitFor();
}

/** The score's items as the page lists them: [Passed|Missed, rule, points, max]. */
async function scoreItems(page: Page): Promise<[string, string, number, number][]> {
  const lines = await page.locator('ul.score > li').allTextContents();
  return lines.map((line) => {
    const m = /^(Passed|Missed) ([\w-]+): (\d+) of (\d+)\./.exec(line);
    if (!m) throw new Error(`unexpected score line ${JSON.stringify(line)}`);
    return [m[1] as string, m[2] as string, Number(m[3]), Number(m[4])];
  });
}

/**
 * A ground failure handled as docs/training.md walks it: classify, take the connector out of service, escalate to
 * `tier`, a work order for the RCD; the trainer clears the fault (the technician's repair) from the trainer panel;
 * back in service, verified Available, closed.
 */
async function handleGroundFailure(page: Page, drillId: string, station: string, tier: string): Promise<void> {
  const meta = (await page.locator('p.meta').textContent()) as string;
  // The drill page names the fault it injected: the id the trainer clears later.
  expect(meta).toMatch(/fault ground-failure \(f\d+\)/);
  const faultId = (/fault ground-failure \((f\d+)\)/.exec(meta) as RegExpExecArray)[1];

  await onStationPage(page, station, async () => {
    expect(await page.getByTestId('in-drill').textContent()).toContain(`In drill ${drillId} (`);
    const issue = page.locator('.issues-panel li.issue[data-issue-type="safety-fault"]');
    await issue.waitFor();
    expect(await issue.locator('h3').textContent()).toContain('CD-I004');
    const charger = page.locator('section.charger');
    await expect.poll(() => charger.locator('[data-connector]', { hasText: 'Faulted' }).count()).toBe(1);
    const [issueBox, chargerBox] = [await issue.boundingBox(), await charger.boundingBox()];
    expect(issueBox!.y + issueBox!.height).toBeLessThan(chargerBox!.y);
  });

  expect(await act(page, 'Classify', { field: 'Severity', value: 'critical' })).toBe('Recorded: classified critical');
  expect(await act(page, 'Send', { field: 'Remote action', value: 'make-inoperative' })).toMatch(/^ChangeAvailability \{.*"Inoperative".*\}: station answered \{"status":"Accepted"\}$/);
  expect(await act(page, 'Escalate', { field: 'Tier', value: tier })).toBe(`Recorded: escalated to ${tier}`);
  expect(await act(page, 'Open a work order', { field: 'Part to bring', value: 'RCD / ground-fault module' })).toBe('Recorded: work order: RCD / ground-fault module');

  // The technician's repair: the trainer clears the drill's fault in the panel.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Trainer' }).click();
  await page.getByRole('button', { name: `Clear ${faultId}` }).click();
  await expect.poll(() => page.locator('.fault-list li', { hasText: `${faultId} ` }).textContent()).toContain('cleared');
  await page.getByRole('link', { name: drillId, exact: true }).click();
  await page.getByRole('heading', { name: 'Workspace' }).waitFor();

  expect(await act(page, 'Send', { field: 'Remote action', value: 'make-operative' })).toMatch(/^ChangeAvailability \{.*"Operative".*\}: station answered \{"status":"Accepted"\}$/);
  await onStationPage(page, station, async () => {
    await expect.poll(() => page.locator('section.charger [data-connector] .badge').allTextContents()).toEqual(['Available', 'Available']);
  });
  expect(await act(page, 'Verify')).toBe('Recorded: verified: the connector is Available');
  await page.getByRole('button', { name: 'Close the drill' }).click();
  await page.getByRole('heading', { name: /^Score: / }).waitFor();
  expect(await page.getByRole('heading', { name: 'Workspace' }).count()).toBe(0);
}

describe('training with the console against chargedrill train', () => {
  it('a drill started from the trainer panel, handled by the playbook, scores full marks', async () => {
    const { page, problems } = await open('/trainer', 1280);
    const drillId = await startDrill(page, 'Ann', 'S1-CP1', 'ground-failure', 2);
    expect(await page.locator('h1').textContent()).toBe(`Drill ${drillId}`);
    expect(await page.locator('p.meta').textContent()).toMatch(/^Trainee Ann · station S1-CP1 connector 2 · fault ground-failure \(f\d+\) · started .* UTC · running$/);

    await handleGroundFailure(page, drillId, 'S1-CP1', 'field-engineering');
    expect(await page.getByRole('heading', { level: 2, name: /^Score: / }).textContent()).toBe(`Score: ${MAX} of ${MAX} points (100 %)`);
    expect(await scoreItems(page)).toEqual(RULES.map(([rule, points]) => ['Passed', rule, points, points]));
    const debrief = await page.locator('table.debrief tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(debrief.map((row) => row[1]).filter(Boolean)).toContain('escalated to field-engineering');
    expect(debrief.map((row) => row[2])).toContain('escalate to field-engineering; work order: RCD / ground-fault module');
    expect(await page.getByText(/^Scored on the safety-fault issue \(GroundFailure\), severity critical, raised by the detector/).count()).toBe(1);
    // What the page showed is what the drill API recorded.
    const drill = await json<{ score: { total: number; max: number } }>(`/api/drills/${drillId}`);
    expect(drill.score).toMatchObject({ total: MAX, max: MAX });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('a second trainee on another station (OCPP 2.0.1) escalating to the wrong tier loses exactly the right-tier points', async () => {
    const { page, problems } = await open('/trainer', 1280);
    const drillId = await startDrill(page, 'Bob', 'S2-CP1', 'ground-failure');
    await handleGroundFailure(page, drillId, 'S2-CP1', 'tier-2');
    const lost = RULE_POINTS['right-tier'];
    expect(await page.getByRole('heading', { level: 2, name: /^Score: / }).textContent()).toMatch(new RegExp(`^Score: ${MAX - lost} of ${MAX} points`));
    expect(await scoreItems(page)).toEqual(RULES.map(([rule, points]) => (rule === 'right-tier' ? ['Missed', rule, 0, points] : ['Passed', rule, points, points])));
    expect(await page.locator('ul.score > li.missed').textContent()).toContain('escalated to tier-2; the escalation matrix sends safety-fault to field-engineering');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('every console page in train mode', () => {
  let running: string;
  beforeAll(async () => {
    // A drill left running, so its workspace is audited too.
    const drill = await json<{ id: string }>('/api/drills', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trainee: 'Cy', station: 'S1-CP2', fault: { kind: 'ground-failure' } }) });
    running = drill.id;
    await json(`/api/drills/${running}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"classify","severity":"major"}' });
  });

  const pages = () => [
    { name: 'network', path: '/', ready: '[data-station="S2-CP2"]' },
    { name: 'station', path: '/stations/S1-CP2', ready: '.issues-panel li.issue' },
    { name: 'desk', path: '/desk', ready: 'main h2' },
    { name: 'trainer', path: '/trainer', ready: 'details.kind' },
    { name: 'drill-running', path: `/drills/${running}`, ready: 'ol.tried > li' },
    { name: 'drill-closed', path: '/drills/d1', ready: 'table.debrief' },
  ];

  it.each([1280, 390])('loads at %i px, fits without sideways scroll and has no serious axe violations', async (width) => {
    for (const { name, path, ready } of pages()) {
      const { page, problems } = await open(path, width);
      await page.locator(ready).first().waitFor();
      await page.waitForFunction('!document.body.innerText.includes("Loading")');
      if (name === 'trainer') await page.locator('details.kind').first().locator('summary').click();
      if (name === 'drill-running') await page.getByRole('option', { name: 'critical' }).waitFor({ state: 'attached' });
      await page.screenshot({ path: `${SHOTS}train-${name}-${width}.png`, fullPage: true });
      expect(await horizontalOverflow(page), name).toBe(0);
      expect(await seriousViolations(page), name).toEqual([]);
      expect(problems, name).toEqual([]);
      await page.context().close();
    }
  }, 90_000);
});

describe('the trainer panel runs the session', () => {
  it('shows the catalogue, injects a fault through the fleet and clears it', async () => {
    const { page, problems } = await open('/trainer', 1280);
    await page.locator('details.kind summary', { hasText: 'ground-failure' }).click();
    expect(await page.locator('details.kind[open]').textContent()).toMatch(/vendorErrorCode/);
    const form = page.getByRole('form', { name: 'Inject a fault' });
    await form.getByRole('combobox', { name: 'Fault' }).selectOption('connector-lock-failure');
    await form.getByRole('combobox', { name: 'Station' }).fill('S2-CP2');
    await form.getByRole('textbox', { name: /Connector/ }).fill('2');
    await form.getByRole('button', { name: 'Inject now' }).click();
    const injected = page.getByText(/^Injected: (f\d+) connector-lock-failure on S2-CP2 connector 2: active$/);
    await injected.waitFor();
    const id = /Injected: (f\d+)/.exec((await injected.textContent()) ?? '')?.[1] as string;
    expect((await json<{ id: string; state: string }>(`/control/faults/${id}`)).state).toBe('active');
    await page.getByRole('button', { name: `Clear ${id}` }).click();
    await expect.poll(() => page.locator('.fault-list li', { hasText: `${id} ` }).textContent()).toContain('cleared');
    expect((await json<{ id: string; state: string }>(`/control/faults/${id}`)).state).toBe('cleared');
    await form.getByRole('combobox', { name: 'Fault' }).selectOption('ground-failure');
    await form.getByRole('textbox', { name: /Connector/ }).fill('0');
    await form.getByRole('button', { name: 'Inject now' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('connector: "0" is not allowed, expected a whole number >= 1');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('pauses and resumes the simulated clock', async () => {
    const { page, problems } = await open('/trainer', 1280);
    const session = page.locator('section[aria-labelledby="session-heading"] p.meta');
    await expect.poll(() => session.textContent()).toContain('clock running');
    await page.getByRole('button', { name: 'Pause the simulated clock' }).click();
    await expect.poll(() => session.textContent()).toContain('clock paused');
    expect(await json<{ paused: boolean }>('/api/console/config')).toMatchObject({ paused: true, timeScale: 10 });
    await page.getByRole('button', { name: 'Resume the simulated clock' }).click();
    await expect.poll(() => session.textContent()).toContain('clock running');
    expect(await json<{ paused: boolean }>('/api/console/config')).toMatchObject({ paused: false });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('resets the training network: drills end, faults clear', async () => {
    const { page, problems } = await open('/trainer', 1280);
    const drillList = page.locator('section[aria-labelledby="drills-heading"] ul > li');
    await expect.poll(() => drillList.count()).toBe(3);
    expect((await json<{ state: string }[]>('/control/faults')).filter((f) => f.state === 'active')).toHaveLength(1);
    await page.getByRole('button', { name: 'Reset the training network' }).click();
    await page.getByText('The training network was reset.').waitFor({ timeout: 30_000 });
    await expect.poll(() => drillList.count()).toBe(0);
    expect(await json<unknown[]>('/api/drills')).toEqual([]);
    expect((await json<{ state: string }[]>('/control/faults')).filter((f) => f.state === 'active')).toEqual([]);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Network' }).click();
    await expect.poll(() => page.locator('[data-station="S1-CP2"] [data-connector] .badge').allTextContents(), { timeout: 15_000 }).toEqual(['Available', 'Available']);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 45_000);
});

/**
 * The training session over real HTTP: the bundled CSMS with its desk and a real fleet on real WebSockets, the
 * fleet's control API on the CSMS's port, scored drills by several trainees at once, the pausable clock, reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTraining, type TrainingSession } from '../../../harness/training/session.js';

// Low enough that the drills' 10 simulated minutes to escalate are a real minute, even on a busy machine.
const TIME_SCALE = 10;
let session: TrainingSession;

beforeAll(async () => {
  session = await startTraining({ sites: 1, stationsPerSite: 3, protocol: 'ocpp1.6', timeScale: TIME_SCALE, seed: 7, port: 0 });
  expect(session.booted).toBe(true);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

type Body = Record<string, unknown>;
interface Issue {
  type: string;
  ticketId?: string;
  details: Body;
}
/** Every answer's fields the tests read; each answer has some of them. */
interface Reply {
  [key: string]: unknown;
  error: string;
  problems: { path: string; message: string; allowed: string[] }[];
  id: string;
  trainee: string;
  state: string;
  now: string;
  paused: boolean;
  fault: { kind: string; controlFaultId: string };
  actions: Body[];
  connectors: { connectorId: number; status: string }[];
  score: { items: { rule: string; passed: boolean }[]; total: number; max: number };
  debrief: { issue: Body; trainee: { what: string }[]; playbook: { what: string }[] };
  tiers: string[];
  parts: string[];
  severities: string[];
  drillsEnded: number;
  faultsCleared: string[];
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${session.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const issuesOf = async (stationId: string) => (await call('GET', `/api/issues?stationId=${stationId}`)).body as unknown as Issue[];
const connectorStatus = async (stationId: string) => (await call('GET', `/api/stations/${stationId}`)).body.connectors.find((c) => c.connectorId === 1)?.status;
const act = (id: string, action: Body) => call('POST', `/api/drills/${id}/actions`, action);

describe('the console config and catalogue', () => {
  it('says fleet control and drills are on, with the time scale and the clock running', async () => {
    expect(await call('GET', '/api/console/config')).toEqual({ status: 200, body: { control: true, drills: true, timeScale: TIME_SCALE, paused: false } });
    expect((await call('GET', '/control/health')).body).toMatchObject({ status: 'ok', stations: 3 });
  });

  it('lists the tiers, parts and severities a trainee chooses from', async () => {
    const { status, body } = await call('GET', '/api/drills/catalogue');
    expect(status).toBe(200);
    expect(body.tiers).toContain('field-engineering');
    expect(body.parts).toContain('RCD / ground-fault module');
    expect(body.severities).toEqual(['critical', 'major', 'minor']);
  });
});

describe('drills', () => {
  it('refuses bad input field by field with what is allowed', async () => {
    const bad = await call('POST', '/api/drills', { station: 'S9-CP9', fault: { kind: 'meltdown' }, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('cannot start a drill');
    const byPath = Object.fromEntries(bad.body.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['/colour', '/fault/kind', '/station', '/trainee']);
    expect(byPath['/station']?.allowed).toEqual(['S1-CP1', 'S1-CP2', 'S1-CP3']);
    expect(byPath['/fault/kind']?.allowed).toContain('ground-failure');
    const badConnector = await call('POST', '/api/drills', { trainee: 'x', station: 'S1-CP1', connector: 5, fault: { kind: 'ground-failure' } });
    expect(badConnector.body.problems).toEqual([{ path: '/connector', message: '5 is not allowed', allowed: ['a whole number from 1 to 2'] }]);
    const badParams = await call('POST', '/api/drills', { trainee: 'x', station: 'S1-CP1', fault: { kind: 'ground-failure', params: { volts: 3 } } });
    expect(badParams.status).toBe(400);
    expect(badParams.body.problems[0]?.path).toBe('/fault/params/volts');
    expect((await call('GET', '/api/drills')).body).toEqual([]);
  });

  it('two trainees drill at once; the playbook stands back for their stations only; closing scores against it', async () => {
    const ann = await call('POST', '/api/drills', { trainee: 'ann', station: 'S1-CP1', connector: 1, fault: { kind: 'ground-failure' } });
    expect(ann.status).toBe(201);
    expect(ann.body).toMatchObject({ id: expect.stringMatching(/^d\d+$/), trainee: 'ann', stationIds: ['S1-CP1'], state: 'running', actions: [], fault: { kind: 'ground-failure', controlFaultId: expect.stringMatching(/^f\d+$/) } });
    const bob = await call('POST', '/api/drills', { trainee: 'bob', station: 'S1-CP2', connector: 1, fault: { kind: 'ground-failure' } });
    expect(bob.status).toBe(201);
    const again = await call('POST', '/api/drills', { trainee: 'cy', station: 'S1-CP1', fault: { kind: 'stuck-finishing' } });
    expect(again).toEqual({ status: 409, body: { error: `S1-CP1 is already in drill ${ann.body.id} (ann)` } });
    // The fault went in through the control layer.
    expect((await call('GET', `/control/faults/${ann.body.fault.controlFaultId}`)).body).toMatchObject({ state: 'active', targets: { stationIds: ['S1-CP1'] } });

    // The same fault on a station nobody drills: the desk handles it, so it shows what standing back means.
    await call('POST', '/control/faults', { kind: 'ground-failure', station: 'S1-CP3', connector: 1 });
    await until(async () => (await issuesOf('S1-CP3')).find((i) => i.ticketId !== undefined), 'the desk opens a ticket for S1-CP3');
    const annIssue = await until(async () => (await issuesOf('S1-CP1')).find((i) => i.type === 'safety-fault'), 'the detector raises the drilled issue');
    expect(annIssue.details.errorCode).toBe('GroundFailure');
    expect(annIssue.ticketId).toBeUndefined();

    // Ann by the book.
    const a = ann.body.id;
    expect((await act(a, { type: 'classify', severity: 'critical' })).status).toBe(200);
    const badAction = await act(a, { type: 'escalate', tier: 'the boss' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.problems[0]).toMatchObject({ path: '/tier', allowed: expect.arrayContaining(['tier-2']) });
    const inoperative = await act(a, { type: 'remote-action', action: 'ChangeAvailability', params: { type: 'Inoperative' } });
    expect(inoperative.body.actions.at(-1)).toMatchObject({ type: 'remote-action', action: 'ChangeAvailability', payload: { connectorId: 1, type: 'Inoperative' }, step: 'make-inoperative', response: { status: 'Accepted' } });
    await act(a, { type: 'escalate', tier: 'field-engineering' });
    await act(a, { type: 'work-order', part: 'RCD / ground-fault module' });
    // The technician's repair: the trainer clears the fault; the trainee brings the connector back.
    await call('DELETE', `/control/faults/${ann.body.fault.controlFaultId}`);
    await act(a, { type: 'remote-action', action: 'ChangeAvailability', params: { type: 'Operative' } });
    await until(async () => ((await connectorStatus('S1-CP1')) === 'Available' ? true : undefined), 'S1-CP1 Available again');
    expect((await act(a, { type: 'verify' })).body.actions.at(-1)).toMatchObject({ type: 'verify', available: true, status: 'Available' });
    const annClosed = await act(a, { type: 'close' });
    expect(annClosed.body.state).toBe('closed');
    expect(annClosed.body.score.items.filter((i) => !i.passed)).toEqual([]);
    expect(annClosed.body.score.total).toBe(annClosed.body.score.max);
    expect(annClosed.body.debrief.issue).toMatchObject({ type: 'safety-fault', errorCode: 'GroundFailure', source: 'detector' });
    expect(annClosed.body.debrief.trainee.map((t) => t.what)).toEqual([
      'classified critical',
      'ChangeAvailability {"connectorId":1,"type":"Inoperative"}: Accepted',
      'escalated to field-engineering',
      'work order: RCD / ground-fault module',
      'ChangeAvailability {"connectorId":1,"type":"Operative"}: Accepted',
      'verified: Available',
      'closed',
    ]);
    expect(annClosed.body.debrief.playbook[1]?.what).toBe('escalate to field-engineering; work order: RCD / ground-fault module');

    // Bob resets a station with a ground fault, sends it to the wrong team and closes without checking.
    const b = bob.body.id;
    const reset = await act(b, { type: 'remote-action', action: 'Reset', params: { type: 'Hard' } });
    expect(reset.body.actions[0]).toMatchObject({ action: 'Reset', payload: { type: 'Hard' }, step: 'hard-reset', response: { status: 'Accepted' } });
    await act(b, { type: 'escalate', tier: 'tier-1' });
    await act(b, { type: 'work-order', part: 'RCD / ground-fault module' });
    const bobClosed = await act(b, { type: 'close' });
    const failed = bobClosed.body.score.items.filter((i) => !i.passed).map((i) => i.rule);
    expect(failed.sort()).toEqual(['closed-after-verified', 'first-remote-action', 'no-reset-on-safety', 'right-tier']);
    expect(bobClosed.body.score.total).toBe(2);

    expect(await act(b, { type: 'verify' })).toEqual({ status: 409, body: { error: `drill ${b} is closed` } });
    expect((await act('d999', { type: 'verify' })).status).toBe(404);
    const listed = (await call('GET', '/api/drills')).body as unknown as Reply[];
    expect(listed.map((d) => [d.trainee, d.state])).toEqual([['ann', 'closed'], ['bob', 'closed']]);
    expect((await call('GET', `/api/drills/${a}`)).body.score.total).toBe(annClosed.body.score.total);
  }, 60_000);

  it('pauses and resumes the clock of the CSMS and the fleet', async () => {
    const paused = await call('POST', '/api/clock', { paused: true });
    expect(paused.body.paused).toBe(true);
    const before = (await call('GET', '/control/health')).body.now;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await call('GET', '/control/health')).body.now).toBe(before);
    const csmsNow = (await call('GET', '/api/health')).body.now as unknown as number;
    expect(Math.floor(csmsNow)).toBe(Date.parse(before));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call('GET', '/api/health')).body.now).toBe(csmsNow);
    expect((await call('GET', '/api/console/config')).body.paused).toBe(true);
    expect((await call('POST', '/api/clock', { paused: 'no' })).status).toBe(400);
    expect((await call('POST', '/api/clock', { paused: false })).body.paused).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Date.parse((await call('GET', '/control/health')).body.now)).toBeGreaterThan(Date.parse(before));
  });

  it('reset clears faults and drills and brings every connector back to Available', async () => {
    await call('POST', '/api/drills', { trainee: 'dee', station: 'S1-CP2', connector: 2, fault: { kind: 'ground-failure' } });
    const reset = await call('POST', '/api/training/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.drillsEnded).toBe(3);
    expect(reset.body.faultsCleared.length).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/api/drills')).body).toEqual([]);
    expect((await call('GET', '/control/faults?state=active,scheduled')).body).toEqual([]);
    await until(async () => {
      const stations = (await call('GET', '/api/stations')).body as unknown as Reply[];
      return stations.every((s) => s.connectors.every((c) => c.status === 'Available')) ? true : undefined;
    }, 'every connector Available');
    await until(async () => (((await call('GET', '/api/issues?open=true')).body as unknown as Issue[]).length === 0 ? true : undefined), 'every issue resolved');
  }, 30_000);
});

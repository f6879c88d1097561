/**
 * The runner against a CSMS it did not start: the bundled one reached over HTTP (observed through its
 * `/api/events` stream), and a third party's OCPP endpoint whose alerts arrive at the webhook intake.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { runSuite } from '../../../harness/runner/run-suite.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { groundFailure201, realBudgetMs, stuckFinishing } from './scenarios.js';

let csms: Csms | undefined;

afterEach(async () => {
  await csms?.close();
  csms = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('--csms-url', () => {
  it('runs a scenario against the bundled CSMS elsewhere, observing its desk through the event stream', { timeout: realBudgetMs(groundFailure201()) }, async () => {
    const scenario = groundFailure201();
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: scenario.timeScale }), port: 0, heartbeatIntervalS: scenario.fleet.heartbeatIntervalMs / 1_000 }));
    const result = await runSuite([scenario], { csmsUrl: csms.url, timeScale: scenario.timeScale });
    expect(result.csms).toEqual({ kind: 'bundled-remote', url: csms.url });
    const [run] = result.scenarios;
    expect(run?.error).toBeUndefined();
    expect(run?.expectations.map((e) => [e.kind, e.status])).toEqual([
      ['issue', 'passed'],
      ['escalation', 'passed'],
      ['never', 'passed'],
      ['connector', 'passed'],
    ]);
    expect(run?.status).toBe('passed');
    expect(run?.timeline.some((t) => t.kind === 'work-order' && /opened/.test(t.text))).toBe(true);
  });

  it('warns that a scenario\'s CSMS set-up cannot be applied to a CSMS elsewhere', { timeout: realBudgetMs(stuckFinishing()) }, async () => {
    const scenario = stuckFinishing();
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: scenario.timeScale }), port: 0, heartbeatIntervalS: 60 }));
    const result = await runSuite([scenario], { csmsUrl: csms.url, timeScale: scenario.timeScale });
    expect(result.scenarios[0]?.timeline[0]).toEqual({ atMs: 0, kind: 'step', text: expect.stringMatching(/^warning: csms set-up \(detector\) cannot be applied to a CSMS running elsewhere/) });
  });

  it('takes a third party\'s alerts at the webhook intake and sees its commands on the wire', { timeout: realBudgetMs(groundFailure201()) }, async () => {
    const scenario = groundFailure201();
    const clock = new ScaledClock({ timeScale: scenario.timeScale });
    // The bundled CSMS without its desk stands in for a third party's central system.
    ({ csms } = await startReferenceCsms({ clock, port: 0, heartbeatIntervalS: 300, desk: false }));
    const webhookPort = await freePort();
    // Its "detector": a safety alert and an escalation for every ground failure it is told about.
    csms.on('status', (event) => {
      if (event.errorCode !== 'GroundFailure' && event.status !== 'Faulted') return;
      void fetch(`http://127.0.0.1:${webhookPort}/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'safety-fault', stationId: event.stationId, connectorId: event.evseId ?? event.connectorId, escalatedTo: 'field-engineering' }),
      });
    });
    const onlyWire = { ...scenario, expectations: scenario.expectations.filter((e) => e.kind !== 'connector') };
    const result = await runSuite([onlyWire], { csmsUrl: csms.ocppUrl, webhookPort, timeScale: scenario.timeScale });
    expect(result.csms.kind).toBe('third-party');
    const [run] = result.scenarios;
    expect(run?.error).toBeUndefined();
    expect(run?.expectations.map((e) => [e.kind, e.status])).toEqual([
      ['issue', 'passed'],
      ['escalation', 'passed'],
      ['never', 'passed'],
    ]);
  });

  it('refuses a scenario that restarts the CSMS when the CSMS is not in-process', async () => {
    const scenario = stuckFinishing();
    const restarting = { ...scenario, steps: [...scenario.steps, { kind: 'restart-csms' as const, index: 1, atMs: 2 * 60_000, source: scenario.source }] };
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: scenario.timeScale }), port: 0 }));
    const result = await runSuite([restarting], { csmsUrl: csms.url });
    expect(result.scenarios[0]).toMatchObject({ status: 'errored', error: expect.stringMatching(/restartCsms needs the bundled CSMS in-process/) });
  });
});

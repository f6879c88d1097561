/**
 * A CSMS running elsewhere, made dependable: the run takes the CSMS's time scale (or refuses one that differs),
 * scenarios run one after another do not see each other's stations, and a CSMS that is not there is one line
 * for the suite within seconds.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { runSuite } from '../../../harness/runner/run-suite.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { groundFailure201, realBudgetMs, scenarioFrom } from './scenarios.js';

let csms: Csms | undefined;

afterEach(async () => {
  await csms?.close();
  csms = undefined;
});

/** Nothing happens and nothing may be raised, for long enough that a station gone silent would be flagged (3 × 1m). */
function quiet(name: string, stationsPerSite: number) {
  return scenarioFrom(`name: ${name}
summary: Stations that heartbeat and do nothing else; the CSMS must raise nothing.
protocol: ocpp1.6
timeScale: 120
fleet: { sites: 1, stationsPerSite: ${stationsPerSite}, heartbeatInterval: 1m }
duration: 6m
steps:
  - { at: 0s, wait: true }
expect: []
`);
}

describe('a CSMS running elsewhere', () => {
  it('runs at the CSMS\'s time scale when none is given, and its issue expectations still match their stations', { timeout: realBudgetMs(groundFailure201()) * 2 }, async () => {
    const file = groundFailure201();
    // The file says 300; a CSMS at 150 misdated every observation before (raised issues read as "not raised").
    const csmsScale = file.timeScale / 2;
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: csmsScale }), port: 0, heartbeatIntervalS: file.fleet.heartbeatIntervalMs / 1_000 }));
    const result = await runSuite([file], { csmsUrl: csms.url });
    const [run] = result.scenarios;
    expect(run?.timeScale).toBe(csmsScale);
    expect(run?.timeline.filter((t) => t.atMs === 0).map((t) => t.text)).toContain(`warning: ran at time scale ${csmsScale} (the CSMS's), not the file's ${file.timeScale}`);
    expect(run?.expectations.map((e) => [e.kind, e.status])).toEqual([
      ['issue', 'passed'],
      ['escalation', 'passed'],
      ['never', 'passed'],
      ['connector', 'passed'],
    ]);
    // On the CSMS the stations carry the scenario's prefix; the run still judged "S1-CP2".
    expect(csms.stations().map((s) => s.id).every((id) => /^r[0-9a-z]{6}-S1-CP\d$/.test(id))).toBe(true);
  });

  it('refuses a --time-scale that differs from the CSMS\'s, saying both, before any scenario runs', async () => {
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: 60 }), port: 0 }));
    await expect(runSuite([quiet('quiet', 2)], { csmsUrl: csms.url, timeScale: 300 })).rejects.toThrow(
      `--time-scale 300 differs from the time scale of the CSMS at ${csms.url} (60): give --time-scale 60 or leave it out; nothing was run`,
    );
    expect(csms.stations()).toEqual([]);
  });

  it('keeps scenarios run one after another from seeing the stations an earlier one left behind', { timeout: 60_000 }, async () => {
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: 120 }), port: 0, heartbeatIntervalS: 60 }));
    // The first leaves S1-CP3 silent on the CSMS; 3 heartbeat intervals into the second it would be flagged.
    const result = await runSuite([quiet('three-stations', 3), quiet('two-stations', 2)], { csmsUrl: csms.url });
    expect(result.scenarios.map((s) => [s.name, s.status, s.unexpectedIssues.length])).toEqual([
      ['three-stations', 'passed', 0],
      ['two-stations', 'passed', 0],
    ]);
    // Two prefixes on the CSMS: 3 + 2 stations.
    const prefixes = new Set(csms.stations().map((s) => s.id.slice(0, s.id.indexOf('-'))));
    expect(prefixes.size).toBe(2);
    expect(csms.stations()).toHaveLength(5);
  });

  it('reports an unreachable CSMS once, within seconds, with the cause', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const began = performance.now();
    await expect(runSuite([quiet('a', 2), quiet('b', 2)], { csmsUrl: `http://127.0.0.1:${port}` })).rejects.toThrow(
      `the CSMS at http://127.0.0.1:${port} cannot be reached: connect ECONNREFUSED 127.0.0.1:${port}; nothing was run`,
    );
    expect(performance.now() - began).toBeLessThan(4_000);
  });

  it('errors a scenario within seconds, naming the cause, when no station can connect to a third-party endpoint', async () => {
    // Before: 20 s per scenario and "only 0 of 2 stations were accepted", never "connection refused".
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const began = performance.now();
    const result = await runSuite([quiet('unreachable', 2), quiet('next', 2)], { csmsUrl: `ws://127.0.0.1:${port}/ocpp` });
    expect(performance.now() - began).toBeLessThan(8_000);
    expect(result.scenarios[0]).toMatchObject({
      status: 'errored',
      error: `no station could connect to the CSMS at ws://127.0.0.1:${port}/ocpp: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port} (S1-CP1, S1-CP2)`,
    });
    // Said once for the suite: the next scenario would fail the same way.
    expect(result.scenarios[1]).toMatchObject({ name: 'next', status: 'skipped' });
  });

  it('errors a scenario at once, naming the status, when the CSMS refuses every station\'s handshake', async () => {
    // An allow-list that does not admit the run's stations: before, 20 s per scenario and "only 0 of 2 were accepted".
    ({ csms } = await startReferenceCsms({ clock: new ScaledClock({ timeScale: 120 }), port: 0, allowList: ['S1-CP1', 'S1-CP2'] }));
    const began = performance.now();
    const result = await runSuite([quiet('refused', 2)], { csmsUrl: csms.url });
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(result.scenarios[0]).toMatchObject({ status: 'errored', error: expect.stringMatching(/refused every station's connection: HTTP 40\d to the WebSocket handshake of S1-CP1, S1-CP2 \(they connect as r[0-9a-z]{6}-<id>/) });
  });

  it('names a server that answers but is not the bundled CSMS', async () => {
    const server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    try {
      await expect(runSuite([quiet('a', 2)], { csmsUrl: `http://127.0.0.1:${port}` })).rejects.toThrow(
        `http://127.0.0.1:${port}/api/health did not say the CSMS's time: is it the bundled CSMS (chargedrill csms)?; nothing was run`,
      );
    } finally {
      server.close();
    }
  });
});

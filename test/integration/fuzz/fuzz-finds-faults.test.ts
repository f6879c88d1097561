/**
 * The fuzzer's checks can fail: against a sloppy OCPP endpoint (answers everything with CALLRESULT, spells
 * errors the 2.0.1 way on 1.6, answers answers, ignores StatusNotification) the cases report exactly those
 * faults as wrong or dropped, and the run fails.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { fuzzJunitXml, fuzzTextReport } from '../../../harness/fuzz/report.js';
import { runFuzz } from '../../../harness/fuzz/run-fuzz.js';

let wss: WebSocketServer;
let url: string;

beforeEach(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(data));
      } catch {
        // The 2.0.1 spelling, also on 1.6 connections.
        ws.send(JSON.stringify([4, '-1', 'RpcFrameworkError', 'not JSON', {}]));
        return;
      }
      if (!Array.isArray(frame)) return;
      const [type, id, action] = frame as [unknown, unknown, unknown];
      if (type === 2 && action === 'StatusNotification') return;
      // Answers everything, even CALLRESULTs and CALLERRORs, and checks nothing.
      ws.send(JSON.stringify([3, id, { currentTime: new Date().toISOString(), status: 'Accepted', interval: 300 }]));
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`;
});

afterEach(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

describe('fuzzing a sloppy endpoint', () => {
  it('reports each of its faults against the case that provokes it', async () => {
    const cases = ['invalid-json', 'answer-for-unknown-id', 'unknown-action', 'schema-violation', 'flood'];
    const result = await runFuzz({ csmsUrl: url, protocol: 'ocpp1.6', frames: 60, controlStations: 0, answerTimeoutMs: 300, cases });
    const byName = new Map(result.cases.map((c) => [c.name, c]));

    // RpcFrameworkError is not a 1.6 code.
    const invalid = byName.get('invalid-json');
    expect(invalid?.wrong).toBe(invalid?.judged);
    expect(invalid?.samples[0]?.got).toBe('CALLERROR RpcFrameworkError');
    expect(invalid?.samples[0]?.expected).toContain('FormationViolation');
    // A CALLRESULT or CALLERROR must never be answered.
    expect(byName.get('answer-for-unknown-id')?.wrong).toBe(byName.get('answer-for-unknown-id')?.judged);
    // Unknown actions and broken payloads were answered CALLRESULT.
    expect(byName.get('unknown-action')?.samples[0]).toMatchObject({ outcome: 'wrong', got: 'CALLRESULT', expected: 'CALLERROR NotImplemented' });
    const schema = byName.get('schema-violation');
    expect(schema?.perSpec).toBe(0);
    expect(schema?.wrong).toBeGreaterThan(0);
    // Broken StatusNotifications got no answer at all.
    expect((schema?.wrong ?? 0) + (schema?.dropped ?? 0)).toBe(schema?.judged);
    // StatusNotifications of the flood went unanswered.
    expect(byName.get('flood')?.dropped).toBeGreaterThan(0);
    expect(byName.get('flood')?.samples.some((s) => s.outcome === 'dropped' && s.sent.includes('StatusNotification'))).toBe(true);

    expect(result.cases.every((c) => !c.passed)).toBe(true);
    expect(result.passed).toBe(false);
    expect(fuzzTextReport(result)).toContain('FAILED');
    expect(fuzzJunitXml(result)).toContain(`failures="${cases.length}"`);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

const STATION = 'S1-CP1';

/** One session on connector 1 (1.6) or EVSE 1 (2.0.1): started, `durationMs` of heartbeats, ended. */
function session(h: Harness, transactionId: string, end: { durationMs: number; energyWh: number; reason: string; evseId?: number }): void {
  h.started(STATION, 1, transactionId, 'TAG-1', end.evseId === undefined ? {} : { evseId: end.evseId });
  h.pass(end.durationMs, [STATION]);
  h.ended(STATION, 1, transactionId, { energyWh: end.energyWh, reason: end.reason, ...(end.evseId !== undefined && { evseId: end.evseId }) });
  h.pass(60_000, [STATION]);
}

/** A 1.6 start the CSMS refuses (StartTransaction answered Invalid); the station stops it DeAuthorized. */
function refusedStart16(h: Harness, transactionId: string, reason?: string): void {
  h.authorize(STATION, 'TAG-1', reason === 'no-tariff' ? 'Blocked' : 'Invalid', { action: 'StartTransaction', ...(reason && { reason }) });
  h.started(STATION, 1, transactionId);
  h.ended(STATION, 1, transactionId, { reason: 'DeAuthorized', energyWh: 0 });
  h.pass(5 * 60_000, [STATION]);
}

describe('repeated-failed-sessions rule: must not raise', () => {
  it('ten 90 s sessions of 800 Wh ending EVDisconnected (1.6) are successes, however short', () => {
    const h = createHarness();
    for (let i = 0; i < 10; i++) session(h, `t${i}`, { durationMs: 90_000, energyWh: 800, reason: 'EVDisconnected' });
    expect(h.raised).toEqual([]);
  });

  it('ten 90 s sessions of 800 Wh ending Local (2.0.1) are successes', () => {
    const h = createHarness();
    for (let i = 0; i < 10; i++) session(h, `tx-${i}`, { durationMs: 90_000, energyWh: 800, reason: 'Local', evseId: 1 });
    expect(h.raised).toEqual([]);
  });

  it('sessions that end normally with no meter reading (2.0.1 Ended without one) prove nothing', () => {
    const h = createHarness();
    for (let i = 0; i < 5; i++) {
      h.started(STATION, 1, `tx-${i}`, 'TAG-1', { evseId: 1 });
      h.pass(60_000, [STATION]);
      h.emit({ type: 'transaction-ended', stationId: STATION, connectorId: 1, evseId: 1, transactionId: `tx-${i}`, reason: 'EVDisconnected', meterStopWh: 0, energyWh: 0, energyKnown: false });
    }
    expect(h.raised).toEqual([]);
  });

  it('refusals owned by another issue (no tariff) do not count as failed sessions', () => {
    const h = createHarness();
    for (const id of ['1', '2', '3']) refusedStart16(h, id, 'no-tariff');
    expect(h.raisedOfType('repeated-failed-sessions')).toEqual([]);
  });

  it('sessions cut by power losses are reboot-loop evidence, not failed sessions', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) session(h, id, { durationMs: 60_000, energyWh: 0, reason: 'PowerLoss' });
    expect(h.raisedOfType('repeated-failed-sessions')).toEqual([]);
  });

  it('does not count failures spread over more than the window', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) {
      session(h, id, { durationMs: 30_000, energyWh: 0, reason: 'Local' });
      h.pass(31 * 60_000, [STATION]);
    }
    expect(h.raised).toEqual([]);
  });
});

describe('repeated-failed-sessions rule: must raise', () => {
  it('three long sessions that delivered no energy (≤ failedSessionMaxWh)', () => {
    const h = createHarness();
    session(h, 'a', { durationMs: 10 * 60_000, energyWh: 0, reason: 'Local' });
    session(h, 'b', { durationMs: 10 * 60_000, energyWh: 10, reason: 'EVDisconnected' });
    expect(h.raised).toEqual([]);
    session(h, 'c', { durationMs: 10 * 60_000, energyWh: 3, reason: 'Local' });
    const [issue] = h.raisedOfType('repeated-failed-sessions');
    expect(issue).toMatchObject({ code: 'CD-I012', stationId: STATION, details: { failedSessions: 3, lastFailure: ['no-energy'] } });
    expect(issue?.evidence).toHaveLength(3);
  });

  it('three sessions ending EmergencyStop, even though they delivered energy', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) session(h, id, { durationMs: 20 * 60_000, energyWh: 4_000, reason: 'EmergencyStop' });
    expect(h.raisedOfType('repeated-failed-sessions')[0]).toMatchObject({ details: { failedSessions: 3, lastFailure: ['fault-stop'] } });
  });

  it('three 2.0.1 sessions stopped by GroundFault / Timeout / OvercurrentFault', () => {
    const h = createHarness();
    session(h, 'a', { durationMs: 5 * 60_000, energyWh: 900, reason: 'GroundFault', evseId: 1 });
    session(h, 'b', { durationMs: 60_000, energyWh: 0, reason: 'Timeout', evseId: 1 });
    session(h, 'c', { durationMs: 5 * 60_000, energyWh: 900, reason: 'OvercurrentFault', evseId: 1 });
    expect(h.raisedOfType('repeated-failed-sessions')).toHaveLength(1);
  });

  it('three 1.6 sessions ending Other while their connector reported Faulted', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) {
      h.started(STATION, 1, id);
      h.pass(5 * 60_000, [STATION]);
      h.status(STATION, 1, 'Faulted', { errorCode: 'EVCommunicationError' });
      h.ended(STATION, 1, id, { reason: 'Other', energyWh: 2_000 });
      h.status(STATION, 1, 'Available', { errorCode: 'NoError' });
    }
    const [issue] = h.raisedOfType('repeated-failed-sessions');
    expect(issue?.details).toMatchObject({ failedSessions: 3, lastFailure: ['fault-stop'] });
    // Each failure carries the Faulted status that explains it.
    expect(issue?.evidence.filter((e) => e.summary.includes('Faulted'))).toHaveLength(3);
  });

  it('but not for Other on a connector that never faulted', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) session(h, id, { durationMs: 5 * 60_000, energyWh: 2_000, reason: 'Other' });
    expect(h.raised).toEqual([]);
  });

  it('three starts the CSMS refused (1.6 StartTransaction Invalid)', () => {
    const h = createHarness();
    for (const id of ['1', '2', '3']) refusedStart16(h, id);
    const [issue] = h.raisedOfType('repeated-failed-sessions');
    expect(issue?.details).toMatchObject({ failedSessions: 3, lastFailure: ['refused', 'no-energy'] });
  });

  it('three 2.0.1 transactions whose TransactionEvent was answered Invalid', () => {
    const h = createHarness();
    for (const id of ['tx-1', 'tx-2', 'tx-3']) {
      h.call(STATION, 'TransactionEvent', { eventType: 'Started', transactionInfo: { transactionId: id } }, {});
      h.started(STATION, 1, id, '', { evseId: 1 });
      h.call(STATION, 'TransactionEvent', { eventType: 'Updated', transactionInfo: { transactionId: id }, idToken: { idToken: 'T', type: 'ISO14443' } });
      h.authorize(STATION, 'T', 'Invalid', { action: 'TransactionEvent', reason: 'rule' });
      h.pass(60_000, [STATION]);
      h.ended(STATION, 1, id, { reason: 'DeAuthorized', energyWh: 0, evseId: 1 });
    }
    expect(h.raisedOfType('repeated-failed-sessions')[0]?.details).toMatchObject({ failedSessions: 3, lastFailure: ['refused', 'no-energy'] });
  });

  it('is resolved by the next good session on the charger, even a short one', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) session(h, id, { durationMs: 10 * 60_000, energyWh: 0, reason: 'Local' });
    expect(h.openOfType('repeated-failed-sessions')).toHaveLength(1);
    session(h, 'd', { durationMs: 90_000, energyWh: 800, reason: 'EVDisconnected' });
    expect(h.resolved.map((issue) => issue.type)).toEqual(['repeated-failed-sessions']);
    expect(h.openOfType('repeated-failed-sessions')).toEqual([]);
  });
});

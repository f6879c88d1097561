/**
 * Violations as the rest of the CSMS sees them: a `protocol-violation` event pointing at its frame, the
 * HTTP API with its filters, rows that survive a restart on a file database, ocpp-rpc's own answer to a
 * duplicate id in flight, and a first status after a reconnect that is free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmsEvent } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16 } from './raw-station.js';
import { answerKind, status16 } from './strict-fixture.js';

let csms: Csms | undefined;
const stations: RawStation[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()));
  await csms?.close();
  csms = undefined;
});

async function booted(c: Csms, id: string): Promise<RawStation> {
  const station = await RawStation.connect(c.ocppUrl, id, 'ocpp1.6');
  stations.push(station);
  await station.call('BootNotification', boot16);
  return station;
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${csms!.url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('protocol violations in the CSMS', () => {
  it('are emitted on the bus right after the frame that broke the rule', async () => {
    csms = await Csms.start();
    const events: CsmsEvent[] = [];
    csms.onAny((e) => events.push(e));
    const s = await booted(csms, 'S1-CP1');
    await s.call('StatusNotification', status16(1, 'Available'));
    await s.call('StatusNotification', status16(1, 'Finishing'), 'bad-transition');
    const violation = events.find((e) => e.type === 'protocol-violation');
    const frame = events.find((e) => e.type === 'frame' && e.messageId === 'bad-transition' && e.direction === 'in');
    expect(violation).toMatchObject({
      stationId: 'S1-CP1', rule: 'CD-V001', ruleName: 'status-transition-16', severity: 'error',
      messageId: 'bad-transition', action: 'StatusNotification', frameSeq: frame?.seq,
    });
    expect((violation as { message: string }).message).toContain('Available → Finishing');
  });

  it('are served per station and network-wide, filtered by rule id or name, with clear errors', async () => {
    csms = await Csms.start();
    const a = await booted(csms, 'S1-CP1');
    const b = await booted(csms, 'S2-CP1');
    await a.call('Heartbeat', {}, 'same');
    await a.call('Heartbeat', {}, 'same');
    await b.call('StopTransaction', { transactionId: 4242, meterStop: 1, timestamp: new Date().toISOString() });

    const all = await get('/api/violations');
    expect(all.status).toBe(200);
    expect((all.body as { rule: string }[]).map((v) => v.rule)).toEqual(['CD-V007', 'CD-V003']);
    expect((await get('/api/stations/S2-CP1/violations')).body).toMatchObject([{ stationId: 'S2-CP1', rule: 'CD-V003' }]);
    expect((await get('/api/violations?rule=message-id-reused')).body).toMatchObject([{ stationId: 'S1-CP1', rule: 'CD-V007' }]);
    expect((await get('/api/violations?rule=CD-V003&stationId=S1-CP1')).body).toEqual([]);
    expect((await get('/api/violations?limit=1')).body).toMatchObject([{ rule: 'CD-V003' }]);

    const badRule = await get('/api/violations?rule=nope');
    expect(badRule.status).toBe(400);
    expect((badRule.body as { error: string }).error).toMatch(/rule: "nope" is not a rule, allowed: CD-V001 \(status-transition-16\)/);
    expect((await get('/api/violations?limit=0')).status).toBe(400);
    expect((await get('/api/stations/NOPE/violations')).status).toBe(404);
  });

  it('are kept across a restart on a file database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargedrill-strict-'));
    const dbPath = join(dir, 'csms.db');
    try {
      csms = await Csms.start({ dbPath });
      const s = await booted(csms, 'S1-CP1');
      await s.call('Heartbeat', {}, 'again');
      await s.call('Heartbeat', {}, 'again');
      await s.close();
      stations.length = 0;
      await csms.close();
      csms = await Csms.start({ dbPath });
      expect((await get('/api/stations/S1-CP1/violations')).body).toMatchObject([{ rule: 'CD-V007', messageId: 'again' }]);
    } finally {
      await csms?.close();
      csms = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('include a duplicate id in flight, which ocpp-rpc itself refuses even on a lenient CSMS', async () => {
    let release: (() => void) | undefined;
    csms = await Csms.start({ bootStatus: () => new Promise((resolve) => (release = () => resolve('Accepted'))) });
    const s = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    stations.push(s);
    s.sendRaw(JSON.stringify([2, 'b1', 'BootNotification', boot16]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const duplicate = await s.call('Heartbeat', {}, 'b1');
    expect(answerKind(duplicate)).toBe('FormationViolation');
    // Both answers carry the id b1: the boot's is the one still to come.
    const boot = s.answerTo('b1');
    release?.();
    expect(answerKind(await boot)).toBe('CALLRESULT');
    expect(csms.store.violations({ stationId: 'S1-CP1' }).map((v) => v.rule)).toEqual(['CD-V007', 'CD-V009']);
  });

  it('leave the first status after a reconnect free, even one the last status would not allow', async () => {
    csms = await Csms.start({ strict: true });
    const first = await booted(csms, 'S1-CP1');
    await first.call('StatusNotification', status16(1, 'Available'));
    await first.close();
    const again = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
    stations.push(again);
    expect(answerKind(await again.call('StatusNotification', status16(1, 'Finishing')))).toBe('CALLRESULT');
    expect(answerKind(await again.call('StatusNotification', status16(1, 'Reserved')))).toBe('PropertyConstraintViolation');
    expect(csms.store.violations().map((v) => v.rule)).toEqual(['CD-V001']);
  });
});

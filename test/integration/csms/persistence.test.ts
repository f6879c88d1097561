/**
 * A file database keeps stations, their message log and the 1.6 transaction counter across restarts; what an
 * answer acknowledges (a transaction, its id) is committed before the answer goes out, as a kill -9 would test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Csms } from '../../../harness/csms/server.js';
import { RawStation, boot16 } from './raw-station.js';

let dir = '';
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'chargedrill-csms-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a CSMS on a file database', () => {
  it('still knows its stations, their log and the next transaction id after a restart', async () => {
    const dbPath = join(dir, 'csms.sqlite');
    const first = await Csms.start({ dbPath });
    const station = await RawStation.connect(first.ocppUrl, 'S1-CP1', 'ocpp1.6');
    await station.call('BootNotification', boot16, 'b-1');
    const tx = await station.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() });
    expect(tx[2]).toMatchObject({ transactionId: 1 });
    await first.close();

    const second = await Csms.start({ dbPath });
    try {
      expect(second.stations()).toMatchObject([{ id: 'S1-CP1', siteId: 'S1', connected: false, bootStatus: 'Accepted', model: 'AC22' }]);
      expect(second.store.messagesFor('S1-CP1').map((m) => m.messageId)).toContain('b-1');
      const again = await RawStation.connect(second.ocppUrl, 'S1-CP1', 'ocpp1.6');
      // The running transaction survived too, and the counter moves on.
      await again.call('StopTransaction', { transactionId: 1, meterStop: 500, timestamp: new Date().toISOString() });
      const next = await again.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 500, timestamp: new Date().toISOString() });
      expect(next[2]).toMatchObject({ transactionId: 2 });
      expect(second.store.transactions('S1-CP1')).toMatchObject([{ transactionId: '1', meterStopWh: 500 }, { transactionId: '2' }]);
    } finally {
      await second.close();
    }
  });

  it('commits a transaction and its id before answering, while other rows wait for the timed flush', async () => {
    const dbPath = join(dir, 'answered.sqlite');
    // A minute between timed flushes: only the commit before an answer can put the rows there in time.
    const csms = await Csms.start({ dbPath, storeFlushIntervalMs: 60_000 });
    // A second connection sees only what was committed, as a CSMS restarted after kill -9 would.
    const reader = new Database(dbPath, { readonly: true });
    try {
      const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
      await station.call('BootNotification', boot16, 'b-1');
      await station.call('Heartbeat', {}, 'hb-1');
      const logged = (id: string) => reader.prepare('SELECT count(*) AS n FROM messages WHERE messageId = ?').get(id) as { n: number };
      expect(logged('hb-1').n).toBe(0);

      const tx = await station.call('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() });
      expect(tx[2]).toMatchObject({ transactionId: 1 });
      expect(reader.prepare('SELECT transactionId, stoppedAt FROM transactions').all()).toEqual([{ transactionId: '1', stoppedAt: null }]);
      expect(reader.prepare("SELECT value FROM counters WHERE name = 'transactionId'").get()).toEqual({ value: 1 });
      await station.call('StopTransaction', { transactionId: 1, meterStop: 500, timestamp: new Date().toISOString() });
      expect(reader.prepare('SELECT meterStopWh FROM transactions').all()).toEqual([{ meterStopWh: 500 }]);
    } finally {
      reader.close();
      await csms.close();
    }
  });

  it('commits every transaction message before answering it, and gives a retried StartTransaction the transaction it opened', async () => {
    const dbPath = join(dir, 'retry.sqlite');
    const csms = await Csms.start({ dbPath, storeFlushIntervalMs: 60_000 });
    const reader = new Database(dbPath, { readonly: true });
    try {
      const station = await RawStation.connect(csms.ocppUrl, 'S1-CP1', 'ocpp1.6');
      await station.call('BootNotification', boot16, 'b-1');
      const start = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() };
      const tx = await station.call('StartTransaction', start, 's-1');
      const meter = { connectorId: 1, transactionId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '10' }] }] };
      await station.call('MeterValues', meter, 'm-1');
      // A MeterValues has no row of its own: its frame in the log is what the CSMS keeps, and it is there once answered.
      expect(reader.prepare("SELECT count(*) AS n FROM messages WHERE messageId = 'm-1' AND direction = 'in'").get()).toEqual({ n: 1 });
      // The station lost the answer (a crash) and sends the same start again, under its message id.
      const again = await station.call('StartTransaction', start, 's-1');
      expect(again[2]).toEqual(tx[2]);
      expect(reader.prepare('SELECT transactionId FROM transactions').all()).toEqual([{ transactionId: '1' }]);
    } finally {
      reader.close();
      await csms.close();
    }
  });
});

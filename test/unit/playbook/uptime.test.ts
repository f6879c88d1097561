import { describe, expect, it } from 'vitest';
import type { CsmsEvent, CsmsEventInput } from '../../../harness/csms/events.js';
import { neviUptimePercent, UptimeLedger } from '../../../harness/playbook/uptime.js';

const T0 = Date.UTC(2025, 0, 6);
const MIN_MS = 60_000;
const at = (hours: number, minutes = 0): number => T0 + hours * 60 * MIN_MS + minutes * MIN_MS;
const DAY = { fromMs: T0, toMs: at(24) };
const STATION = 'S1-CP1';

function feeder(ledger: UptimeLedger) {
  let seq = 0;
  return (atMs: number, input: CsmsEventInput): void => ledger.handle({ ...input, seq: ++seq, at: atMs } as CsmsEvent);
}

function status(connectorId: number, value: string): CsmsEventInput {
  return { type: 'status', stationId: STATION, connectorId, status: value };
}

describe('NEVI uptime', () => {
  it('computes the yearly formula with excluded time', () => {
    // ((525,600 − (1,000 − 200)) / 525,600) × 100 = 524,800 / 5,256
    expect(neviUptimePercent(525_600, 1_000, 200)).toBeCloseTo(99.847793, 5);
    expect(neviUptimePercent(525_600, 0, 0)).toBe(100);
  });

  it('counts a connector out while Faulted or Unavailable', () => {
    const ledger = new UptimeLedger();
    const feed = feeder(ledger);
    feed(at(0), status(1, 'Available'));
    feed(at(2), status(1, 'Faulted'));
    feed(at(3), status(1, 'Unavailable'));
    feed(at(5), status(1, 'Available'));
    feed(at(6), status(1, 'Charging'));
    // 180 of 1,440 minutes out: (1,440 − 180) / 1,440 = 87.5 %
    expect(ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY)).toEqual({ windowMin: 1_440, outageMin: 180, excludedMin: 0, uptimePercent: 87.5 });
  });

  it('subtracts only the excluded time that overlaps the outage', () => {
    const ledger = new UptimeLedger();
    const feed = feeder(ledger);
    feed(at(2), status(1, 'Faulted'));
    feed(at(5), status(1, 'Available'));
    ledger.markExcluded(STATION, at(3), at(4), 'utility outage reported by the utility');
    ledger.markExcluded(STATION, at(10), at(11), 'no outage then: does not count');
    // (1,440 − (180 − 60)) / 1,440 = 1,320 / 1,440
    const uptime = ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY);
    expect(uptime).toMatchObject({ outageMin: 180, excludedMin: 60 });
    expect(uptime.uptimePercent).toBeCloseTo(91.666667, 5);
  });

  it('counts every connector out while the station is disconnected, and the station out only while all its connectors are', () => {
    const ledger = new UptimeLedger();
    const feed = feeder(ledger);
    feed(at(0), status(1, 'Available'));
    feed(at(0), status(2, 'Available'));
    feed(at(2), status(1, 'Faulted'));
    feed(at(4), status(2, 'Unavailable'));
    feed(at(5), status(1, 'Available'));
    feed(at(6), status(2, 'Available'));
    feed(at(8), { type: 'disconnect', stationId: STATION, code: 1006, reason: 'abnormal closure' });
    feed(at(8, 30), { type: 'connect', stationId: STATION, protocol: 'ocpp1.6', remoteAddress: '127.0.0.1' });
    // Connector 1: 180 + 30 = 210 min → 1,230 / 1,440; station: 04:00–05:00 and the 30 min offline = 90 min → 1,350 / 1,440.
    expect(ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY).uptimePercent).toBeCloseTo(85.416667, 5);
    expect(ledger.stationUptime(STATION, DAY)).toMatchObject({ outageMin: 90, uptimePercent: 93.75 });
  });

  it('excludes the outage a utility power loss caused, once, however many PowerLoss stops report it', () => {
    const ledger = new UptimeLedger();
    const feed = feeder(ledger);
    feed(at(0), status(1, 'Available'));
    feed(at(12), { type: 'disconnect', stationId: STATION, code: 1006, reason: 'abnormal closure' });
    feed(at(12, 45), { type: 'connect', stationId: STATION, protocol: 'ocpp1.6', remoteAddress: '127.0.0.1' });
    for (const connectorId of [1, 2]) {
      feed(at(12, 46), { type: 'transaction-ended', stationId: STATION, transactionId: `t${connectorId}`, connectorId, reason: 'PowerLoss', meterStopWh: 0, energyWh: 0 });
    }
    expect(ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY)).toEqual({ windowMin: 1_440, outageMin: 45, excludedMin: 45, uptimePercent: 100 });
  });

  it('keeps a power-loss outage when exclusion is switched off', () => {
    const ledger = new UptimeLedger({ excludePowerLoss: false });
    const feed = feeder(ledger);
    feed(at(0), status(1, 'Available'));
    feed(at(12), { type: 'disconnect', stationId: STATION, code: 1006, reason: 'abnormal closure' });
    feed(at(12, 36), { type: 'connect', stationId: STATION, protocol: 'ocpp2.0.1', remoteAddress: '127.0.0.1' });
    feed(at(12, 37), { type: 'boot', stationId: STATION, status: 'Accepted', payload: { reason: 'PowerUp' } });
    // (1,440 − 36) / 1,440 = 97.5 %
    expect(ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY).uptimePercent).toBeCloseTo(97.5, 9);
  });

  it('counts a silent station as out from when it lost connectivity', () => {
    const ledger = new UptimeLedger();
    const feed = feeder(ledger);
    feed(at(0), status(1, 'Available'));
    ledger.markSilent(STATION, at(1), true);
    ledger.markSilent(STATION, at(2, 12), false);
    // (1,440 − 72) / 1,440 = 95 %
    expect(ledger.portUptime({ stationId: STATION, connectorId: 1 }, DAY).uptimePercent).toBeCloseTo(95, 9);
  });

  it('refuses an empty window', () => {
    expect(() => new UptimeLedger().portUptime({ stationId: STATION, connectorId: 1 }, { fromMs: T0, toMs: T0 })).toThrow(/window/);
    expect(() => neviUptimePercent(0, 0, 0)).toThrow('windowMin: 0 is not allowed, expected a number of minutes > 0');
  });
});

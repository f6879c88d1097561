import { describe, expect, it } from 'vitest';
import { actionChoices, defaultMessageFilter, filterMessages, frameSummary, parseTimeInput } from '../../../console/src/messages.js';
import type { MessageRow } from '../../../console/src/types.js';

const row = (seq: number, action: string | null, direction: 'in' | 'out', at: number, payload: unknown = {}, messageType: number | null = 2): MessageRow => ({
  seq,
  at,
  stationId: 'S1-CP1',
  direction,
  messageType,
  messageId: `m${seq}`,
  action,
  payload,
});

const log = [
  row(1, 'BootNotification', 'in', 1_000),
  row(2, 'StatusNotification', 'in', 2_000, { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' }),
  row(3, 'Heartbeat', 'in', 3_000),
  row(4, 'Reset', 'out', 4_000, { type: 'Soft' }),
  row(5, 'Reset', 'in', 4_100, { status: 'Accepted' }, 3),
  row(6, 'TransactionEvent', 'in', 5_000, { eventType: 'Started' }),
  row(7, null, 'in', 6_000, 'garbage', null),
];

describe('message log filter', () => {
  it('preselects the session and status actions', () => {
    expect(filterMessages(log, defaultMessageFilter()).map((r) => r.seq)).toEqual([2, 6]);
  });

  it('filters by action set, direction and time window, and shows unreadable frames on request', () => {
    const base = defaultMessageFilter();
    expect(filterMessages(log, { ...base, actions: new Set(['Reset']) }).map((r) => r.seq)).toEqual([4, 5]);
    expect(filterMessages(log, { ...base, actions: new Set(['Reset']), direction: 'out' }).map((r) => r.seq)).toEqual([4]);
    expect(filterMessages(log, { ...base, actions: new Set(['Heartbeat', 'Reset']), from: 3_000, to: 4_000 }).map((r) => r.seq)).toEqual([3, 4]);
    expect(filterMessages(log, { ...base, actions: new Set(), showUnnamed: true }).map((r) => r.seq)).toEqual([7]);
  });

  it('offers every action seen plus the preselected ones', () => {
    expect(actionChoices(log)).toEqual(['Authorize', 'BootNotification', 'DataTransfer', 'Heartbeat', 'Reset', 'StartTransaction', 'StatusNotification', 'StopTransaction', 'TransactionEvent']);
  });

  it('sums a frame up in one line', () => {
    expect(frameSummary(log[1] as MessageRow)).toBe('station → CSMS · CALL StatusNotification · Faulted GroundFailure');
    expect(frameSummary(log[4] as MessageRow)).toBe('station → CSMS · CALLRESULT Reset · Accepted');
    expect(frameSummary(log[3] as MessageRow)).toBe('CSMS → station · CALL Reset');
    expect(frameSummary(log[6] as MessageRow)).toBe('station → CSMS · unreadable');
  });

  it('reads datetime-local values as UTC and names a bad field', () => {
    expect(parseTimeInput('From', '2026-12-01T03:00')).toBe(Date.UTC(2026, 11, 1, 3, 0));
    expect(parseTimeInput('From', '2026-12-01T03:00:05')).toBe(Date.UTC(2026, 11, 1, 3, 0, 5));
    expect(parseTimeInput('To', ' ')).toBeUndefined();
    expect(() => parseTimeInput('To', 'yesterday')).toThrow('To: "yesterday" is not a date and time');
  });
});

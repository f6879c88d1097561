/**
 * Builds synthetic CsmsEvents and feeds them to a fresh Detector on a ManualClock. `seq` and `at` are
 * stamped like the CSMS's event bus does: a running sequence and the clock's now.
 */
import type { CsmsEvent, CsmsEventInput } from '../../../harness/csms/events.js';
import { faultsOfNotifyEvent } from '../../../harness/csms/fault-notifications.js';
import type { DetectorConfig } from '../../../harness/detector/config.js';
import { Detector } from '../../../harness/detector/detector.js';
import type { Issue } from '../../../harness/detector/types.js';
import type { IssueType } from '../../../harness/issues/catalogue.js';
import { ManualClock } from './manual-clock.js';
import type { Request201 } from '../../../simulator/protocol/actions.js';

type EventData = Request201<'NotifyEvent'>['eventData'][number];
/** A NotifyEvent alert; the fields the detector does not read default to the station's own. */
export type Alert = Omit<EventData, 'eventId' | 'timestamp' | 'eventNotificationType'> & Partial<EventData>;

export interface HarnessOptions {
  heartbeatIntervalS?: number;
  config?: Partial<DetectorConfig>;
  stationsOfSite?: (siteId: string) => readonly string[];
}

export type Harness = ReturnType<typeof createHarness>;

export function createHarness(options: HarnessOptions = {}) {
  const clock = new ManualClock();
  const heartbeatIntervalS = options.heartbeatIntervalS ?? 60;
  const detector = new Detector({
    clock,
    heartbeatIntervalS,
    config: options.config ?? {},
    ...(options.stationsOfSite ? { stationsOfSite: options.stationsOfSite } : {}),
  });
  const raised: Issue[] = [];
  const resolved: Issue[] = [];
  const updated: Issue[] = [];
  detector.on('issue-raised', (issue) => raised.push(issue));
  detector.on('issue-resolved', (issue) => resolved.push(issue));
  detector.on('issue-updated', (issue) => updated.push(issue));
  detector.on('internal-error', (error) => {
    throw error;
  });
  let seq = 0;
  let messageNumber = 0;

  function emit(input: CsmsEventInput): CsmsEvent {
    const event = { ...input, seq: ++seq, at: clock.now() } as CsmsEvent;
    detector.handle(event);
    return event;
  }

  /** A station CALL and, when `answer` is given, the CSMS's CALLRESULT to it. */
  function call(stationId: string, action: string, payload: unknown, answer?: unknown): string {
    const messageId = `m${++messageNumber}`;
    emit({ type: 'frame', stationId, direction: 'in', messageType: 2, messageId, action, payload });
    if (answer !== undefined) emit({ type: 'frame', stationId, direction: 'out', messageType: 3, messageId, action, payload: answer });
    return messageId;
  }

  /** A 2.0.1 NotifyEvent CALL, the `fault-notified` event the CSMS's handler emits for it, and the answer. */
  function notifyEvent(stationId: string, alerts: readonly Alert[]): void {
    const now = new Date(clock.now()).toISOString();
    const eventData = alerts.map((alert, i): EventData => ({ eventId: i + 1, timestamp: now, eventNotificationType: 'HardWiredNotification', ...alert }));
    const request: Request201<'NotifyEvent'> = { generatedAt: now, seqNo: 0, tbc: false, eventData };
    const messageId = call(stationId, 'NotifyEvent', request);
    const faults = faultsOfNotifyEvent(request);
    if (faults.length > 0) emit({ type: 'fault-notified', stationId, faults });
    emit({ type: 'frame', stationId, direction: 'out', messageType: 3, messageId, action: 'NotifyEvent', payload: {} });
  }

  const h = {
    clock,
    detector,
    raised,
    resolved,
    updated,
    heartbeatIntervalMs: heartbeatIntervalS * 1000,
    emit,
    call,
    notifyEvent,
    advance: (simMs: number) => clock.advance(simMs),
    /** Lets `simMs` pass while the listed stations keep sending heartbeats every interval. */
    pass(simMs: number, alive: readonly string[]) {
      const stepMs = heartbeatIntervalS * 1000;
      let left = simMs;
      while (left > 0) {
        const step = Math.min(stepMs, left);
        clock.advance(step);
        left -= step;
        for (const stationId of alive) h.heartbeat(stationId);
      }
    },
    heartbeat: (stationId: string) => call(stationId, 'Heartbeat', {}, { currentTime: new Date(clock.now()).toISOString() }),
    connect: (stationId: string, protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6') =>
      emit({ type: 'connect', stationId, protocol, remoteAddress: '127.0.0.1' }),
    disconnect: (stationId: string) => emit({ type: 'disconnect', stationId, code: 1006, reason: 'abnormal closure' }),
    boot: (stationId: string, status: 'Accepted' | 'Pending' | 'Rejected' = 'Accepted', payload: Record<string, unknown> = {}) =>
      emit({ type: 'boot', stationId, status, payload }),
    status: (stationId: string, connectorId: number, status: string, extra: { errorCode?: string; info?: string; vendorErrorCode?: string; evseId?: number } = {}) =>
      emit({ type: 'status', stationId, connectorId, status, ...extra }),
    authorize: (stationId: string, idTag: string, status: string, extra: { action?: string; reason?: string } = {}) =>
      emit({ type: 'authorize', stationId, idTag, status, ...extra }),
    started: (stationId: string, connectorId: number, transactionId: string, idTag = 'TAG-1', extra: { evseId?: number } = {}) =>
      emit({ type: 'transaction-started', stationId, connectorId, transactionId, idTag, meterStartWh: 0, ...extra }),
    ended: (stationId: string, connectorId: number, transactionId: string, end: { reason?: string; energyWh?: number; evseId?: number } = {}) =>
      emit({
        type: 'transaction-ended',
        stationId,
        connectorId,
        transactionId,
        reason: end.reason ?? 'Local',
        meterStopWh: end.energyWh ?? 12_000,
        energyWh: end.energyWh ?? 12_000,
        ...(end.evseId === undefined ? {} : { evseId: end.evseId }),
      }),
    command: (stationId: string, action: string, response: Record<string, unknown>) => emit({ type: 'command', stationId, action, request: {}, response }),
    raisedOfType: (type: IssueType) => raised.filter((issue) => issue.type === type),
    openOfType: (type: IssueType) => detector.openIssues().filter((issue) => issue.type === type),
  };
  return h;
}

/** A complete, healthy 1.6 session on one connector, ~30 simulated minutes; `alive` stations keep sending heartbeats. */
export function normalSession16(h: Harness, stationId: string, connectorId: number, transactionId: string, alive: readonly string[] = [stationId]): void {
  h.status(stationId, connectorId, 'Preparing', { errorCode: 'NoError' });
  h.authorize(stationId, 'TAG-OK', 'Accepted');
  h.call(stationId, 'StartTransaction', { connectorId, idTag: 'TAG-OK', meterStart: 0 }, { transactionId: 1, idTagInfo: { status: 'Accepted' } });
  h.started(stationId, connectorId, transactionId, 'TAG-OK');
  h.status(stationId, connectorId, 'Charging', { errorCode: 'NoError' });
  h.pass(30 * 60_000, alive);
  h.call(stationId, 'StopTransaction', { transactionId: 1, meterStop: 15_000, reason: 'EVDisconnected' }, { idTagInfo: { status: 'Accepted' } });
  h.ended(stationId, connectorId, transactionId, { reason: 'EVDisconnected', energyWh: 15_000 });
  h.status(stationId, connectorId, 'Finishing', { errorCode: 'NoError' });
  h.pass(60_000, alive);
  h.status(stationId, connectorId, 'Available', { errorCode: 'NoError' });
}

/** The 2.0.1 equivalent: Occupied, Authorize, TransactionEvent Started/Ended, Available. */
export function normalSession201(h: Harness, stationId: string, evseId: number, transactionId: string): void {
  h.status(stationId, 1, 'Occupied', { evseId });
  h.authorize(stationId, 'TAG-OK', 'Accepted');
  h.call(stationId, 'TransactionEvent', { eventType: 'Started', idToken: { idToken: 'TAG-OK', type: 'ISO14443' } }, { idTokenInfo: { status: 'Accepted' } });
  h.started(stationId, 1, transactionId, 'TAG-OK', { evseId });
  h.pass(30 * 60_000, [stationId]);
  h.call(stationId, 'TransactionEvent', { eventType: 'Ended', transactionInfo: { transactionId, stoppedReason: 'EVDisconnected' } }, {});
  h.ended(stationId, 1, transactionId, { reason: 'EVDisconnected', energyWh: 15_000, evseId });
  h.pass(60_000, [stationId]);
  h.status(stationId, 1, 'Available', { evseId });
}

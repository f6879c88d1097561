/** Turning CSMS events into issue evidence. */
import type { CsmsEvent } from '../csms/events.js';
import type { Evidence } from './types.js';

export function evidenceOf(event: CsmsEvent, summary: string): Evidence {
  const base = { seq: event.seq, at: event.at, summary };
  switch (event.type) {
    case 'frame':
      return { ...base, payload: event.payload };
    case 'status':
      return { ...base, payload: { status: event.status, errorCode: event.errorCode, info: event.info, vendorErrorCode: event.vendorErrorCode } };
    case 'boot':
      return { ...base, payload: event.payload };
    case 'fault-notified':
      return { ...base, payload: event.faults };
    default:
      return base;
  }
}

/** Appends, keeping the trigger (first entry) and the most recent ones so the list stays bounded. */
export function appendEvidence(list: Evidence[], added: readonly Evidence[], max: number): void {
  for (const item of added) {
    list.push(item);
    if (list.length > max) list.splice(1, 1);
  }
}

/** A one-line description of an event, for evidence summaries. */
export function describe(event: CsmsEvent): string {
  switch (event.type) {
    case 'frame': {
      const kind = event.messageType === 2 ? 'CALL' : event.messageType === 3 ? 'CALLRESULT' : 'CALLERROR';
      const what = event.action ? `${kind} ${event.action}` : kind;
      return `${event.direction === 'in' ? 'received' : 'sent'} ${what} (${event.messageId})`;
    }
    case 'status': {
      const where = event.evseId === undefined ? `connector ${event.connectorId}` : `EVSE ${event.evseId} connector ${event.connectorId}`;
      const code = event.errorCode && event.errorCode !== 'NoError' ? ` / ${event.errorCode}` : '';
      return `${where} ${event.status}${code}`;
    }
    case 'boot':
      return `BootNotification ${event.status}`;
    case 'authorize':
      return `${event.action ?? 'Authorize'} ${event.idTag} ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    case 'transaction-started':
      return `transaction ${event.transactionId} started on connector ${event.connectorId}`;
    case 'transaction-ended':
      return `transaction ${event.transactionId} ended (${event.reason}, ${event.energyWh} Wh)`;
    case 'connect':
      return `connected (${event.protocol})`;
    case 'connect-refused':
      return `connection refused (${event.reason})`;
    case 'disconnect':
      return `disconnected (${event.code} ${event.reason})`;
    case 'command':
      return `command ${event.action}${event.error ? ` failed: ${event.error}` : ''}`;
    case 'protocol-error':
      return `protocol error ${event.code}: ${event.reason}`;
    case 'fault-notified': {
      const alerts = event.faults.map((f) => {
        const where = f.evseId === undefined ? 'station' : `EVSE ${f.evseId} connector ${f.connectorId}`;
        return `${where} ${f.component}.${f.variable} ${f.errorCode}`;
      });
      return `NotifyEvent ${alerts.join(', ')}`;
    }
    default:
      // The desk's own events (issues, tickets...) never reach the detector's rules.
      return event.type;
  }
}

/**
 * The fleet's own record of the transaction messages its stations sent (only when a run checks delivery): per
 * station, in the order each first went out, its message id, action and what identifies it (2.0.1 transactionId
 * and seqNo). A retry after a lost connection goes out again under the same message id (call-tracker.ts) and is
 * recorded once. harness/load/delivery-check.ts holds it against the CSMS's store.
 */
import type { Fleet } from '../../simulator/fleet/fleet.js';
import type { VirtualStation } from '../../simulator/station/station.js';
import { TRANSACTION_MESSAGE_ACTIONS } from '../../simulator/vocabulary/transaction-messages.js';

export interface SentMessage {
  messageId: string;
  action: string;
  /** 2.0.1 TransactionEvent: the station's transaction id and the event's seqNo. */
  transactionId?: string;
  seqNo?: number;
  /** Times the message went out (1 + retries). */
  attempts: number;
}

export class DeliveryLog {
  /** Per station id, in the order each message first went out. */
  readonly sent = new Map<string, SentMessage[]>();
  private readonly byId = new Map<string, SentMessage>();

  /** Records every station the fleet starts from now on. */
  attach(fleet: Fleet): void {
    fleet.on('stationStarted', (stationId: string, station: VirtualStation) => {
      station.transport.on('frame', (direction, text) => {
        if (direction === 'out') this.frameOut(stationId, text);
      });
    });
  }

  /** An outbound frame's text: kept when it is a CALL of a transaction message. */
  frameOut(stationId: string, text: string): void {
    // Cheap test before a parse: a CALL frame starts `[2,`.
    if (!text.startsWith('[2,')) return;
    const frame = JSON.parse(text) as [number, string, string, Record<string, unknown>];
    const [, messageId, action, payload] = frame;
    if (!TRANSACTION_MESSAGE_ACTIONS.has(action)) return;
    const key = `${stationId}\u0000${messageId}`;
    const known = this.byId.get(key);
    if (known !== undefined) {
      known.attempts++;
      return;
    }
    const message: SentMessage = { messageId, action, attempts: 1 };
    if (action === 'TransactionEvent') {
      message.transactionId = String((payload.transactionInfo as { transactionId?: unknown } | undefined)?.transactionId);
      message.seqNo = Number(payload.seqNo);
    }
    this.byId.set(key, message);
    let list = this.sent.get(stationId);
    if (list === undefined) this.sent.set(stationId, (list = []));
    list.push(message);
  }
}

/** How an OCPP 2.0.1 station spells its messages. Every connector is its own EVSE (connectorId 1 on it). */
import type { JsonObject } from '../protocol/frames.js';
import { fromIdTokenInfo, type AuthorizationInfo, type IdTokenInfo201 } from './authorization.js';
import type { IdToken } from '../protocol/id-tokens.js';
import type { Connector } from './connector.js';
import { toConnectorStatus201, type ChargePointStatus } from '../vocabulary/connector-status.js';
import type { RegistrationStatus } from './control.js';
import type {
  BootAnswer,
  BootReason,
  DialectContext,
  FaultComponent,
  StationDialect,
} from './dialect.js';
import type { MeterSample } from './meter.js';
import { isoTime, sampledValues201, type ReadingContext } from './sampled-values.js';
import type { StationStopReason, Transaction } from './transaction.js';
import { evseOfConnector } from '../vocabulary/evse.js';
import { isStoppedReason201, type StoppedReason201 } from '../vocabulary/stop-reasons.js';


const chargingState = (tx: Transaction): string => (tx.evseSuspended ? 'SuspendedEVSE' : 'Charging');

/** The transaction's token with the type it came with (a remote start's Central stays Central). */
const idTokenOf = (tx: Transaction): JsonObject => ({ idToken: tx.idTag, type: tx.idTokenType });

export class Ocpp201Dialect implements StationDialect {
  readonly protocol = 'ocpp2.0.1' as const;
  private eventSeqNo = 0;
  /** Unanswered TransactionEvents per transactionId (GetTransactionStatus messagesInQueue); made on the first one. */
  private unconfirmed: Map<string, number> | undefined;

  constructor(private readonly ctx: DialectContext) {}

  async boot(reason: BootReason): Promise<BootAnswer> {
    const { identity } = this.ctx;
    const chargingStation: JsonObject = {
      model: identity.model,
      vendorName: identity.vendor,
      serialNumber: identity.serialNumber,
      firmwareVersion: identity.firmwareVersion,
    };
    if (identity.iccid || identity.imsi) {
      chargingStation.modem = { ...(identity.iccid && { iccid: identity.iccid }), ...(identity.imsi && { imsi: identity.imsi }) };
    }
    const answer = await this.ctx.transport.call<{ status: RegistrationStatus; interval: number }>('BootNotification', {
      reason,
      chargingStation,
    });
    return { status: answer.status, intervalS: answer.interval };
  }

  heartbeat(): Promise<unknown> {
    return this.ctx.transport.call('Heartbeat', {});
  }

  async statusNotification(connector: Connector, hasTransaction: boolean): Promise<void> {
    const evse = evseOfConnector(connector.id);
    await this.ctx.transport.call('StatusNotification', {
      timestamp: this.now(),
      connectorStatus: toConnectorStatus201(connector.status, hasTransaction),
      evseId: evse.id,
      connectorId: evse.connectorId,
    });
  }

  isVisibleChange(from: ChargePointStatus, to: ChargePointStatus): boolean {
    return toConnectorStatus201(from, false) !== toConnectorStatus201(to, false);
  }

  async faultNotification(connector: Connector, source?: FaultComponent): Promise<void> {
    const eventData: JsonObject = {
      eventId: ++this.eventSeqNo,
      timestamp: this.now(),
      trigger: 'Alerting',
      actualValue: 'true',
      eventNotificationType: 'HardWiredNotification',
      component: { name: source?.component ?? 'Connector', evse: evseOfConnector(connector.id) },
      variable: { name: source?.variable ?? 'Problem' },
      techCode: connector.errorCode,
    };
    const techInfo = [connector.info, connector.vendorErrorCode].filter(Boolean).join(' / ');
    if (techInfo) eventData.techInfo = techInfo;
    await this.ctx.transport.call('NotifyEvent', { generatedAt: this.now(), seqNo: 0, tbc: false, eventData: [eventData] });
  }

  async authorize(token: IdToken): Promise<AuthorizationInfo> {
    const answer = await this.ctx.transport.call<{ idTokenInfo: IdTokenInfo201 }>('Authorize', { idToken: { idToken: token.idToken, type: token.type } });
    return fromIdTokenInfo(answer.idTokenInfo);
  }

  async startTransaction(tx: Transaction, sample: MeterSample): Promise<{ accepted: boolean; status: string }> {
    const transactionInfo: JsonObject = { transactionId: tx.localId, chargingState: 'Charging' };
    if (tx.remoteStartId !== undefined) transactionInfo.remoteStartId = tx.remoteStartId;
    const answer = await this.transactionEvent(tx, 'Started', tx.remoteStarted ? 'RemoteStart' : 'Authorized', transactionInfo, sample, 'Transaction.Begin', {
      evse: evseOfConnector(tx.connectorId),
      idToken: idTokenOf(tx),
      ...(tx.reservationId !== undefined && { reservationId: tx.reservationId }),
    });
    const status = (answer.idTokenInfo as { status?: string } | undefined)?.status;
    return { accepted: status === undefined || status === 'Accepted', status: status ?? 'Accepted' };
  }

  async meterValues(tx: Transaction, sample: MeterSample, clockAligned = false): Promise<void> {
    const transactionInfo = { transactionId: tx.localId, chargingState: chargingState(tx) };
    const [trigger, context] = clockAligned ? (['MeterValueClock', 'Sample.Clock'] as const) : (['MeterValuePeriodic', 'Sample.Periodic'] as const);
    await this.transactionEvent(tx, 'Updated', trigger, transactionInfo, sample, context);
  }

  async chargingStateChanged(tx: Transaction, sample: MeterSample): Promise<void> {
    const transactionInfo = { transactionId: tx.localId, chargingState: chargingState(tx) };
    await this.transactionEvent(tx, 'Updated', 'ChargingStateChanged', transactionInfo, sample, 'Sample.Periodic');
  }

  async stopTransaction(tx: Transaction, reason: StationStopReason, sample: MeterSample): Promise<void> {
    const transactionInfo = { transactionId: tx.localId, chargingState: 'EVConnected', stoppedReason: toStoppedReason(reason) };
    const extra = reason === 'Local' ? { idToken: idTokenOf(tx) } : {};
    await this.transactionEvent(tx, 'Ended', toTriggerReason(reason), transactionInfo, sample, 'Transaction.End', extra);
  }

  async triggeredMeterValues(connectorId: number, sample: MeterSample): Promise<void> {
    await this.ctx.transport.call('MeterValues', {
      evseId: evseOfConnector(connectorId).id,
      meterValue: [{ timestamp: isoTime(sample.timestampMs), sampledValue: sampledValues201(sample, 'Trigger') }],
    });
  }

  async reservationStatusUpdate(reservationId: number, status: 'Expired' | 'Removed'): Promise<void> {
    await this.ctx.transport.call('ReservationStatusUpdate', { reservationId, reservationUpdateStatus: status });
  }

  /** F06: a triggered TransactionEvent is an Updated event of the running transaction, triggerReason Trigger. */
  async triggeredTransactionEvent(tx: Transaction, sample: MeterSample): Promise<void> {
    const transactionInfo = { transactionId: tx.localId, chargingState: 'Charging' };
    await this.transactionEvent(tx, 'Updated', 'Trigger', transactionInfo, sample, 'Trigger', { evse: evseOfConnector(tx.connectorId) });
  }


  /** Sends one TransactionEvent, numbering it now so seqNo follows the order events happened in. */
  private transactionEvent(
    tx: Transaction,
    eventType: 'Started' | 'Updated' | 'Ended',
    triggerReason: string,
    transactionInfo: JsonObject,
    sample: MeterSample,
    context: ReadingContext,
    extra: JsonObject = {},
  ): Promise<JsonObject> {
    const payload: JsonObject = {
      eventType,
      timestamp: isoTime(sample.timestampMs),
      triggerReason,
      seqNo: tx.seqNo++,
      transactionInfo,
      meterValue: [{ timestamp: isoTime(sample.timestampMs), sampledValue: sampledValues201(sample, context) }],
      ...extra,
    };
    // Events queued while offline must say so (E04: the CSMS then knows the timestamps are historical).
    if (this.ctx.transport.state !== 'open') payload.offline = true;
    const id = tx.localId;
    const unconfirmed = (this.unconfirmed ??= new Map());
    unconfirmed.set(id, (unconfirmed.get(id) ?? 0) + 1);
    const settled = () => {
      const left = (unconfirmed.get(id) ?? 1) - 1;
      if (left > 0) unconfirmed.set(id, left);
      else unconfirmed.delete(id);
    };
    const sent = this.ctx.transport.call('TransactionEvent', payload, { durable: true });
    sent.then(settled, settled);
    return sent;
  }

  unconfirmedTransactionMessages(transactionId?: string): number {
    if (transactionId !== undefined) return this.unconfirmed?.get(transactionId) ?? 0;
    let total = 0;
    for (const count of this.unconfirmed?.values() ?? []) total += count;
    return total;
  }

  private now(): string {
    return isoTime(this.ctx.clock.now());
  }
}

/** The station's reasons 2.0.1 has no word for. */
const STOPPED_REASON: Readonly<Record<Exclude<StationStopReason, StoppedReason201>, StoppedReason201>> = {
  HardReset: 'ImmediateReset',
  SoftReset: 'ImmediateReset',
  UnlockCommand: 'Other',
};

export function toStoppedReason(reason: StationStopReason): StoppedReason201 {
  return isStoppedReason201(reason) ? reason : STOPPED_REASON[reason];
}

const TRIGGER_REASON: Partial<Record<StationStopReason, string>> = {
  Local: 'StopAuthorized',
  EVDisconnected: 'EVCommunicationLost',
  Remote: 'RemoteStop',
  HardReset: 'ResetCommand',
  SoftReset: 'ResetCommand',
  ImmediateReset: 'ResetCommand',
  Reboot: 'ResetCommand',
  UnlockCommand: 'UnlockCommand',
  DeAuthorized: 'Deauthorized',
  EnergyLimitReached: 'EnergyLimitReached',
  TimeLimitReached: 'TimeLimitReached',
  StoppedByEV: 'ChargingStateChanged',
  Timeout: 'EVConnectTimeout',
};

export function toTriggerReason(reason: StationStopReason): string {
  return TRIGGER_REASON[reason] ?? 'AbnormalCondition';
}

/** How an OCPP 1.6J station spells its messages. */
import type { JsonObject } from '../protocol/frames.js';
import { fromIdTagInfo, type AuthorizationInfo, type IdTagInfo16 } from './authorization.js';
import type { IdToken } from '../protocol/id-tokens.js';
import type { Connector } from './connector.js';
import type { RegistrationStatus } from './control.js';
import type { BootAnswer, DialectContext, StationDialect } from './dialect.js';
import type { MeterSample } from './meter.js';
import { isoTime, sampledValues16, type ReadingContext } from './sampled-values.js';
import type { StationStopReason, Transaction } from './transaction.js';
import { isStopReason16, type StopReason16 } from '../vocabulary/stop-reasons.js';

/** Sent when the CSMS never assigned an id (its StartTransaction answer failed): clearly not a real id. */
const UNKNOWN_TRANSACTION_ID = -1;

export class Ocpp16Dialect implements StationDialect {
  readonly protocol = 'ocpp1.6' as const;

  constructor(private readonly ctx: DialectContext) {}

  async boot(): Promise<BootAnswer> {
    const { identity } = this.ctx;
    const payload: JsonObject = {
      chargePointVendor: identity.vendor,
      chargePointModel: identity.model,
      chargePointSerialNumber: identity.serialNumber,
      chargeBoxSerialNumber: identity.serialNumber,
      firmwareVersion: identity.firmwareVersion,
    };
    if (identity.iccid) payload.iccid = identity.iccid;
    if (identity.imsi) payload.imsi = identity.imsi;
    const answer = await this.ctx.transport.call<{ status: RegistrationStatus; interval: number }>('BootNotification', payload);
    return { status: answer.status, intervalS: answer.interval };
  }

  heartbeat(): Promise<unknown> {
    return this.ctx.transport.call('Heartbeat', {});
  }

  async statusNotification(connector: Connector): Promise<void> {
    const payload: JsonObject = {
      connectorId: connector.id,
      status: connector.status,
      errorCode: connector.errorCode,
      timestamp: this.now(),
    };
    if (connector.info !== undefined) payload.info = connector.info;
    if (connector.vendorErrorCode !== undefined) payload.vendorErrorCode = connector.vendorErrorCode;
    await this.ctx.transport.call('StatusNotification', payload);
  }

  isVisibleChange(): boolean {
    return true;
  }

  async faultNotification(): Promise<void> {
    // 1.6 carries errorCode, info and vendorErrorCode in StatusNotification already.
  }

  async authorize(token: IdToken): Promise<AuthorizationInfo> {
    const answer = await this.ctx.transport.call<{ idTagInfo: IdTagInfo16 }>('Authorize', { idTag: token.idToken });
    return fromIdTagInfo(answer.idTagInfo);
  }

  async startTransaction(tx: Transaction, sample: MeterSample): Promise<{ accepted: boolean; status: string }> {
    const answer = await this.ctx.transport.call<{ transactionId: number; idTagInfo: { status: string } }>(
      'StartTransaction',
      {
        connectorId: tx.connectorId,
        idTag: tx.idTag,
        meterStart: Math.round(sample.energyWh),
        timestamp: isoTime(sample.timestampMs),
        ...(tx.reservationId !== undefined && { reservationId: tx.reservationId }),
      },
      { durable: true },
    );
    tx.csmsId = answer.transactionId;
    return { accepted: answer.idTagInfo.status === 'Accepted', status: answer.idTagInfo.status };
  }

  async meterValues(tx: Transaction, sample: MeterSample, clockAligned = false): Promise<void> {
    const context = clockAligned ? 'Sample.Clock' : 'Sample.Periodic';
    // Built at send time: a MeterValues queued offline learns the transactionId from the replayed StartTransaction.
    await this.ctx.transport.call('MeterValues', () => this.meterValuesPayload(tx.connectorId, sample, context, tx), {
      durable: true,
    });
  }

  async chargingStateChanged(): Promise<void> {
    // 1.6 says SuspendedEVSE / Charging in the StatusNotification the connector's status change sends.
  }

  async triggeredMeterValues(connectorId: number, sample: MeterSample, tx: Transaction | undefined): Promise<void> {
    await this.ctx.transport.call('MeterValues', this.meterValuesPayload(connectorId, sample, 'Trigger', tx));
  }

  async stopTransaction(tx: Transaction, reason: StationStopReason, sample: MeterSample): Promise<void> {
    await this.ctx.transport.call(
      'StopTransaction',
      () => ({
        transactionId: tx.csmsId ?? UNKNOWN_TRANSACTION_ID,
        idTag: tx.idTag,
        meterStop: Math.round(sample.energyWh),
        timestamp: isoTime(sample.timestampMs),
        reason: toReason16(reason),
        transactionData: [{ timestamp: isoTime(sample.timestampMs), sampledValue: sampledValues16(sample, 'Transaction.End') }],
      }),
      { durable: true },
    );
  }

  async reservationStatusUpdate(): Promise<void> {
    // 1.6 has no ReservationStatusUpdate: the connector's StatusNotification Available tells the CSMS.
  }


  private meterValuesPayload(connectorId: number, sample: MeterSample, context: ReadingContext, tx?: Transaction): JsonObject {
    const payload: JsonObject = {
      connectorId,
      meterValue: [{ timestamp: isoTime(sample.timestampMs), sampledValue: sampledValues16(sample, context) }],
    };
    if (tx?.csmsId !== undefined) payload.transactionId = tx.csmsId;
    return payload;
  }

  private now(): string {
    return isoTime(this.ctx.clock.now());
  }
}

/** 1.6 has no fault-specific stop reasons; those and the other 2.0.1-only ones become Other. */
export function toReason16(reason: StationStopReason): StopReason16 {
  if (reason === 'ImmediateReset') return 'HardReset';
  return isStopReason16(reason) ? reason : 'Other';
}

/**
 * The station operations CSMS commands trigger (StationControl). State that the answer depends on is
 * decided at once; what goes on the wire waits until the answer has been sent, as a real station does.
 */
import type { JsonObject } from '../protocol/frames.js';
import { CHARGING_STATUSES, type Connector } from './connector.js';
import type { ChargePointStatus } from '../vocabulary/connector-status.js';
import type { AvailabilityResult, RegistrationStatus, RemoteStartRequest, ResetKind, StationControl, UnlockResult } from './control.js';
import { STATION_DEFAULTS } from './defaults.js';
import type { FirmwareUpdates } from './firmware.js';
import type { LogUploads } from './log-upload.js';
import type { MeterSample } from './meter.js';
import type { Registration } from './registration.js';
import type { SessionRunner } from './sessions.js';
import type { Slot } from './slot.js';
import type { StationCore } from './station-core.js';
import { transactionId, type StationStopReason, type Transaction } from './transaction.js';

/** Statuses with a cable in the socket: unlocking releases it and the connector becomes idle. */
const CABLE_STATUSES: readonly ChargePointStatus[] = ['Preparing', ...CHARGING_STATUSES, 'Finishing'];

export interface Rebooter {
  reboot(kind: ResetKind): void;
}

export class StationOperations implements StationControl {
  private stationResetPending = false;
  /** Made on the first connector reset that must wait for its transaction. */
  private connectorResetsPending: Set<number> | undefined;

  constructor(
    readonly stationId: string,
    private readonly core: StationCore,
    private readonly sessions: SessionRunner,
    private readonly registrationState: Registration,
    private readonly rebooter: Rebooter,
    /** The station's firmware updates, made on first use. */
    private readonly parts: { readonly firmware: FirmwareUpdates },
    readonly logUploads: LogUploads,
  ) {}

  get firmware(): FirmwareUpdates {
    return this.parts.firmware;
  }

  get config() {
    return this.core.config;
  }

  get registration(): RegistrationStatus | undefined {
    return this.registrationState.status;
  }

  get authorization() {
    return this.core.authorization;
  }

  get reservations() {
    return this.core.reservations;
  }

  get smartCharging() {
    return this.core.smartCharging;
  }

  connectors(): readonly Connector[] {
    return this.core.slots().map((slot) => slot.connector);
  }

  connector(connectorId: number): Connector | undefined {
    return this.core.slot(connectorId)?.connector;
  }

  transactionOn(connectorId: number): Transaction | undefined {
    return this.core.slot(connectorId)?.tx;
  }

  findTransaction(id: string): Transaction | undefined {
    return this.sessions.transactions.find((tx) => transactionId(tx) === id || tx.localId === id);
  }

  sample(connectorId: number): MeterSample {
    return (this.core.slot(connectorId) as Slot).meter.read(this.core.clock.now());
  }

  afterReply(fn: () => unknown): void {
    // setImmediate runs after the microtasks in which the transport sends the handler's answer.
    setImmediate(() => {
      Promise.resolve()
        .then(fn)
        .catch(() => {});
    });
  }

  reset(kind: ResetKind): void {
    this.stationResetPending = false;
    this.afterReply(() => this.rebooter.reboot(kind));
  }

  resetWhenIdle(connectorId?: number): boolean {
    const busy = connectorId === undefined ? this.sessions.transactions.length > 0 : this.transactionOn(connectorId) !== undefined;
    if (!busy) {
      if (connectorId === undefined) this.reset('Hard');
      else this.afterReply(() => this.resetConnector(connectorId, 'ImmediateReset'));
      return true;
    }
    if (connectorId === undefined) this.stationResetPending = true;
    else (this.connectorResetsPending ??= new Set()).add(connectorId);
    return false;
  }

  /** Runs scheduled resets whose transactions have now ended. */
  onTransactionEnded(slot: Slot): void {
    const id = slot.connector.id;
    if (this.connectorResetsPending?.delete(id)) this.afterReply(() => this.resetConnector(id, 'ImmediateReset'));
    if (this.stationResetPending && this.sessions.transactions.length === 0) this.reset('Hard');
  }

  resetConnector(connectorId: number, reason: StationStopReason): void {
    const slot = this.core.slot(connectorId);
    if (!slot) return;
    if (slot.tx) this.sessions.end(slot.tx, reason);
    slot.claim = undefined;
    if (slot.connector.status !== 'Faulted') this.core.settle(slot);
  }

  unlock(connectorId: number, stopTransaction: boolean): UnlockResult {
    const slot = this.core.slot(connectorId);
    if (!slot) return 'UnknownConnector';
    if (this.core.behaviour.refuseUnlock) return 'UnlockFailed';
    if (slot.tx && !stopTransaction) return 'OngoingAuthorizedTransaction';
    this.afterReply(() => {
      if (slot.tx) this.sessions.end(slot.tx, 'UnlockCommand');
      if (CABLE_STATUSES.includes(slot.connector.status)) {
        slot.claim = undefined;
        this.core.settle(slot);
      }
    });
    return 'Unlocked';
  }

  changeAvailability(connectorIds: readonly number[], operative: boolean): AvailabilityResult {
    let scheduled = false;
    const slots = connectorIds.flatMap((id) => this.core.slot(id) ?? []);
    for (const slot of slots) {
      slot.connector.operative = operative;
      // A session in progress finishes first; the connector settles into its new idle status afterwards.
      if (slot.tx || slot.connector.status === 'Preparing') scheduled = true;
    }
    this.afterReply(() => {
      for (const slot of slots) {
        const { status } = slot.connector;
        const resting = status === 'Available' || status === 'Unavailable' || status === 'Reserved';
        if (slot.tx || !(resting || (status === 'Finishing' && !operative))) continue;
        slot.claim = undefined;
        this.core.settle(slot);
      }
    });
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  remoteStart(request: RemoteStartRequest): boolean {
    if (this.registration !== 'Accepted') return false;
    const candidates = request.connectorId === undefined ? this.core.slots() : [this.core.slot(request.connectorId)];
    // A reserved connector takes a remote start for its reserved token.
    const free = (s: Slot) =>
      (s.connector.status === 'Available' || s.connector.status === 'Reserved') && this.core.reservations.admit(s.connector.id, request.idTag).ok;
    const slot = candidates.find((s) => s !== undefined && !s.claim && free(s));
    if (!slot) return false;
    const connectorId = slot.connector.id;
    this.afterReply(async () => {
      const result = await this.sessions.run(
        {
          connectorId,
          idTag: request.idTag,
          ...(request.idTokenType !== undefined && { idTokenType: request.idTokenType }),
          durationS: STATION_DEFAULTS.remoteSessionDurationS,
        },
        {
          remote: true,
          authorize: this.config.get('AuthorizeRemoteTxRequests')?.value === 'true',
          ...(request.remoteStartId !== undefined && { remoteStartId: request.remoteStartId }),
          ...(request.chargingProfile !== undefined && { chargingProfile: request.chargingProfile }),
        },
      );
      this.core.emit('session', connectorId, result);
    });
    return true;
  }

  remoteStop(id: string): boolean {
    const tx = this.findTransaction(id);
    if (!tx) return false;
    this.afterReply(() => this.sessions.end(tx, 'Remote'));
    return true;
  }

  triggerBoot(): void {
    this.afterReply(() => this.registrationState.boot('Triggered'));
  }

  triggerHeartbeat(): void {
    this.afterReply(() => this.core.dialect.heartbeat());
  }

  now(): number {
    return this.core.clock.now();
  }

  send(action: string, payload: JsonObject): Promise<JsonObject> {
    return this.core.transport.call(action, payload);
  }

  sendAfterReply(action: string, payload: JsonObject): void {
    this.afterReply(() => this.core.canSend() && this.core.transport.call(action, payload).catch(() => {}));
  }

  triggerStatus(connectorId?: number): void {
    this.afterReply(() => {
      for (const slot of this.core.slots()) {
        if (connectorId !== undefined && slot.connector.id !== connectorId) continue;
        this.core.dialect.statusNotification(slot.connector, slot.tx !== undefined).catch(() => {});
      }
    });
  }
}

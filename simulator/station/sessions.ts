/**
 * Charging sessions on simulated time: plug in → Authorize → transaction with periodic meter values →
 * stop → Finishing → unplug. Transaction messages are durable; nothing here waits for the CSMS to
 * answer them, because a real station charges on while its messages wait in the offline queue.
 */
import { inferIdTokenType, type IdToken } from '../protocol/id-tokens.js';
import type { AuthorizationDecision } from './authorization.js';
import { CHARGING_STATUSES } from './connector.js';
import { STATION_DEFAULTS } from './defaults.js';
import type { ChargingProfile } from './smart-charging/profile.js';
import type { Slot } from './slot.js';
import type { StationCore } from './station-core.js';
import { TimersCancelledError } from './timers.js';
import { seededUuid, transactionId, type StationStopReason, type Transaction } from './transaction.js';
import type { SessionPlan, SessionResult } from './types.js';

export interface SessionOrigin {
  /** Started by RemoteStart / RequestStartTransaction. */
  remote: boolean;
  remoteStartId?: number;
  /** A remote start skips Authorize unless AuthorizeRemoteTxRequests says otherwise. */
  authorize: boolean;
  /** A TxProfile that came with the remote start: it limits this transaction. */
  chargingProfile?: ChargingProfile;
}

interface Running {
  tx: Transaction;
  sampler?: { cancel(): void };
  ended: Promise<StationStopReason>;
  resolveEnded: (reason: StationStopReason) => void;
}

const LOCAL: SessionOrigin = { remote: false, authorize: true };

export class SessionRunner {
  // Both made on first use: most stations of a fleet are idle most of the time, and an empty Map or Set costs
  // about 150 bytes each.
  private running: Map<Transaction, Running> | undefined;
  /** Stop messages not answered yet: a shutdown waits for them before closing the socket. */
  private stopsInFlight: Set<Promise<void>> | undefined;
  /** Set by endAll (the station's shutdown): no session starts after it. */
  private shuttingDown = false;

  constructor(private readonly core: StationCore) {}

  get transactions(): Transaction[] {
    return this.running === undefined ? [] : [...this.running.keys()];
  }

  async run(plan: SessionPlan, origin: SessionOrigin = LOCAL): Promise<SessionResult> {
    const { core } = this;
    const slot = core.slot(plan.connectorId);
    if (!slot) throw new RangeError(`station has no connector ${plan.connectorId}`);
    if (core.registration !== 'Accepted') return { ok: false, reason: 'station is not accepted by the CSMS' };
    const initial = slot.connector.status;
    const plugged = plan.pluggedIn === true && initial === 'Preparing';
    if (initial !== 'Available' && initial !== 'Reserved' && !plugged) return { ok: false, reason: `connector ${plan.connectorId} is ${initial}` };
    if (slot.claim) return { ok: false, reason: `connector ${plan.connectorId} is in use` };
    // A reservation refuses other tokens locally, before anyone is asked.
    const admission = core.reservations.admit(plan.connectorId, plan.idTag);
    if (!admission.ok) return { ok: false, reason: admission.reason };
    const claim = {};
    slot.claim = claim;
    const owns = () => slot.claim === claim;
    const token: IdToken = { idToken: plan.idTag, type: plan.idTokenType ?? inferIdTokenType(plan.idTag) };
    try {
      // Some firmware stays Available until charging starts (behaviour profile preparingOnPlugIn).
      const waiting = core.profile.preparingOnPlugIn ? 'Preparing' : initial;
      core.setStatus(slot, waiting);
      let groupId: string | undefined;
      if (origin.authorize) {
        const decision = await core.authorization.decide(token.idToken, core.canSend(), () => core.dialect.authorize(token));
        if (!owns() || slot.connector.status !== waiting) return { ok: false, reason: 'session interrupted before start' };
        if (decision.status !== 'Accepted') {
          core.settle(slot);
          // The CSMS's own refusal is counted by its status; a local list or cache refusal is the station's.
          const refused = decision.source === 'csms' ? { refusedStatus: decision.status } : {};
          return { ok: false, reason: refusal(decision), ...refused };
        }
        groupId = decision.groupId;
      }
      // Another token may use a reservation only when it belongs to the reservation's group (1.6 parentIdTag).
      if (admission.groupId !== undefined && groupId !== admission.groupId) {
        core.settle(slot);
        return { ok: false, reason: `connector ${plan.connectorId} is reserved for group ${admission.groupId}` };
      }
      // The station is shutting down (its running transactions already ended): a start still on its way
      // (an Authorize answered late) would open a transaction nobody ends.
      if (this.shuttingDown) {
        core.settle(slot);
        return { ok: false, reason: 'station stopped' };
      }
      if (admission.reservation) core.reservations.use(admission.reservation);
      const running = this.begin(slot, token, plan.powerW ?? slot.meter.maxPowerW, origin, admission.reservation?.id);
      const timeUp = core.timers.sleep(plan.durationS * 1_000);
      const endedEarly = await Promise.race([timeUp.then(() => undefined), running.ended]);
      timeUp.cancel();
      if (endedEarly === undefined) this.end(running.tx, plan.stopReason ?? 'Local');
      const { tx } = running;
      const result: SessionResult = {
        ok: true,
        transactionId: transactionId(tx),
        energyWh: (tx.meterStopWh ?? tx.meterStartWh) - tx.meterStartWh,
        stopReason: tx.stopReason,
        ...(tx.refusedStatus !== undefined && { refusedStatus: tx.refusedStatus }),
      };
      // Only a session that still holds its connector in a charging status goes on to Finishing;
      // a reset, fault or unlock has already moved the connector elsewhere.
      if (owns() && CHARGING_STATUSES.includes(slot.connector.status)) {
        // Some firmware reports Available as soon as the transaction stops (behaviour profile finishing).
        if (core.profile.finishing === 'straight-to-available') {
          core.settle(slot);
          return result;
        }
        core.setStatus(slot, 'Finishing');
        // The transaction is over: a stop during the dwell still returns its result.
        const dwelt = await core.timers.sleep((plan.unplugAfterS ?? STATION_DEFAULTS.unplugAfterS) * 1_000).then(
          () => true,
          () => false,
        );
        if (dwelt && owns() && slot.connector.status === 'Finishing' && !core.behaviour.stuckInFinishing) core.settle(slot);
      }
      return result;
    } catch (error) {
      if (error instanceof TimersCancelledError) return { ok: false, reason: 'station stopped' };
      throw error;
    } finally {
      if (owns()) slot.claim = undefined;
    }
  }

  /** The transaction on `slot` ends now: meter stops, StopTransaction / TransactionEvent Ended is queued. */
  end(tx: Transaction, reason: StationStopReason): boolean {
    const running = this.running?.get(tx);
    if (!running) return false;
    this.running?.delete(tx);
    running.sampler?.cancel();
    const slot = this.core.slot(tx.connectorId) as Slot;
    const now = this.core.clock.now();
    slot.meter.setPower(0, now);
    const sample = slot.meter.read(now);
    tx.meterStopWh = sample.energyWh;
    tx.stopReason = reason;
    slot.tx = undefined;
    const tracked: Promise<void> = this.core.dialect
      .stopTransaction(tx, reason, sample)
      .catch(() => {})
      .then(() => {
        this.stopsInFlight?.delete(tracked);
      });
    (this.stopsInFlight ??= new Set()).add(tracked);
    running.resolveEnded(reason);
    this.core.onTransactionEnded(slot);
    return true;
  }

  /**
   * Ends every running transaction with `reason` and resolves once every stop message sent so far
   * has been answered or has failed; durable messages go in order, so the offline queue ahead of
   * them has drained by then.
   */
  async endAll(reason: StationStopReason): Promise<void> {
    this.shuttingDown = true;
    for (const tx of this.transactions) this.end(tx, reason);
    while (this.stopsInFlight !== undefined && this.stopsInFlight.size > 0) await Promise.all(this.stopsInFlight);
  }

  /** The drivers of ended sessions unplug now (a shutdown); a stuck-Finishing fault keeps its connector. Returns how many. */
  unplugFinished(): number {
    let unplugged = 0;
    for (const slot of this.core.slots()) {
      if (slot.connector.status !== 'Finishing' || this.core.behaviour.stuckInFinishing) continue;
      slot.claim = undefined;
      this.core.settle(slot);
      unplugged++;
    }
    return unplugged;
  }

  /** Stop messages still waiting for the CSMS's answer. */
  get unansweredStops(): number {
    return this.stopsInFlight?.size ?? 0;
  }

  private begin(slot: Slot, token: IdToken, powerW: number, origin: SessionOrigin, reservationId: number | undefined): Running {
    const { core } = this;
    const now = core.clock.now();
    slot.meter.setPower(powerW, now);
    const sample = slot.meter.read(now);
    const tx: Transaction = {
      localId: seededUuid(() => core.random()),
      connectorId: slot.connector.id,
      idTag: token.idToken,
      idTokenType: token.type,
      startedAtMs: now,
      meterStartWh: sample.energyWh,
      seqNo: 0,
      remoteStarted: origin.remote,
      ...(origin.remoteStartId !== undefined && { remoteStartId: origin.remoteStartId }),
      ...(reservationId !== undefined && { reservationId }),
    };
    let resolveEnded!: (reason: StationStopReason) => void;
    const ended = new Promise<StationStopReason>((resolve) => (resolveEnded = resolve));
    const running: Running = { tx, ended, resolveEnded };
    (this.running ??= new Map()).set(tx, running);
    slot.tx = tx;
    core.smartCharging.onTransactionStarted(slot, powerW, origin.chargingProfile);
    core.dialect
      .startTransaction(tx, sample)
      .then(({ accepted, status }) => {
        // 1.6 StopTransactionOnInvalidId / 2.0.1 E05: a refused id tag ends the transaction at once.
        if (accepted) return;
        tx.refusedStatus = status;
        this.end(tx, 'DeAuthorized');
      })
      .catch(() => {});
    core.setStatus(slot, 'Charging');
    core.smartCharging.refresh();
    const aligned = core.profile.meterValues === 'clock-aligned';
    const intervalKey = aligned ? 'ClockAlignedDataInterval' : 'MeterValueSampleInterval';
    const intervalMs = core.config.integer(intervalKey, 0) * 1_000;
    if (intervalMs > 0) {
      // Sample k is due at origin + k·interval, so a late timer does not push the later ones back. Clock-aligned
      // samples count from the last interval boundary (e.g. :00, :15, :30, :45 for 900 s), not from the start.
      const origin = aligned ? Math.floor(tx.startedAtMs / intervalMs) * intervalMs : tx.startedAtMs;
      const schedule = (k: number) => {
        const dueMs = origin + k * intervalMs;
        running.sampler = core.timers.after(dueMs - core.clock.now(), () => {
          // A clock-aligned reading is the register at the boundary itself, whenever the timer fired.
          const sample = slot.meter.read(aligned ? dueMs : core.clock.now());
          core.dialect.meterValues(tx, sample, aligned).catch(() => {});
          schedule(k + 1);
        });
      };
      schedule(1);
    }
    return running;
  }
}

/** Why a token was refused, saying who refused it. */
function refusal(decision: AuthorizationDecision): string {
  if (decision.source === 'csms') return `Authorize ${decision.status}`;
  if (decision.source === 'offline') return 'offline: token not authorized locally';
  return `local ${decision.source === 'list' ? 'authorization list' : 'authorization cache'}: ${decision.status}`;
}

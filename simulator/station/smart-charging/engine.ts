/**
 * Smart charging on a running station: the installed profiles decide each connector's power. The session
 * says what the EV would draw; the meter gets min(that, connector limit), and the StationMax limit is
 * shared out among the connectors charging (smaller demands first, the rest split evenly). Power is set
 * at the exact moment a limit changes (a profile set or cleared, a transaction starting or ending, a
 * schedule period boundary), so the energy register integrates the limited power piecewise and exactly.
 * One timer per station, armed for the next boundary only while a transaction runs.
 */
import type { JsonObject } from '../../protocol/frames.js';
import type { ClockTimer } from '../../clock.js';
import { STATION_DEFAULTS } from '../defaults.js';
import type { Clock } from '../../clock.js';
import type { OcppProtocol } from '../../protocol/versions.js';
import type { OcppTransport } from '../../transport/types.js';
import type { ChargePointStatus } from '../../vocabulary/connector-status.js';
import type { ConfigStore } from '../config-store.js';
import type { MeterSample } from '../meter.js';
import type { Slot } from '../slot.js';
import type { TimerGroup } from '../timers.js';
import type { Transaction } from '../transaction.js';

/** What smart charging needs of its station (StationCore provides it); declared here so the core can hold the engine without a cycle. */
export interface SmartChargingHost {
  readonly clock: Clock;
  readonly timers: TimerGroup;
  readonly config: ConfigStore;
  readonly transport: Pick<OcppTransport, 'call'>;
  readonly dialect: { readonly protocol: OcppProtocol; chargingStateChanged(tx: Transaction, sample: MeterSample): Promise<void> };
  slot(connectorId: number): Slot | undefined;
  slots(): readonly Slot[];
  setStatus(slot: Slot, status: ChargePointStatus): void;
}
import type { ChargingProfile, ProfileLimits, RateUnit } from './profile.js';
import { connectorLimit, minDefined, stationLimit, type Electrical } from './schedule.js';
import { ProfileStore, type ProfileCriteria } from './store.js';

/** Configuration defaults (1.6 keys; 2.0.1 SmartChargingCtrlr variables map onto them). */
export const SMART_CHARGING_DEFAULTS = {
  ChargeProfileMaxStackLevel: 8,
  ChargingScheduleAllowedChargingRateUnit: 'Current,Power',
  ChargingScheduleMaxPeriods: 24,
  MaxChargingProfilesInstalled: 16,
} as const;

export class SmartCharging {
  readonly store = new ProfileStore();
  /** What the EV on each connector would draw, watts, while its transaction runs; made on the first transaction. */
  private demandW: Map<number, number> | undefined;
  private timer: ClockTimer | undefined;

  constructor(private readonly core: SmartChargingHost) {}

  /** Amperes to watts at the nominal 230 V per phase, over the phases the connector's meter has. */
  electrical(connectorId: number): Electrical {
    const slot = this.core.slot(connectorId) ?? this.core.slots()[0];
    return { voltageV: STATION_DEFAULTS.nominalVoltageV, phases: slot?.meter.phases ?? 3 };
  }

  /** Simulated now, epoch ms. */
  now(): number {
    return this.core.clock.now();
  }

  /** What the hardware can deliver at most: one connector's maximum, or (connector 0) all of them together. */
  hardwareMaxW(connectorId: number): number {
    const slots = connectorId === 0 ? this.core.slots() : [this.core.slot(connectorId)];
    return slots.reduce((sum, slot) => sum + (slot?.meter.maxPowerW ?? 0), 0);
  }

  limits(): ProfileLimits {
    const { config } = this.core;
    return {
      maxStackLevel: config.integer('ChargeProfileMaxStackLevel', SMART_CHARGING_DEFAULTS.ChargeProfileMaxStackLevel),
      allowedUnits: parseUnits(config.get('ChargingScheduleAllowedChargingRateUnit')?.value ?? SMART_CHARGING_DEFAULTS.ChargingScheduleAllowedChargingRateUnit),
      maxPeriods: config.integer('ChargingScheduleMaxPeriods', SMART_CHARGING_DEFAULTS.ChargingScheduleMaxPeriods),
      maxInstalled: config.integer('MaxChargingProfilesInstalled', SMART_CHARGING_DEFAULTS.MaxChargingProfilesInstalled),
    };
  }

  /**
   * Installs a profile the handler has checked; the meter follows at once. Status changes it causes wait
   * for `refresh`, which handlers call once their answer is out.
   */
  install(profile: ChargingProfile, replaceClash: boolean): void {
    this.store.install(profile, replaceClash);
    this.apply(this.core.clock.now(), false);
  }

  /** Clears the matching profiles (the meter follows at once, statuses on `refresh`); returns how many. */
  clear(criteria: ProfileCriteria): number {
    const removed = this.store.clear(criteria);
    if (removed > 0) this.apply(this.core.clock.now(), false);
    return removed;
  }

  /** Applies the limits in force now, statuses included. */
  refresh(): void {
    this.apply(this.core.clock.now());
  }

  /**
   * A transaction began on `slot` (slot.tx is set): the EV wants `powerW`. A Tx profile that came with the
   * remote start belongs to this transaction from now on. Sets the meter's power but leaves the status
   * alone (the session moves to Charging first; `apply` then suspends it if the limit is 0).
   */
  onTransactionStarted(slot: Slot, powerW: number, txProfile?: ChargingProfile): void {
    const { tx } = slot;
    if (!tx) return;
    (this.demandW ??= new Map()).set(slot.connector.id, powerW);
    if (txProfile) {
      const wire: JsonObject = this.core.dialect.protocol === 'ocpp2.0.1' ? { ...txProfile.wire, transactionId: tx.localId } : txProfile.wire;
      this.store.install({ ...txProfile, connectorId: slot.connector.id, transactionKey: tx.localId, wire }, true);
    }
    this.apply(tx.startedAtMs, false);
  }

  /** The transaction on `slot` ended (the meter is already at 0): its Tx profiles go, the others are shared anew. */
  onTransactionEnded(slot: Slot): void {
    this.demandW?.delete(slot.connector.id);
    this.store.removeTxProfiles(slot.connector.id);
    this.apply(this.core.clock.now());
  }

  /** 2.0.1 ReportChargingProfiles: one message per EVSE, all but the last with tbc. Not durable: it answers a request. */
  report(requestId: number, groups: readonly { evseId: number; profiles: readonly ChargingProfile[] }[]): void {
    groups.forEach(({ evseId, profiles }, i) => {
      const payload: JsonObject = { requestId, chargingLimitSource: 'CSO', evseId, chargingProfile: profiles.map((p) => p.wire), tbc: i < groups.length - 1 };
      this.core.transport.call('ReportChargingProfiles', payload).catch(() => {});
    });
  }

  /** Sets every charging connector's power for the limits in force at `atMs`, and arms the timer for the next change. */
  apply(atMs: number, moveStatus = true): void {
    this.timer?.cancel();
    this.timer = undefined;
    const demandW = this.demandW;
    if (demandW === undefined) return;
    const charging = this.core.slots().filter((slot) => slot.tx && demandW.has(slot.connector.id));
    if (charging.length === 0) return;
    const profiles = this.store.all();
    const station = stationLimit(profiles, atMs, atMs, this.electrical(0));
    let nextMs = station.nextChangeMs;
    const wants = charging.map((slot) => {
      const tx = slot.tx as NonNullable<Slot['tx']>;
      const limit = connectorLimit(profiles, slot.connector.id, { key: tx.localId, startedAtMs: tx.startedAtMs }, atMs, atMs, this.electrical(slot.connector.id));
      nextMs = minDefined(nextMs, limit.nextChangeMs);
      return Math.min(demandW.get(slot.connector.id) ?? 0, slot.meter.maxPowerW, limit.limitW ?? Infinity);
    });
    const granted = station.limitW === undefined ? wants : share(station.limitW, wants);
    charging.forEach((slot, i) => {
      const powerW = Math.max(0, granted[i] ?? 0);
      slot.meter.setPower(powerW, atMs);
      if (moveStatus) this.moveStatus(slot, powerW === 0);
    });
    if (nextMs !== undefined) {
      const boundaryMs = nextMs;
      this.timer = this.core.timers.after(Math.max(0, boundaryMs - this.core.clock.now()), () => this.apply(boundaryMs));
    }
  }

  /** A limit of 0 suspends charging (1.6 SuspendedEVSE; 2.0.1 chargingState SuspendedEVSE); a positive one resumes it. */
  private moveStatus(slot: Slot, suspended: boolean): void {
    const tx = slot.tx;
    if (!tx) return;
    const { status } = slot.connector;
    if (suspended ? status !== 'Charging' : status !== 'SuspendedEVSE') return;
    tx.evseSuspended = suspended;
    this.core.setStatus(slot, suspended ? 'SuspendedEVSE' : 'Charging');
    const now = this.core.clock.now();
    this.core.dialect.chargingStateChanged(tx, slot.meter.read(now)).catch(() => {});
  }
}

/** Splits `totalW` among demands: each gets at most its demand, the smaller ones first, the rest evenly. */
export function share(totalW: number, wants: readonly number[]): number[] {
  const order = wants.map((_, i) => i).sort((a, b) => (wants[a] ?? 0) - (wants[b] ?? 0));
  const granted = new Array<number>(wants.length).fill(0);
  let leftW = Math.max(0, totalW);
  let remaining = wants.length;
  for (const i of order) {
    const give = Math.min(wants[i] ?? 0, leftW / remaining);
    granted[i] = give;
    leftW -= give;
    remaining--;
  }
  return granted;
}

/** 1.6 lists Current/Power; 2.0.1 lists A/W. */
export function parseUnits(value: string): RateUnit[] {
  const units = new Set<RateUnit>();
  for (const token of value.split(',').map((t) => t.trim())) {
    if (token === 'Current' || token === 'A') units.add('A');
    if (token === 'Power' || token === 'W') units.add('W');
  }
  return [...units];
}

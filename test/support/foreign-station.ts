/**
 * A "foreign vendor" charge point for tests: OCPP 1.6J and 2.0.1 frames written by hand on bare `ws`,
 * deliberately not our simulator's station or transport, so the CSMS and its detector meet traffic our
 * own code did not shape. Behaviour comes from a profile: sessions of 30 s to 10 h at 1 to 350 kW,
 * timestamps skewed by up to ±5 min, vendors that report Preparing/Finishing (2.0.1: Occupied at plug-in)
 * or go straight Available→Charging→Available, meter values sampled or clock-aligned, heartbeats at the
 * interval the CSMS gave, and flaky links after which queued StatusNotifications arrive out of order.
 */
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Clock, ClockTimer } from '../../simulator/clock.js';

export type ForeignProtocol = 'ocpp1.6' | 'ocpp2.0.1';

export interface ForeignProfile {
  protocol: ForeignProtocol;
  connectors: number;
  /** Charging time bounds, simulated seconds. */
  sessionS: [min: number, max: number];
  powerKw: number;
  /** What the vendor's clock is off by: added to every timestamp it sends. */
  skewMs: number;
  /** full: Preparing/Finishing (2.0.1: Occupied before and after the transaction); direct: Available→Charging→Available. */
  statusStyle: 'full' | 'direct';
  meterStyle: 'sampled' | 'clock-aligned';
  meterIntervalS: number;
  /** 2.0.1: whether TransactionEvent Ended carries the energy register (TxEndedMeasurands may be empty). */
  endedReading: boolean;
  /** Drops its link as some sessions end; the queued statuses then arrive newest first. */
  flaky: boolean;
  sessionsPerDay: number;
}

/** A healthy session always delivers more than this: a shorter contact is what the must-raise case sends as a failure. */
const MIN_SESSION_WH = 25;
const ENERGY = 'Energy.Active.Import.Register';
const NORMAL_STOPS_16 = ['EVDisconnected', 'Local', 'EVDisconnected', 'EVDisconnected'];
const NORMAL_STOPS_201 = ['EVDisconnected', 'Local', 'StoppedByEV', 'SOCLimitReached', 'EVDisconnected'];
const CALL_TIMEOUT_REAL_MS = 30_000;

/** A mixed fleet: profile `index` drawn from `random` (1.6 and 2.0.1 alternate). */
export function foreignProfile(random: () => number, index: number): ForeignProfile {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return {
    protocol: index % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1',
    connectors: random() < 0.5 ? 1 : 2,
    sessionS: [30, 36_000],
    powerKw: pick([1, 3.7, 7.4, 11, 22, 50, 150, 350]),
    skewMs: Math.round((random() * 2 - 1) * 300_000),
    statusStyle: random() < 0.5 ? 'full' : 'direct',
    meterStyle: random() < 0.5 ? 'sampled' : 'clock-aligned',
    meterIntervalS: pick([900, 1_800]),
    endedReading: random() < 0.6,
    flaky: random() < 0.2,
    sessionsPerDay: 1 + Math.floor(random() * 3),
  };
}

export interface ForeignStats {
  sessionsCompleted: number;
  /** Frames sent and received. */
  messages: number;
  /** What went wrong on the wire (refusals, timeouts): a healthy run has none. */
  errors: string[];
}

interface Pending {
  resolve: (payload: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ForeignStation {
  readonly stats: ForeignStats = { sessionsCompleted: 0, messages: 0, errors: [] };
  private ws: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  /** One CALL in flight at a time, as OCPP-J requires. */
  private chain: Promise<unknown> = Promise.resolve();
  private heartbeat: ClockTimer | undefined;
  private heartbeatS = 0;
  /** One energy meter per connector (EVSE), as real stations have. */
  private readonly registers = new Map<number, number>();
  private stopped = false;
  private online = false;
  private sessionNumber = 0;
  /** Pending sleeps, woken by stop() so no loop outlives the test. */
  private readonly sleeps = new Set<{ timer: ClockTimer; wake: () => void }>();

  constructor(
    readonly id: string,
    private readonly url: string,
    private readonly clock: Clock,
    readonly profile: ForeignProfile,
    private readonly random: () => number,
    /** The first this-many sessions deliver nothing (0 W): the charger is broken. */
    private failingSessions = 0,
  ) {
    for (let c = 1; c <= profile.connectors; c++) this.registers.set(c, Math.floor(random() * 5_000_000));
  }

  async start(): Promise<void> {
    await this.connect();
    await this.boot();
    const connectorIds = Array.from({ length: this.profile.connectors }, (_, i) => i + 1);
    for (const c of connectorIds) await this.status(c, 'Available', this.clock.now());
    for (const c of connectorIds) void this.sessionLoop(c);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.heartbeat?.cancel();
    for (const sleep of this.sleeps) {
      sleep.timer.cancel();
      sleep.wake();
    }
    this.sleeps.clear();
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
  }

  // --- wire -------------------------------------------------------------------------------------

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url}/${this.id}`, this.profile.protocol);
      ws.once('open', () => {
        this.online = true;
        resolve();
      });
      ws.once('error', reject);
      ws.on('message', (data) => this.onMessage(data.toString()));
      ws.on('close', () => {
        this.online = false;
        for (const [, call] of this.pending) call.reject(new Error('connection closed'));
        this.pending.clear();
      });
      this.ws = ws;
    });
  }

  private onMessage(text: string): void {
    this.stats.messages++;
    const frame = JSON.parse(text) as unknown[];
    const [type, messageId] = frame as [number, string];
    if (type === 2) {
      // Commands are not this vendor's subject here: answer honestly that it does not do them.
      this.ws?.send(JSON.stringify([4, messageId, 'NotImplemented', 'not supported by this test station', {}]));
      this.stats.messages++;
      return;
    }
    const call = this.pending.get(messageId);
    if (!call) return;
    this.pending.delete(messageId);
    clearTimeout(call.timer);
    if (type === 3) call.resolve(frame[2] as Record<string, unknown>);
    else call.reject(new Error(`${this.id}: CALLERROR ${String(frame[2])}: ${String(frame[3])}`));
  }

  private call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const run = () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        if (!this.online || !this.ws) {
          reject(new Error(`${this.id}: offline`));
          return;
        }
        const messageId = randomUUID();
        const timer = setTimeout(() => {
          this.pending.delete(messageId);
          reject(new Error(`${this.id}: ${action} timed out`));
        }, CALL_TIMEOUT_REAL_MS);
        this.pending.set(messageId, { resolve, reject, timer });
        this.ws.send(JSON.stringify([2, messageId, action, payload]));
        this.stats.messages++;
      });
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: this.clock.setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, simMs),
        wake: resolve,
      };
      this.sleeps.add(entry);
    });
  }

  /** The vendor's idea of `simMs`: its clock is skewed. */
  private stamp(simMs: number): string {
    return new Date(simMs + this.profile.skewMs).toISOString();
  }

  private get v16(): boolean {
    return this.profile.protocol === 'ocpp1.6';
  }

  // --- boot, heartbeat, status ------------------------------------------------------------------

  private async boot(): Promise<void> {
    const payload = this.v16
      ? { chargePointVendor: 'ForeignVendor', chargePointModel: 'FV-X', firmwareVersion: '7.1.3' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'ForeignVendor', model: 'FV-X', firmwareVersion: '7.1.3' } };
    for (;;) {
      const answer = await this.call('BootNotification', payload);
      this.heartbeatS = Number(answer['interval']);
      if (answer['status'] === 'Accepted') break;
      await this.sleep(Math.max(this.heartbeatS, 10) * 1_000);
    }
    this.startHeartbeat();
  }

  private startHeartbeat(): void {
    this.heartbeat?.cancel();
    this.heartbeat = this.clock.setInterval(() => void this.call('Heartbeat', {}).catch(() => {}), this.heartbeatS * 1_000);
  }

  private status(connectorId: number, status: string, atSimMs: number): Promise<unknown> {
    if (this.v16) {
      const wire = status === 'Occupied' ? 'Preparing' : status;
      return this.call('StatusNotification', { connectorId, errorCode: 'NoError', status: wire, timestamp: this.stamp(atSimMs) });
    }
    const wire = status === 'Preparing' || status === 'Finishing' || status === 'Charging' ? 'Occupied' : status;
    return this.call('StatusNotification', { timestamp: this.stamp(atSimMs), connectorStatus: wire, evseId: connectorId, connectorId: 1 });
  }

  // --- sessions ---------------------------------------------------------------------------------

  private async sessionLoop(connectorId: number): Promise<void> {
    // sessionsPerDay is the station's: each connector gets its share.
    const meanGapMs = (24 * 3_600_000 * this.profile.connectors) / this.profile.sessionsPerDay;
    while (!this.stopped) {
      const failing = this.failingSessions > 0;
      await this.sleep(failing ? 600_000 : -Math.log(1 - this.random()) * meanGapMs);
      if (this.stopped) return;
      if (failing) this.failingSessions--;
      try {
        await this.session(connectorId, failing);
        if (!this.stopped) this.stats.sessionsCompleted++;
      } catch (error) {
        if (!this.stopped) this.stats.errors.push((error as Error).message);
        return;
      }
    }
  }

  /** Charging seconds: log-uniform in the profile's range, and never so short that a healthy EV takes under MIN_SESSION_WH. */
  private chargingS(failing: boolean): number {
    // A broken charger's sessions: plugged in two minutes, nothing flows, the driver gives up.
    if (failing) return 120;
    const [min, max] = this.profile.sessionS;
    const drawn = min * (max / min) ** this.random();
    return Math.max(drawn, (MIN_SESSION_WH / (this.profile.powerKw * 1_000)) * 3_600);
  }

  private async session(connectorId: number, failing: boolean): Promise<void> {
    const { clock, profile } = this;
    // A 7-byte RFID card UID as real chargers read it (14 hex digits, valid as a 1.6 idTag and a 2.0.1 ISO14443 token),
    // one card per station, connector and session slot, so no two stations ever present the same card.
    const idTag = `04${createHash('sha1').update(`${this.id}|${connectorId}|${++this.sessionNumber % 10}`).digest('hex').slice(0, 12).toUpperCase()}`;
    const full = profile.statusStyle === 'full';
    if (full) await this.status(connectorId, 'Preparing', clock.now());
    const auth = await this.call('Authorize', this.v16 ? { idTag } : { idToken: { idToken: idTag, type: 'ISO14443' } });
    const info = (auth['idTagInfo'] ?? auth['idTokenInfo']) as { status: string };
    if (info.status !== 'Accepted') throw new Error(`${this.id}: Authorize ${info.status}`);

    const startWh = this.registerOf(connectorId);
    const startedAt = clock.now();
    const txId = this.v16 ? await this.start16(connectorId, idTag, startWh, startedAt) : await this.start201(connectorId, idTag, startWh, startedAt);
    // 2.0.1 has no Charging connector status: Occupied, sent at plug-in by a full-style vendor.
    if (this.v16 || !full) await this.status(connectorId, 'Charging', clock.now());

    // Battery: the EV stops drawing once full, however long it stays plugged in.
    const batteryWh = 20_000 + this.random() * 80_000;
    const powerW = failing ? 0 : profile.powerKw * 1_000;
    const endAt = startedAt + this.chargingS(failing) * 1_000;
    const intervalMs = profile.meterIntervalS * 1_000;
    let nextSample = profile.meterStyle === 'sampled' ? startedAt + intervalMs : Math.ceil((startedAt + 1) / intervalMs) * intervalMs;
    let last = startedAt;
    let seqNo = 1;
    for (;;) {
      const at = Math.min(nextSample, endAt);
      await this.sleep(Math.max(0, at - clock.now()));
      if (this.stopped) return;
      const now = clock.now();
      this.registers.set(connectorId, Math.min(startWh + batteryWh, this.registerOf(connectorId) + (powerW * (now - last)) / 3_600_000));
      last = now;
      if (now >= endAt) break;
      nextSample += intervalMs;
      await this.meter(connectorId, txId, now, seqNo++);
    }
    const stopAt = clock.now();
    // Only single-connector stations drop: a second connector's session would meet the dead link.
    const flaky = profile.flaky && profile.connectors === 1 && this.random() < 0.5;
    if (flaky) {
      // The link drops as the session ends; the station queues what happens meanwhile.
      this.heartbeat?.cancel();
      this.ws?.terminate();
      const dwellMs = 10_000 + this.random() * 110_000;
      await this.sleep(dwellMs + this.random() * this.heartbeatS * 1_000);
      await this.connect();
      this.startHeartbeat();
      await this.stopTx(connectorId, txId, stopAt, seqNo);
      // Newest first: the current Available, then the queued Finishing it had not sent yet.
      await this.status(connectorId, 'Available', stopAt + dwellMs);
      if (full) await this.status(connectorId, 'Finishing', stopAt);
      return;
    }
    await this.stopTx(connectorId, txId, stopAt, seqNo);
    if (full) {
      await this.status(connectorId, 'Finishing', clock.now());
      // Drivers unplug within two minutes of the stop.
      await this.sleep(10_000 + this.random() * 110_000);
    }
    await this.status(connectorId, 'Available', clock.now());
  }

  private registerOf(connectorId: number): number {
    return this.registers.get(connectorId) ?? 0;
  }

  private async start16(connectorId: number, idTag: string, meterStart: number, at: number): Promise<string> {
    const answer = await this.call('StartTransaction', { connectorId, idTag, meterStart: Math.round(meterStart), timestamp: this.stamp(at) });
    return String(answer['transactionId']);
  }

  private async start201(connectorId: number, idTag: string, startWh: number, at: number): Promise<string> {
    const transactionId = randomUUID();
    await this.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: this.stamp(at),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId, chargingState: 'Charging' },
      idToken: { idToken: idTag, type: 'ISO14443' },
      evse: { id: connectorId, connectorId: 1 },
      meterValue: [this.reading201(at, startWh, 'Transaction.Begin')],
    });
    return transactionId;
  }

  private reading201(at: number, wh: number, context: string): Record<string, unknown> {
    return { timestamp: this.stamp(at), sampledValue: [{ value: Math.round(wh), context, measurand: ENERGY, unitOfMeasure: { unit: 'Wh' } }] };
  }

  private meter(connectorId: number, txId: string, at: number, seqNo: number): Promise<unknown> {
    const clockAligned = this.profile.meterStyle === 'clock-aligned';
    if (this.v16) {
      const sampledValue = [{ value: String(Math.round(this.registerOf(connectorId))), context: clockAligned ? 'Sample.Clock' : 'Sample.Periodic', measurand: ENERGY, unit: 'Wh' }];
      return this.call('MeterValues', { connectorId, transactionId: Number(txId), meterValue: [{ timestamp: this.stamp(at), sampledValue }] });
    }
    return this.call('TransactionEvent', {
      eventType: 'Updated',
      timestamp: this.stamp(at),
      triggerReason: clockAligned ? 'MeterValueClock' : 'MeterValuePeriodic',
      seqNo,
      transactionInfo: { transactionId: txId, chargingState: 'Charging' },
      meterValue: [this.reading201(at, this.registerOf(connectorId), clockAligned ? 'Sample.Clock' : 'Sample.Periodic')],
    });
  }

  private stopTx(connectorId: number, txId: string, at: number, seqNo: number): Promise<unknown> {
    const pick = (reasons: readonly string[]) => reasons[Math.floor(this.random() * reasons.length)] as string;
    if (this.v16) {
      return this.call('StopTransaction', { transactionId: Number(txId), meterStop: Math.round(this.registerOf(connectorId)), timestamp: this.stamp(at), reason: pick(NORMAL_STOPS_16) });
    }
    return this.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp: this.stamp(at),
      triggerReason: 'EVDeparted',
      seqNo,
      transactionInfo: { transactionId: txId, chargingState: 'EVConnected', stoppedReason: pick(NORMAL_STOPS_201) },
      evse: { id: connectorId, connectorId: 1 },
      ...(this.profile.endedReading && { meterValue: [this.reading201(at, this.registerOf(connectorId), 'Transaction.End')] }),
    });
  }
}

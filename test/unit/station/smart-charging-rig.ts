/**
 * The real bundled CSMS and one real VirtualStation over a socket, on a fast ScaledClock, for the smart
 * charging tests. Commands go through `csms.sendCommand` (what `POST /api/stations/:id/commands/:action`
 * calls); the meter is observed in the frames the CSMS received.
 */
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import { Csms } from '../../../harness/csms/server.js';
import { ScaledClock } from '../../../simulator/clock.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { VirtualStation } from '../../../simulator/station/station.js';

/** 600 simulated s per real s: a simulated hour takes 6 real s. */
export const SC_TIME_SCALE = 600;
/** MeterValueSampleInterval: 12 samples per simulated hour. */
export const SAMPLE_S = 300;
const SLACK_REAL_MS = 3_000;

export interface Reading {
  timestampMs: number;
  energyWh: number;
  powerW: number;
  /** 2.0.1 chargingState, 1.6 none. */
  chargingState?: string;
  seq: number;
}

type Frame = CsmsEventOf<'frame'>;

export class SmartChargingRig {
  readonly frames: Frame[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly csms: Csms,
    readonly clock: ScaledClock,
    readonly station: VirtualStation,
  ) {
    csms.on('frame', (frame) => {
      this.frames.push(frame);
      for (const wake of [...this.waiters]) wake();
    });
  }

  static async start(protocol: OcppProtocol, id = 'S1-CP1'): Promise<SmartChargingRig> {
    const clock = new ScaledClock({ timeScale: SC_TIME_SCALE, startEpochMs: Date.UTC(2025, 5, 2, 8, 0, 0) });
    const csms = await Csms.start({ clock, heartbeatIntervalS: 3_600 });
    const station = new VirtualStation({ id, siteId: 'S1', protocol, csmsUrl: csms.ocppUrl, clock, connectors: 2, meterValueIntervalS: SAMPLE_S, seed: 7 });
    const rig = new SmartChargingRig(csms, clock, station);
    const booted = new Promise<void>((resolve) => station.once('booted', () => resolve()));
    await station.start();
    await booted;
    return rig;
  }

  /** Resolves with the first frame (past or future) matching `predicate`, within `simMs` simulated ms. */
  waitFrame(predicate: (frame: Frame) => boolean, simMs: number, what: string): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(predicate);
        if (!found) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no ${what} within ${simMs} simulated ms`));
      }, this.clock.toRealMs(simMs) + SLACK_REAL_MS);
      this.waiters.add(wake);
      check();
    });
  }

  /** Meter readings the CSMS received in periodic samples (1.6 MeterValues, 2.0.1 TransactionEvent Updated), in order. */
  readings(): Reading[] {
    return this.frames.flatMap((frame, seq) => {
      if (frame.direction !== 'in' || frame.messageType !== 2) return [];
      const payload = frame.payload as Record<string, unknown>;
      const isSample =
        (frame.action === 'MeterValues' && 'transactionId' in payload) ||
        (frame.action === 'TransactionEvent' && payload.eventType === 'Updated' && payload.triggerReason === 'MeterValuePeriodic');
      if (!isSample) return [];
      const meterValue = (payload.meterValue as { timestamp: string; sampledValue: { measurand: string; value: string | number }[] }[])[0];
      if (!meterValue) return [];
      const value = (measurand: string) => Number(meterValue.sampledValue.find((v) => v.measurand === measurand)?.value);
      const info = payload.transactionInfo as { chargingState?: string } | undefined;
      return [
        {
          timestampMs: Date.parse(meterValue.timestamp),
          energyWh: value('Energy.Active.Import.Register'),
          powerW: value('Power.Active.Import'),
          ...(info?.chargingState !== undefined && { chargingState: info.chargingState }),
          seq,
        },
      ];
    });
  }

  /** Waits until `count` samples have arrived after frame index `afterSeq`, and returns them. */
  async samplesAfter(afterSeq: number, count: number): Promise<Reading[]> {
    await this.waitFrame(() => this.readings().filter((r) => r.seq > afterSeq).length >= count, (count + 1) * SAMPLE_S * 1_000, `${count} samples`);
    return this.readings().filter((r) => r.seq > afterSeq).slice(0, count);
  }

  async close(): Promise<void> {
    await this.station.stop();
    await this.csms.close();
  }
}

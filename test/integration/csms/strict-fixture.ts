/**
 * Two bundled CSMSs side by side for the strict-rule tests: one lenient (violations recorded, CALLs answered
 * as usual) and one strict (violating CALLs answered with CALLERROR). Stations are bare `ws` peers, so the
 * frames are exactly what the test writes.
 */
import { Csms } from '../../../harness/csms/server.js';
import type { ViolationRow } from '../../../harness/csms/store-schema.js';
import { RawStation, boot16, boot201 } from './raw-station.js';
import type { Frame } from './raw-station.js';

export type Mode = 'lenient' | 'strict';
export type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

export class StrictRig {
  private readonly stations: RawStation[] = [];
  private next = 0;
  /** Held BootNotification answers, released by `releaseBoot`. */
  private readonly heldBoots: (() => void)[] = [];

  private constructor(readonly csms: Record<Mode, Csms>) {}

  static async start(): Promise<StrictRig> {
    const options = (strict: boolean) =>
      ({
        strict,
        desk: false,
        // Station ids choose the boot answer: PEND* Pending, REJ* Rejected, HOLD* Accepted once released.
        bootStatus: (id: string) =>
          id.startsWith('PEND') ? 'Pending' : id.startsWith('REJ') ? 'Rejected' : id.startsWith('HOLD') ? rig.held() : 'Accepted',
      }) as const;
    const [lenient, strict] = await Promise.all([Csms.start(options(false)), Csms.start(options(true))]);
    const rig: StrictRig = new StrictRig({ lenient, strict });
    return rig;
  }

  private held(): Promise<'Accepted'> {
    return new Promise((resolve) => this.heldBoots.push(() => resolve('Accepted')));
  }

  releaseBoots(): void {
    for (const release of this.heldBoots.splice(0)) release();
  }

  /** A connected station with a fresh id (prefix chooses the boot answer); not booted yet. */
  async connect(mode: Mode, protocol: Protocol, prefix = 'S'): Promise<RawStation> {
    const station = await RawStation.connect(this.csms[mode].ocppUrl, `${prefix}${++this.next}-CP1`, protocol);
    station.onCall('TriggerMessage', () => ({ status: 'Accepted' }));
    this.stations.push(station);
    return station;
  }

  /** A connected station whose BootNotification was answered (Accepted unless the prefix says otherwise). */
  async booted(mode: Mode, protocol: Protocol, prefix = 'S'): Promise<RawStation> {
    const station = await this.connect(mode, protocol, prefix);
    await station.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201);
    return station;
  }

  violations(mode: Mode, stationId: string): ViolationRow[] {
    return this.csms[mode].store.violations({ stationId });
  }

  async close(): Promise<void> {
    this.releaseBoots();
    await Promise.all(this.stations.map((s) => s.close()));
    await Promise.all([this.csms.lenient.close(), this.csms.strict.close()]);
  }
}

export const iso = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();

/** A CALLERROR's code, or 'CALLRESULT'. */
export function answerKind(frame: Frame): string {
  return frame[0] === 3 ? 'CALLRESULT' : String(frame[2]);
}

export const status16 = (connectorId: number, status: string) => ({ connectorId, errorCode: 'NoError', status, timestamp: iso() });
export const status201 = (connectorId: number, connectorStatus: string) => ({ timestamp: iso(), connectorStatus, evseId: 1, connectorId });

export const register16 = (wh: number) => [{ timestamp: iso(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }];
export const register201 = (wh: number) => [{ timestamp: iso(), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register' }] }];

export function txEvent(eventType: 'Started' | 'Updated' | 'Ended', transactionId: string, seqNo: number, registerWh?: number) {
  return {
    eventType,
    timestamp: iso(),
    triggerReason: eventType === 'Started' ? 'CablePluggedIn' : eventType === 'Ended' ? 'EVCommunicationLost' : 'MeterValuePeriodic',
    seqNo,
    transactionInfo: { transactionId, ...(eventType === 'Ended' && { stoppedReason: 'EVDisconnected' }) },
    evse: { id: 1, connectorId: 1 },
    ...(registerWh !== undefined && { meterValue: register201(registerWh) }),
  };
}

/** Starts a 1.6 transaction and returns its id. */
export async function start16(station: RawStation, meterStart: number): Promise<number> {
  const answer = await station.call('StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart, timestamp: iso() });
  return (answer[2] as { transactionId: number }).transactionId;
}

/** The CSMS under test as a scenario sees it, whichever of the three kinds it is. */
import type { Desk } from '../../desk/desk.js';
import type { ObservationLog } from '../observations.js';

export type CsmsKind = 'bundled-in-process' | 'bundled-remote' | 'third-party';

/** The desk's uptime report with its metrics, as `GET /api/uptime` answers. */
export type DeskReadings = ReturnType<Desk['uptime']>;

export interface CsmsTarget {
  readonly kind: CsmsKind;
  /** OCPP base URL: station X connects to `${ocppUrl}/X`. */
  readonly ocppUrl: string;
  /** Prefix of this scenario's station ids on the CSMS (`r1a2b3c-`), for a CSMS other scenarios share; absent: the ids as they are. */
  readonly stationPrefix?: string;
  /** Feeds every event of the CSMS (and its desk) into `log` from now on. */
  observe(log: ObservationLog): Promise<void>;
  /** Sends an operator command through the CSMS; absent when the CSMS offers no way to. */
  sendCommand?(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Stops the CSMS and starts it again on the same state; stations reconnect by themselves. */
  restart?(): Promise<void>;
  /** Uptime and desk metrics over scenario ms `[fromMs, toMs]`; absent when the CSMS has no desk we can read. */
  deskReadings?(fromMs: number, toMs: number): Promise<DeskReadings | undefined>;
  close(): Promise<void>;
}

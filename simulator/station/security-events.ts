/**
 * A station that could not verify the CSMS's certificate tells the CSMS once it is back
 * (SecurityEventNotification InvalidCsmsCertificate: OCPP 2.0.1 Part 2 §A00 and its security event list; in 1.6
 * the security whitepaper's extension, which profiles 2-3 come with): it remembers the latest such failure
 * while it retries, and sends it after its next accepted boot, or at once on a plain reconnect.
 */
import type { Clock } from '../clock.js';
import { isCsmsCertificateError } from '../transport/connect-failure.js';
import type { ConnectFailure, OcppTransport } from '../transport/types.js';
import type { RegistrationStatus } from './control.js';
import type { StationConfig } from './types.js';

interface Host {
  readonly clock: Clock;
  readonly transport: OcppTransport;
  readonly registration: RegistrationStatus | undefined;
  on(event: 'booted', listener: (status: RegistrationStatus) => void): unknown;
  on(event: 'connected', listener: () => void): unknown;
}

/** SecurityEventNotification's techInfo is at most 255 characters. */
const TECH_INFO_MAX = 255;

export function reportCsmsCertificateFailures(station: Host): void {
  let pending: { timestamp: string; techInfo: string } | undefined;
  const send = (): void => {
    if (pending === undefined) return;
    const { timestamp, techInfo } = pending;
    pending = undefined;
    station.transport.call('SecurityEventNotification', { type: 'InvalidCsmsCertificate', timestamp, techInfo }).catch(() => {});
  };
  station.transport.on('connectFailed', (failure: ConnectFailure) => {
    if (!isCsmsCertificateError(failure.error)) return;
    pending = { timestamp: new Date(station.clock.now()).toISOString(), techInfo: failure.reason.slice(0, TECH_INFO_MAX) };
  });
  station.on('booted', (status) => {
    if (status === 'Accepted') send();
  });
  // A plain reconnect does not boot again: the station is still registered and may send at once.
  station.on('connected', () => {
    if (station.registration === 'Accepted') send();
  });
}

/** 3 with a client certificate, 2 with Basic auth over TLS, 1 with Basic auth over ws, else 0 (docs/security.md). */
export function securityProfileOf(config: StationConfig): number {
  if (config.transport?.tls?.cert !== undefined) return 3;
  if (config.transport?.password === undefined) return 0;
  return config.csmsUrl.startsWith('wss:') ? 2 : 1;
}

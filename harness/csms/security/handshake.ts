/**
 * Decides whether a station's WebSocket upgrade meets its security profile (OCPP 2.0.1 Part 2 §A00):
 * 1-2 need Basic auth whose username is the station identity (A00.FR.204) and whose password is the one
 * derived for it; 3 needs a TLS client certificate that chains to the CA and whose subject CN is the
 * station identity. The spec names the station's serial number for the CN (A00.FR.405); chargedrill's
 * station identity stands in for it, because the CSMS must decide at the handshake, before any
 * BootNotification has told it a serial number.
 */
import type { TLSSocket } from 'node:tls';
import { passwordMatches, stationPassword, usesBasicAuth } from '../../../simulator/security/credentials.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { ResolvedSecurity } from './options.js';

export interface HandshakeRefusal {
  status: 401 | 403;
  /** The OCPP security event type the refusal is recorded as. */
  kind: 'FailedToAuthenticateAtCsms' | 'InvalidChargingStationCertificate';
  reason: string;
}

export interface HandshakeFacts {
  identity: string;
  protocol: OcppProtocol;
  /** What ocpp-rpc read from the Authorization header when its username was the identity. */
  password: Buffer | undefined;
  authorizationHeader: string | undefined;
  socket: unknown;
}

export function checkHandshake(security: ResolvedSecurity, facts: HandshakeFacts): HandshakeRefusal | undefined {
  const profile = security.profileOf(facts.identity);
  if (usesBasicAuth(profile)) return checkBasicAuth(security.authSecret as string, facts, profile);
  if (profile === 3) return checkClientCertificate(facts);
  return undefined;
}

function checkBasicAuth(secret: string, facts: HandshakeFacts, profile: number): HandshakeRefusal | undefined {
  const refuse = (reason: string): HandshakeRefusal => ({ status: 401, kind: 'FailedToAuthenticateAtCsms', reason: `profile ${profile}: ${reason}` });
  if (facts.password === undefined) {
    return refuse(facts.authorizationHeader === undefined ? 'no Basic auth credentials' : 'Basic auth username is not the station identity or the header is malformed');
  }
  if (!passwordMatches(facts.password, stationPassword(secret, facts.identity, facts.protocol))) return refuse('wrong password');
  return undefined;
}

function checkClientCertificate(facts: HandshakeFacts): HandshakeRefusal | undefined {
  const refuse = (reason: string): HandshakeRefusal => ({ status: 403, kind: 'InvalidChargingStationCertificate', reason: `profile 3: ${reason}` });
  const socket = facts.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || typeof socket.getPeerCertificate !== 'function') return refuse('not a TLS connection');
  const cert = socket.getPeerCertificate();
  if (cert === null || Object.keys(cert).length === 0) return refuse('no client certificate');
  if (socket.authorized !== true) return refuse(`client certificate not trusted (${String(socket.authorizationError ?? 'unknown error')})`);
  const cn = cert.subject?.CN as string | string[] | undefined;
  const names = Array.isArray(cn) ? cn : cn === undefined ? [] : [cn];
  if (names.length !== 1 || names[0] !== facts.identity) {
    return refuse(`certificate CN ${JSON.stringify(names.join(', '))} is not the station identity ${JSON.stringify(facts.identity)}`);
  }
  return undefined;
}

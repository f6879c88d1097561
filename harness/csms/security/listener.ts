/**
 * The CSMS's one listener: plain HTTP for profiles 0-1, TLS 1.2 or newer (A00.FR.313) for 2-3. With a
 * profile-3 station anywhere it asks for a client certificate but lets the handshake finish without a
 * trusted one, so the upgrade can refuse with 403 and record which station claimed what (handshake.ts);
 * a TLS handshake that fails outright (a plain ws client, a station that does not trust our
 * certificate) is recorded as a security event without a station id.
 */
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { EventBus } from '../events-bus.js';
import type { ResolvedSecurity } from './options.js';

export function createListener(security: ResolvedSecurity, bus: EventBus, handler: RequestListener): Server {
  const tls = security.tls;
  if (tls === undefined) return createServer(handler);
  const server = createTlsServer(
    {
      cert: tls.cert,
      key: tls.key,
      ...(tls.ca !== undefined && { ca: tls.ca }),
      minVersion: 'TLSv1.2',
      requestCert: tls.requestCert,
      rejectUnauthorized: false,
    },
    handler,
  );
  server.on('tlsClientError', (error: Error & { code?: string; reason?: string }, socket) => {
    // OpenSSL errors carry a short `reason` ('http request', 'unsupported protocol'); the message adds source lines.
    const what = error.reason ?? error.message;
    // Node's TLS client that does not trust our certificate hangs up without an alert, like a peer that just went away.
    const aborted = error.code === 'ECONNRESET' || /socket hang up/i.test(error.message);
    bus.emit({
      type: 'security-event',
      stationId: '',
      source: 'csms',
      // OpenSSL's word for a client that offers only TLS versions below our minimum.
      kind: aborted ? 'TLSHandshakeAborted' : /unsupported protocol/i.test(what) ? 'InvalidTLSVersion' : 'TLSHandshakeFailed',
      reason: aborted
        ? 'the peer closed the connection during the TLS handshake (it may not trust the CSMS certificate, or went away)'
        : `TLS handshake failed: ${error.code ? `${error.code} ` : ''}${what}`.trim(),
      remoteAddress: socket.remoteAddress ?? '',
    });
  });
  return server;
}

/**
 * A WebSocket proxy between a station and a CSMS that can rewrite, delay or drop frames: how to build a broken
 * CSMS ("mutant") out of a working one without touching its code, to check that the conformance suite notices.
 *
 *   const proxy = await startMutationProxy({ upstream: csms.ocppUrl, rewrite: (f) => f.action === 'Reset' && f.direction === 'csms->station' ? null : f.text });
 *   // point the suite at `${proxy.url}` instead of the CSMS
 */
import { WebSocket, WebSocketServer } from 'ws';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxiedFrame {
  direction: 'station->csms' | 'csms->station';
  text: string;
  /** The parsed frame, when the text is a JSON array. */
  frame: unknown[] | undefined;
  /** The action of a CALL, or of the CALL a CALLRESULT/CALLERROR answers. */
  action: string | undefined;
  protocol: string;
}

/** The text to forward, `null` to drop the frame, or the text and how long to hold it first. */
export type Rewrite = (frame: ProxiedFrame) => string | null | { text: string; delayMs: number };

export interface MutationProxy {
  /** OCPP endpoint base of the proxy; a station connects to `${url}/${stationId}`. */
  url: string;
  close(): Promise<void>;
}

export interface MutationProxyOptions {
  upstream: string;
  rewrite: Rewrite;
  /**
   * Decides the upgrade in the proxy instead of the CSMS (a mutant of its authentication): the HTTP status to
   * refuse it with, or undefined to let it through. The upstream connection carries no credentials.
   */
  checkUpgrade?: (upgrade: { identity: string; authorization: string | undefined }) => number | undefined;
  /**
   * Serve wss with this certificate, asking stations for a client certificate but accepting any (a mutant of
   * profile 3's certificate check); the upstream may then be a plain ws CSMS.
   */
  tls?: { cert: string; key: string };
}

export async function startMutationProxy(options: MutationProxyOptions): Promise<MutationProxy> {
  const { checkUpgrade } = options;
  const https = options.tls === undefined ? undefined : createServer({ ...options.tls, requestCert: true, rejectUnauthorized: false });
  const server = new WebSocketServer({
    ...(https !== undefined ? { server: https } : { host: '127.0.0.1', port: 0 }),
    handleProtocols: (offered) => [...offered][0] ?? false,
    ...(checkUpgrade !== undefined && {
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number) => void) => {
        const identity = decodeURIComponent((info.req.url ?? '/').split('/').pop() ?? '');
        const status = checkUpgrade({ identity, authorization: info.req.headers.authorization });
        done(status === undefined, status);
      },
    }),
  });
  const sockets = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();
  server.on('connection', (station, req) => {
    const path = (req.url ?? '/').split('/').pop() ?? '';
    const csms = new WebSocket(`${options.upstream.replace(/\/+$/, '')}/${path}`, station.protocol ? [station.protocol] : []);
    sockets.add(station).add(csms);
    const queued: string[] = [];
    const calls = { 'station->csms': new Map<string, string>(), 'csms->station': new Map<string, string>() };
    const pass = (direction: ProxiedFrame['direction'], text: string): void => {
      const target = direction === 'station->csms' ? csms : station;
      let frame: unknown[] | undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        frame = Array.isArray(parsed) ? parsed : undefined;
      } catch {
        frame = undefined;
      }
      let action: string | undefined;
      if (frame?.[0] === 2) {
        action = String(frame[2]);
        calls[direction].set(String(frame[1]), action);
      } else if (frame?.[0] === 3 || frame?.[0] === 4) {
        const opposite = direction === 'station->csms' ? 'csms->station' : 'station->csms';
        action = calls[opposite].get(String(frame[1]));
      }
      const out = options.rewrite({ direction, text, frame, action, protocol: station.protocol });
      if (out === null) return;
      const send = (t: string): void => {
        if (target.readyState === WebSocket.OPEN) target.send(t);
        else if (target === csms && csms.readyState === WebSocket.CONNECTING) queued.push(t);
      };
      if (typeof out === 'string') return send(out);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(out.text);
      }, out.delayMs);
      timers.add(timer);
    };
    csms.on('open', () => {
      for (const t of queued.splice(0)) csms.send(t);
    });
    station.on('message', (data) => pass('station->csms', data.toString()));
    csms.on('message', (data) => pass('csms->station', data.toString()));
    station.on('close', () => csms.close());
    csms.on('close', () => station.close());
    csms.on('error', () => station.terminate());
    station.on('error', () => csms.terminate());
  });
  if (https !== undefined) await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', () => resolve()));
  else await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = (https ?? server).address() as AddressInfo;
  return {
    url: `${https !== undefined ? 'wss' : 'ws'}://127.0.0.1:${port}/ocpp`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (https !== undefined) await new Promise<void>((resolve) => https.close(() => resolve()));
    },
  };
}

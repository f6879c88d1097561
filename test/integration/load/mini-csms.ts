/**
 * A tiny OCPP 1.6 CSMS on a bare `ws` server for load-engine tests: it answers what a fleet sends with
 * valid payloads, except the actions it is told to leave unanswered, and can vanish like a killed process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const ANSWERS: Record<string, () => object> = {
  BootNotification: () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }),
  Heartbeat: () => ({ currentTime: new Date().toISOString() }),
  StatusNotification: () => ({}),
  Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
  StartTransaction: () => ({ transactionId: Math.floor(Math.random() * 1e6), idTagInfo: { status: 'Accepted' } }),
  StopTransaction: () => ({}),
  MeterValues: () => ({}),
};

export interface MiniCsms {
  url: string;
  /** CALLs received per action. */
  received: Map<string, number>;
  /**
   * Every WebSocket accepted: the station (last path segment), the address it came from, its CALLs per action,
   * and the most CALLs it ever had waiting for an answer at once (more than 1 breaks OCPP-J's one-in-flight rule).
   */
  connections: { station: string; remoteAddress: string | undefined; calls: Map<string, number>; maxInFlight: number }[];
  /** Drops every connection without a close frame and stops listening, as a killed process does. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** `answerDelayMs`: real ms before each answer goes out (default: at once). */
export async function startMiniCsms(options: { unanswered?: string[]; httpStatus?: number; answerDelayMs?: number } = {}): Promise<MiniCsms> {
  const server: Server = createServer();
  const received = new Map<string, number>();
  const connections: MiniCsms['connections'] = [];
  const unanswered = new Set(options.unanswered ?? []);
  if (options.httpStatus !== undefined) {
    // Refuses every upgrade with this status, as a CSMS that does not know the station.
    server.on('upgrade', (_request, socket) => {
      socket.end(`HTTP/1.1 ${options.httpStatus} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
  }
  const wss = options.httpStatus === undefined ? new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false) }) : undefined;
  wss?.on('connection', (ws, request) => {
    const connection = { station: decodeURIComponent(String(request.url).split('/').pop() ?? ''), remoteAddress: request.socket.remoteAddress, calls: new Map<string, number>(), maxInFlight: 0 };
    connections.push(connection);
    let inFlight = 0;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      if (frame[0] !== 2) return;
      const action = String(frame[2]);
      received.set(action, (received.get(action) ?? 0) + 1);
      connection.calls.set(action, (connection.calls.get(action) ?? 0) + 1);
      connection.maxInFlight = Math.max(connection.maxInFlight, ++inFlight);
      const answer = ANSWERS[action];
      if (unanswered.has(action) || answer === undefined) return;
      const send = (): void => {
        inFlight -= 1;
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify([3, frame[1], answer()]));
      };
      if (options.answerDelayMs === undefined) send();
      else setTimeout(send, options.answerDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      for (const client of wss?.clients ?? []) client.terminate();
      wss?.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  return { url: `ws://127.0.0.1:${port}/ocpp`, received, connections, kill: close, close };
}

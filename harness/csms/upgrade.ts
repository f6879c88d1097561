/** Routing of WebSocket upgrades: only `/ocpp/<stationId>` reaches ocpp-rpc, anything else gets 404. */
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const OCPP_PATH = '/ocpp';
const STATION_PATH = /^\/ocpp\/[^/]+$/;

export function isStationPath(rawUrl: string | undefined): boolean {
  return STATION_PATH.test(new URL(rawUrl ?? '/', 'http://csms.invalid').pathname);
}

/** Answers an upgrade request with a plain HTTP error and drops the socket. */
export function refuseUpgrade(socket: Duplex, status: number, message = STATUS_CODES[status] ?? 'Error'): void {
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
    );
  }
  socket.destroy();
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

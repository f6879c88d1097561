/**
 * The primary's view of an upgrade request: which station it is for, and the request head as bytes to hand on.
 * The primary's node:http parser has consumed the head (with Node's own caps on size and time), so the head is
 * rebuilt from what the parser kept, in order and with the header names as sent; the worker's HTTP server then
 * parses it as if it had read it from the socket itself.
 */
import { isStationPath } from '../csms/upgrade.js';

export interface RequestHeadParts {
  method: string;
  url: string;
  httpVersion: string;
  /** Node's `rawHeaders`: name, value, name, value … as received. */
  rawHeaders: readonly string[];
}

/** The request line and headers as HTTP/1.1 bytes (latin1, as the wire carries them), ending with the blank line. */
export function rawRequestHead({ method, url, httpVersion, rawHeaders }: RequestHeadParts): Buffer {
  let text = `${method} ${url} HTTP/${httpVersion}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) text += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return Buffer.from(`${text}\r\n`, 'latin1');
}

/**
 * The station an upgrade is for: the last path segment of `/ocpp/<stationId>`, decoded as ocpp-rpc decodes it;
 * undefined for any other path (answered 404, as a single CSMS does) or an id that does not decode.
 */
export function stationOfUpgrade(rawUrl: string | undefined): string | undefined {
  if (!isStationPath(rawUrl)) return undefined;
  const pathname = new URL(rawUrl ?? '/', 'http://csms.invalid').pathname;
  try {
    return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
  } catch {
    return undefined;
  }
}

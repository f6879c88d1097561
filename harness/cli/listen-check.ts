/**
 * Listening flags (--port, --host, --control-port): a port in use or an address this machine does not have
 * is a usage error naming the flags, said before anything starts (a trial listen), not Node's raw EADDRINUSE later.
 */
import { createServer } from 'node:net';
import { UsageError } from './usage.js';

const LISTEN_CODES: Record<string, string> = {
  EADDRINUSE: 'is in use by another process; choose another port, or 0 for a free one',
  EADDRNOTAVAIL: 'is not an address of this machine; use one of its addresses, 127.0.0.1, or 0.0.0.0 for all',
  EACCES: 'needs privileges to listen on; choose a port from 1024 up, or 0 for a free one',
  ENOTFOUND: 'is not a host name this machine can resolve',
};

/** The usage error for a listen failure, or undefined when the error is not about the address. */
export function listenUsageError(where: string, error: unknown): UsageError | undefined {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? LISTEN_CODES[code] : undefined;
  return reason === undefined ? undefined : new UsageError(`${where} ${reason} (${code as string})`);
}

/** Listens on host:port and closes again; a failure becomes a usage error naming `where` (e.g. "--host 127.0.0.1 --port 9000"). */
export async function checkListenable(where: string, host: string, port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve());
  }).catch((error: unknown) => {
    throw listenUsageError(where, error) ?? error;
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

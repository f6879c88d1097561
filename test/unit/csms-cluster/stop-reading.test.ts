/**
 * The primary hands a station's socket to a worker only after it has stopped reading it: bytes the station sends
 * while the handle is on its way must stay in the kernel for the worker, not be read (and dropped) by the primary.
 * Real TCP on loopback: once the client's write has called back, the bytes are in the server socket's receive queue,
 * so a few turns of the event loop are enough for a reading handle to take them.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { stopReading } from '../../../harness/csms-cluster/worker-pool.js';

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
});

/** A connected pair: the server's side as the upgrade leaves it (its handle reading, no 'data' listener), and the client. */
async function pair(): Promise<{ accepted: Socket; client: Socket }> {
  server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = createConnection({ port, host: '127.0.0.1' });
  await once(client, 'connect');
  const [socket] = await accepted;
  // An upgrade's socket: read once by the HTTP parser, so its handle is reading though nobody listens for data.
  socket.resume();
  socket.pause();
  sockets.push(socket, client);
  return { accepted: socket, client };
}

async function sendAndLetTheLoopTurn(client: Socket, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => client.write(text, (error) => (error ? reject(error) : resolve())));
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('stopReading (the hand-off of a station socket to a CSMS worker)', () => {
  it('a socket the primary still reads takes the station’s bytes itself (why the hand-off must stop it)', async () => {
    const { accepted, client } = await pair();
    await sendAndLetTheLoopTurn(client, '[2,"1","BootNotification",{}]');
    expect(accepted.bytesRead).toBeGreaterThan(0);
  });

  it('leaves the bytes the station sends after it in the kernel for whoever reads the handle next', async () => {
    const { accepted, client } = await pair();
    stopReading(accepted);
    await sendAndLetTheLoopTurn(client, '[2,"1","BootNotification",{}]');
    expect(accepted.bytesRead).toBe(0);

    // The worker's side starts reading the same handle: every byte is still there.
    const handle = (accepted as unknown as { _handle: { readStart(): number; reading: boolean } })._handle;
    const data = once(accepted, 'data') as Promise<[Buffer]>;
    accepted.resume();
    handle.reading = true;
    handle.readStart();
    const [chunk] = await data;
    expect(chunk.toString()).toBe('[2,"1","BootNotification",{}]');
  });

  it('does nothing to a socket without a handle', () => {
    const socket = { _handle: null } as unknown as Socket;
    expect(() => stopReading(socket)).not.toThrow();
  });
});

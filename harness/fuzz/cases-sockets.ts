/**
 * Fuzz cases on the connection rather than one frame: oversize and binary frames, floods, a socket that
 * stops reading, handshakes left half-done and reconnect churn. All bounded in count and in time.
 */
import { connect } from 'node:net';
import type { GenericCode } from '../../simulator/protocol/errors.js';
import { pick, type CaseContext, type FuzzCase } from './case.js';
import { describeExpect } from './expect.js';
import { FuzzPeer } from './peer.js';
import { PAYLOAD_TEMPLATES } from './payload-templates.js';

const OVERLAP: readonly GenericCode[] = ['RpcFrameworkError'];

export const oversizeFrame: FuzzCase = {
  name: 'oversize-frame',
  title: 'A frame one byte over the CSMS maximum message size',
  // RFC 6455 §7.4.1: 1009 "message too big"; a CSMS that reads it anyway may refuse it with a CALLERROR.
  expects: (p) => describeExpect({ id: 'x', codes: ['FormatViolation', 'RpcFrameworkError', 'GenericError'], closeCodes: [1009] }, p),
  weight: 0,
  minFrames: 2,
  maxFrames: 4,
  run: async (ctx, frames) => {
    for (let i = 0; i < frames; i++) {
      const peer = await ctx.peer();
      const id = ctx.id();
      const head = JSON.stringify([2, id, 'DataTransfer', { vendorId: 'fuzz', data: '' }]);
      const padding = Math.max(0, ctx.maxPayloadBytes + 1 - Buffer.byteLength(head));
      const text = JSON.stringify([2, id, 'DataTransfer', { vendorId: 'fuzz', data: 'x'.repeat(padding) }]);
      await ctx.probe(peer, text, { id, codes: ['FormatViolation', 'RpcFrameworkError', 'GenericError'], closeCodes: [1009] });
      await peer.close();
    }
  },
};

export const binaryFrames: FuzzCase = {
  name: 'binary-frame',
  title: 'Binary WebSocket frames (OCPP-J uses text frames)',
  // RFC 6455 §7.4.1: 1003 "cannot accept this type of data"; reading it as text and answering is lenient but fine.
  expects: (p) =>
    `a valid CALL: ${describeExpect({ id: 'x', result: true, codes: ['RpcFrameworkError', 'FormatViolation'], closeCodes: [1003] }, p)}; bytes that are not UTF-8 JSON: ${describeExpect({ id: undefined, codes: ['RpcFrameworkError', 'FormatViolation'], silence: true, closeCodes: [1003, 1007] }, p)}`,
  weight: 1,
  minFrames: 4,
  maxFrames: 200,
  run: async (ctx, frames) => {
    let peer = await ctx.peer();
    for (let i = 0; i < frames; i++) {
      peer = await ctx.reopen(peer);
      const id = ctx.id();
      if (ctx.random() < 0.5) {
        const data = Buffer.from(JSON.stringify([2, id, 'Heartbeat', {}]));
        await ctx.probe(peer, data, { id, result: true, codes: ['RpcFrameworkError', 'FormatViolation'], closeCodes: [1003] }, { binary: true });
      } else {
        const bytes = Buffer.alloc(1 + Math.floor(ctx.random() * 64));
        for (let b = 0; b < bytes.length; b++) bytes[b] = 128 + Math.floor(ctx.random() * 128);
        await ctx.probe(peer, bytes, { id: undefined, codes: ['RpcFrameworkError', 'FormatViolation'], silence: true, closeCodes: [1003, 1007] }, { binary: true });
      }
    }
    await peer.close();
  },
};

export const flood: FuzzCase = {
  name: 'flood',
  title: 'Bursts of CALLs sent without waiting (five concurrent StatusNotifications and more)',
  expects: (p) => `every CALL answered: ${describeExpect({ id: 'x', result: true, codes: OVERLAP }, p)}`,
  weight: 3,
  minFrames: 10,
  maxFrames: 2_000,
  run: async (ctx, frames) => {
    let peer = await ctx.peer();
    const templates = PAYLOAD_TEMPLATES[ctx.protocol].filter((t) => t.action === 'StatusNotification' || t.action === 'Heartbeat');
    let sent = 0;
    while (sent < frames) {
      peer = await ctx.reopen(peer);
      const burst = Math.min(frames - sent, sent === 0 ? 5 : 5 + Math.floor(ctx.random() * 46));
      const probes: Promise<unknown>[] = [];
      for (let i = 0; i < burst; i++) {
        const id = ctx.id();
        const t = sent === 0 ? templates.find((x) => x.action === 'StatusNotification') ?? templates[0] : pick(ctx.random, templates);
        if (t === undefined) return;
        probes.push(ctx.probe(peer, JSON.stringify([2, id, t.action, t.valid()]), { id, result: true, codes: OVERLAP }));
      }
      await Promise.all(probes);
      sent += burst;
    }
    await peer.close();
  },
};

export const stalledReader: FuzzCase = {
  name: 'stalled-reader',
  title: 'A booted station stops reading its socket (half-open), sends CALLs, then reads again',
  expects: () => 'every CALL answered once the station reads again, or the CSMS closes the stalled socket (any code); other stations unaffected',
  weight: 0,
  minFrames: 20,
  maxFrames: 60,
  run: async (ctx, frames) => {
    const peer = await ctx.peer();
    peer.pauseReading();
    const ids: string[] = [];
    for (let i = 0; i < frames; i++) {
      const id = ctx.id();
      ids.push(id);
      // Big enough answers to fill the socket buffers on the way back.
      peer.send(JSON.stringify([2, id, 'DataTransfer', { vendorId: 'fuzz', data: 'x'.repeat(8_000) }]));
    }
    await sleep(ctx.holdMs);
    peer.resumeReading();
    await Promise.all(ids.map((id) => judgeStalled(ctx, peer, id)));
    await peer.close();
  },
};

const STALLED_EXPECTED = 'an answer, or a close of the stalled socket';

async function judgeStalled(ctx: CaseContext, peer: FuzzPeer, id: string): Promise<void> {
  const sent = `DataTransfer ${id} (while not reading)`;
  const answer = peer.received.find((r) => r.frame?.[1] === id) ?? (await peer.next((r) => r.frame?.[1] === id, ctx.answerTimeoutMs));
  if (answer?.frame !== undefined) {
    // DataTransfer is answered with a status (or NotSupported/UnknownVendor-style refusals as a CALLERROR): any answer counts.
    return ctx.record(sent, { outcome: 'per-spec', got: answer.frame[0] === 3 ? 'CALLRESULT' : `CALLERROR ${String(answer.frame[2])}`, expected: STALLED_EXPECTED });
  }
  if (!peer.open && !peer.closedByUs) return ctx.record(sent, { outcome: 'per-spec', got: `close ${String(peer.closeCode)}`, expected: STALLED_EXPECTED }, peer.closeCode);
  ctx.record(sent, { outcome: 'dropped', got: 'no answer', expected: STALLED_EXPECTED });
}

export const halfDoneHandshake: FuzzCase = {
  name: 'half-done-handshake',
  title: 'TCP connections that start the WebSocket upgrade and never finish it',
  expects: () => 'nothing to answer; the CSMS keeps serving other stations (it may close the sockets)',
  weight: 0,
  minFrames: 5,
  maxFrames: 20,
  run: async (ctx, frames) => {
    const url = new URL(ctx.url);
    const port = Number(url.port || 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const sockets = await Promise.all(
      Array.from({ length: frames }, (_, i) =>
        new Promise<ReturnType<typeof connect> | undefined>((resolve) => {
          const socket = connect({ host, port }, () => {
            // Headers cut off before the blank line that ends them.
            socket.write(`GET ${url.pathname}/FUZZ-HALF-${i} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
            resolve(socket);
          });
          socket.on('error', () => resolve(undefined));
        }),
      ),
    );
    await sleep(ctx.holdMs);
    for (const socket of sockets) {
      const expected = 'the TCP connection accepted';
      ctx.record('half-done upgrade request', socket === undefined ? { outcome: 'wrong', got: 'TCP connect refused', expected } : { outcome: 'per-spec', got: socket.destroyed ? 'closed by the CSMS' : 'held open', expected });
      socket?.destroy();
    }
  },
};

export const reconnectChurn: FuzzCase = {
  name: 'reconnect-churn',
  title: 'Stations connecting, booting and leaving fast; a second connection of a station replacing the first',
  expects: (p) => `every BootNotification: ${describeExpect({ id: 'x', result: true }, p)}`,
  weight: 1,
  minFrames: 6,
  maxFrames: 200,
  run: async (ctx, frames) => {
    for (let i = 0; i < frames; i += 2) {
      const first = await ctx.peer({ boot: false });
      const id = ctx.id();
      await ctx.probe(first, JSON.stringify([2, id, 'BootNotification', ctx.bootPayload()]), { id, result: true });
      if (ctx.random() < 0.5) {
        await (ctx.random() < 0.5 ? first.close() : Promise.resolve(first.terminate()));
        continue;
      }
      // The same station again while its first socket is still open: the new one must work.
      const second = await reconnectSame(ctx, first.stationId);
      if (second === undefined) continue;
      second.onSend = first.onSend;
      const again = ctx.id();
      await ctx.probe(second, JSON.stringify([2, again, 'BootNotification', ctx.bootPayload()]), { id: again, result: true });
      await Promise.all([first.close(), second.close()]);
    }
  },
};

async function reconnectSame(ctx: CaseContext, stationId: string): Promise<FuzzPeer | undefined> {
  try {
    return await FuzzPeer.open(ctx.url, stationId, ctx.protocol, ctx.answerTimeoutMs);
  } catch (error) {
    ctx.record(`connect ${stationId} again`, { outcome: 'wrong', got: (error as Error).message, expected: 'the new connection accepted' });
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

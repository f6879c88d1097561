import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventFanIn, parseSseBlocks, withWorker } from '../../../harness/csms-cluster/event-fan-in.js';

describe('reading a worker’s event stream', () => {
  it('yields each complete event (type and data), skips comments, and keeps an unfinished block for the next chunk', () => {
    const seen: [string, string][] = [];
    const push = (type: string, data: string): void => void seen.push([type, data]);
    let rest = parseSseBlocks(': connected\n\nid: 1\nevent: connect\ndata: {"seq":1}\n\nid: 2\nevent: bo', push);
    expect(seen).toEqual([['connect', '{"seq":1}']]);
    expect(rest).toBe('id: 2\nevent: bo');
    rest = parseSseBlocks(`${rest}ot\ndata: {"seq":2}\n\n: keep-alive\n\n`, push);
    expect(seen).toEqual([
      ['connect', '{"seq":1}'],
      ['boot', '{"seq":2}'],
    ]);
    expect(rest).toBe('');
  });

  it('adds the worker to the event’s JSON object, keeping its own fields', () => {
    expect(JSON.parse(withWorker('{"seq":7,"type":"boot"}', 2))).toEqual({ worker: 2, seq: 7, type: 'boot' });
    expect(JSON.parse(withWorker('{}', 1))).toEqual({ worker: 1 });
  });
});

describe('the merged event stream', () => {
  /** A worker's event stream: counts who opened it, and sends what the test pushes. */
  async function fakeWorker(): Promise<{ base: string; opened: () => number; push: (text: string) => void; close: () => void }> {
    const open = new Set<ServerResponse>();
    let opened = 0;
    const server = createServer((_req, res) => {
      opened++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      open.add(res);
      res.on('close', () => open.delete(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      opened: () => opened,
      push: (text) => open.forEach((res) => res.write(text)),
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  }

  it('opens no worker stream while nobody watches, opens every one before a client’s answer, and tags and numbers their events', async () => {
    const workers = [await fakeWorker(), await fakeWorker()];
    const fanIn = new EventFanIn(pino({ level: 'silent' }), 60_000);
    const primary = createServer((req, res) => void fanIn.serve(req, res, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((resolve) => primary.listen(0, '127.0.0.1', resolve));
    try {
      await Promise.all(workers.map((w, i) => fanIn.workerReady(i, w.base)));
      expect(workers.map((w) => w.opened())).toEqual([0, 0]);

      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${(primary.address() as AddressInfo).port}/api/events?types=boot`, { signal: abort.signal });
      // Both streams are open by the time the client has its answer.
      expect(workers.map((w) => w.opened())).toEqual([1, 1]);
      const reader = res.body!.getReader();
      let text = '';
      const readBoots = async (n: number): Promise<void> => {
        while ((text.match(/event: boot/g) ?? []).length < n) text += new TextDecoder().decode((await reader.read()).value);
      };
      // One worker after the other: two sockets' data may reach the primary in either order.
      workers[1]!.push('event: boot\ndata: {"seq":1,"stationId":"S4-CP1"}\n\n');
      await readBoots(1);
      workers[0]!.push('event: frame\ndata: {"seq":1}\n\nevent: boot\ndata: {"seq":2,"stationId":"S5-CP1"}\n\n');
      await readBoots(2);
      expect(text).toContain('id: 1\nevent: boot\ndata: {"worker":1,"seq":1,"stationId":"S4-CP1"}\n\n');
      // The frame (not asked for) still counts in the ids, as the single CSMS's seq would.
      expect(text).toContain('id: 3\nevent: boot\ndata: {"worker":0,"seq":2,"stationId":"S5-CP1"}\n\n');
      expect(text).not.toContain('frame');
      abort.abort();
    } finally {
      fanIn.closeAll();
      primary.closeAllConnections();
      primary.close();
      for (const w of workers) w.close();
    }
  });
});

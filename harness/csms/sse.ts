/** `GET /api/events`: the event bus as server-sent events (`id: seq`, `event: type`, `data: JSON`). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CsmsEvent } from './events.js';
import type { EventBus } from './events-bus.js';

export interface SseStreams {
  serve(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /** Ends every open stream (on CSMS close). */
  closeAll(): void;
}

export function createSseStreams(bus: EventBus, keepAliveMs: number): SseStreams {
  const open = new Set<() => void>();

  return {
    serve(req, res, url) {
      const types = url.searchParams.get('types');
      const wanted = types ? new Set(types.split(',').map((t) => t.trim()).filter(Boolean)) : undefined;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Stops reverse proxies from buffering the stream.
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const off = bus.onAny((event: CsmsEvent) => {
        if (wanted && !wanted.has(event.type)) return;
        res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      // A comment line keeps idle proxies and clients from timing the stream out.
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();
      const cleanup = (): void => {
        if (!open.delete(cleanup)) return;
        off();
        clearInterval(keepAlive);
        res.end();
      };
      open.add(cleanup);
      req.on('close', cleanup);
      res.on('close', cleanup);
    },
    closeAll() {
      for (const cleanup of [...open]) cleanup();
    },
  };
}

/** A minimal server-sent-events reader over fetch: `data:` lines of each event, parsed as JSON. */

export interface SseSubscription {
  /** Resolves once the server answered (the stream is live). */
  ready: Promise<void>;
  close(): void;
}

export function subscribeSse(url: string, onEvent: (data: unknown) => void, onError: (error: unknown) => void): SseSubscription {
  const abort = new AbortController();
  let markReady!: () => void;
  let failReady!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  void (async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}`);
      markReady();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) onEvent(JSON.parse(data));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      failReady(error);
      if (!abort.signal.aborted) onError(error);
    }
  })();
  return { ready, close: () => abort.abort() };
}

/** Data hooks: a JSON resource that can be reloaded, the event stream, and the console's config. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText, getJson, getRaw } from './api.js';
import { parseConsoleConfig, UNKNOWN_CONFIG } from './drill.js';
import { subscribe, type StreamState } from './event-stream.js';
import type { ConsoleConfig, CsmsEvent } from './types.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
  set: (update: (current: T | undefined) => T | undefined) => void;
}

/** GETs `path` (again whenever `path` or `reload()` changes it); `undefined` path waits. */
export function useJson<T>(path: string | undefined): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(path !== undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    const abort = new AbortController();
    setLoading(true);
    getJson<T>(path, abort.signal)
      .then((body) => {
        setData(body);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(errorText(e));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, set: setData };
}

/**
 * Listens to the event stream (`GET /api/events`) for `types` while mounted; `onEvent` may change between renders.
 * EventSource reconnects by itself; the state says whether the page is live. `onResync` runs each time the stream
 * (re)opens: events sent while it was closed (a page change reopens it) are not replayed, so the page reloads.
 */
export function useEvents(types: readonly string[], onEvent: (event: CsmsEvent) => void, onResync?: () => void): StreamState {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resync = useRef(onResync);
  resync.current = onResync;
  const [state, setState] = useState<StreamState>('connecting');
  const key = types.join(',');
  useEffect(() => subscribe(key.split(','), (event) => handler.current(event), setState, () => resync.current?.()), [key]);
  return state;
}

/** The console's config; a CSMS without the route is a plain csms (no control, no drills). */
export function useConsoleConfig(): { config: ConsoleConfig; error: string | undefined; reload: () => void } {
  const [config, setConfig] = useState<ConsoleConfig>(UNKNOWN_CONFIG);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    getRaw('/api/console/config')
      .then(({ status, body }) => {
        setConfig(parseConsoleConfig(status, body));
        setError(undefined);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [tick]);
  return { config, error, reload: useCallback(() => setTick((t) => t + 1), []) };
}

/**
 * One EventSource per tab for every component that listens: a browser keeps at most six connections per origin
 * over HTTP/1.1, and each open stream holds one, so a page with two listeners (or a few tabs) must not open one each.
 * The stream asks only for the types someone listens to, and is reopened when that set changes.
 */
import type { CsmsEvent } from './types.js';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

interface Subscriber {
  types: ReadonlySet<string>;
  onEvent: (event: CsmsEvent) => void;
  onState: (state: StreamState) => void;
  /**
   * The stream (re)opened. The server keeps no backlog, so events sent while it was closed are gone: a page reloads
   * what it shows. Navigating reopens the stream (the set of types changes), so this is not only after a network loss.
   */
  onOpen: (() => void) | undefined;
}

const subscribers = new Set<Subscriber>();
let source: EventSource | undefined;
let sourceKey = '';
let state: StreamState = 'connecting';
let scheduled = false;

function setState(next: StreamState): void {
  state = next;
  for (const s of subscribers) s.onState(next);
}

function dispatch(message: MessageEvent<string>): void {
  let event: CsmsEvent;
  try {
    event = JSON.parse(message.data) as CsmsEvent;
  } catch {
    return; // A malformed event is skipped; the next reload shows the truth.
  }
  for (const s of subscribers) if (s.types.has(event.type)) s.onEvent(event);
}

/** Batched to the end of the task so components mounting together open one stream, not one each. */
function scheduleRefresh(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    const key = [...new Set([...subscribers].flatMap((s) => [...s.types]))].sort().join(',');
    if (key === sourceKey) return;
    source?.close();
    source = undefined;
    sourceKey = key;
    if (key === '') return;
    setState('connecting');
    const next = new EventSource(`/api/events?types=${encodeURIComponent(key)}`);
    for (const type of key.split(',')) next.addEventListener(type, dispatch as EventListener);
    next.onopen = () => {
      setState('live');
      for (const s of subscribers) s.onOpen?.();
    };
    next.onerror = () => setState('reconnecting');
    source = next;
  });
}

/** Listens to `types` until the returned function is called; `onOpen` runs each time the stream (re)opens. */
export function subscribe(types: readonly string[], onEvent: (event: CsmsEvent) => void, onState: (state: StreamState) => void, onOpen?: () => void): () => void {
  const subscriber: Subscriber = { types: new Set(types), onEvent, onState, onOpen };
  subscribers.add(subscriber);
  onState(state);
  scheduleRefresh();
  return () => {
    subscribers.delete(subscriber);
    scheduleRefresh();
  };
}

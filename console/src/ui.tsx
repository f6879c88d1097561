/** Small shared pieces: links that route in the page, status badges, error and live lines. */
import type { ComponentChildren, JSX } from 'preact';
import type { StreamState } from './event-stream.js';

export const NAVIGATE_EVENT = 'console:navigate';

export function navigate(href: string): void {
  history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** A real link (open in a new tab works); a plain click routes inside the page. */
export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  const onClick = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} aria-current={props['aria-current']} onClick={onClick}>
      {props.children}
    </a>
  );
}

const TONE: Readonly<Record<string, string>> = {
  Available: 'ok',
  Charging: 'busy',
  Occupied: 'busy',
  Preparing: 'busy',
  SuspendedEV: 'busy',
  SuspendedEVSE: 'busy',
  Finishing: 'busy',
  Reserved: 'busy',
  Faulted: 'bad',
  Unavailable: 'warn',
};

export function StatusBadge(props: { status: string }) {
  return <span class={`badge ${TONE[props.status] ?? 'neutral'}`}>{props.status}</span>;
}

export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge sev-${props.severity}`}>{props.severity}</span>;
}

export function ErrorLine(props: { error: string | undefined }) {
  if (!props.error) return null;
  return (
    <p class="error" role="alert">
      {props.error}
    </p>
  );
}

export function LiveLine(props: { state: StreamState }) {
  const text = props.state === 'live' ? 'Live: updates as they happen' : props.state === 'connecting' ? 'Connecting to the event stream…' : 'Event stream lost, reconnecting…';
  return (
    <p class={`live ${props.state}`} role="status">
      {text}
    </p>
  );
}

export function Loading(props: { what: string }) {
  return <p role="status">Loading {props.what}…</p>;
}

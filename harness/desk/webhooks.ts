/**
 * POSTs desk events to webhook targets without ever making the CSMS wait: `deliver` only starts work.
 * A failed attempt (network error, timeout, 408, 429 or 5xx) is retried after a jittered exponential
 * backoff, up to the target's `maxAttempts`; other 4xx answers are final (the receiver refused the
 * event, and sending it again would not change that). Receivers de-duplicate by the event's `seq`.
 */
import type { Logger } from 'pino';
import type { DeskEvent } from '../csms/events.js';
import type { WebhookTarget } from './webhook-config.js';

/** Deliveries waiting or in flight beyond this are dropped (and logged): a dead receiver must not grow memory without bound. */
export const MAX_PENDING_DELIVERIES = 10_000;

export interface WebhookOutcome {
  url: string;
  seq: number;
  type: string;
  attempts: number;
  ok: boolean;
  /** HTTP status of the last attempt, or the error that ended it. */
  last: number | string;
}

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private pending = 0;
  private closed = false;

  constructor(
    private readonly targets: readonly WebhookTarget[],
    private readonly logger: Logger,
    /** Each delivery's end, for tests and metrics. */
    private readonly onOutcome: (outcome: WebhookOutcome) => void = () => {},
    private readonly random: () => number = Math.random,
  ) {}

  deliver(event: DeskEvent): void {
    if (this.closed) return;
    let body: string | undefined;
    for (const target of this.targets) {
      if (!target.events.includes(event.type)) continue;
      if (this.pending >= MAX_PENDING_DELIVERIES) {
        this.logger.warn({ url: target.url, seq: event.seq, type: event.type }, 'webhook backlog full: event dropped');
        continue;
      }
      // Serialized once for every target, and now: the event must not change while it waits for a retry.
      body ??= JSON.stringify(event);
      this.pending++;
      this.attempt(target, event, body, 1);
    }
  }

  /** Stops retries and abandons requests in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private attempt(target: WebhookTarget, event: DeskEvent, body: string, attempt: number): void {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${target.timeoutMs} ms`)), target.timeoutMs);
    timeout.unref();
    fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chargedrill-event': event.type, 'x-chargedrill-seq': String(event.seq) },
      body,
      signal: controller.signal,
    })
      .then(async (res) => {
        // Drained so the connection can be reused.
        await res.arrayBuffer().catch(() => undefined);
        return res.status;
      })
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)))
      .then((last) => {
        clearTimeout(timeout);
        this.controllers.delete(controller);
        const ok = typeof last === 'number' && last >= 200 && last < 300;
        if (!ok && !this.closed && attempt < target.maxAttempts && retryable(last)) {
          this.retryLater(target, event, body, attempt);
          return;
        }
        this.pending--;
        if (!ok && !this.closed) this.logger.warn({ url: target.url, seq: event.seq, type: event.type, attempts: attempt, last }, 'webhook delivery failed');
        this.onOutcome({ url: target.url, seq: event.seq, type: event.type, attempts: attempt, ok, last });
      });
  }

  private retryLater(target: WebhookTarget, event: DeskEvent, body: string, attempt: number): void {
    const ceilingMs = Math.min(target.maxBackoffMs, target.initialBackoffMs * 2 ** (attempt - 1));
    // Jittered to 50–100 %: receivers coming back after an outage are not hit by every CSMS at once.
    const delayMs = ceilingMs * (0.5 + 0.5 * this.random());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(target, event, body, attempt + 1);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}

function retryable(last: number | string): boolean {
  if (typeof last === 'string') return true;
  return last === 408 || last === 429 || last >= 500;
}

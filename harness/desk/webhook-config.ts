/**
 * Webhook targets of the desk: each desk event (issue, action, escalation, ticket, work order) is POSTed
 * as JSON to every target that wants its type. Delays are real milliseconds: this is network I/O, not
 * simulated time.
 */
import { DESK_EVENT_TYPES, type DeskEventType } from '../csms/events.js';

export interface WebhookTargetInput {
  url: string;
  /** Event types to send; default: every desk event type. */
  events?: DeskEventType[];
  /** Attempts per event, the first included. */
  maxAttempts?: number;
  /** Backoff before the 2nd attempt; doubles per attempt up to `maxBackoffMs`, each delay jittered to 50–100 %. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** One attempt is abandoned (and retried) after this long. */
  timeoutMs?: number;
}

export type WebhookTarget = Required<WebhookTargetInput>;

export const WEBHOOK_DEFAULTS = {
  maxAttempts: 6,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
  timeoutMs: 5_000,
} as const;

const KEYS = ['url', 'events', 'maxAttempts', 'initialBackoffMs', 'maxBackoffMs', 'timeoutMs'] as const;

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Problems of a `webhooks` list, each naming the key, the value and what is allowed. */
export function validateWebhooks(value: unknown, path = 'webhooks'): string[] {
  if (!Array.isArray(value)) return [`${path}: ${show(value)} is not allowed, expected an array of { url, events? }`];
  const problems: string[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: ${show(entry)} is not allowed, expected an object { url, events? }`);
      return;
    }
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(KEYS as readonly string[]).includes(key)) problems.push(`${at}.${key}: is not a known setting, expected one of ${KEYS.join(', ')}`);
    }
    if (!isHttpUrl(record['url'])) problems.push(`${at}.url: ${show(record['url'])} is not allowed, expected an http:// or https:// URL`);
    const events = record['events'];
    if (events !== undefined) {
      const bad = Array.isArray(events) ? events.filter((e) => !(DESK_EVENT_TYPES as readonly unknown[]).includes(e)) : [events];
      if (!Array.isArray(events) || bad.length > 0) {
        problems.push(`${at}.events: ${show(events)} is not allowed, expected an array of ${DESK_EVENT_TYPES.join(', ')}`);
      }
    }
    for (const key of ['maxAttempts', 'initialBackoffMs', 'maxBackoffMs', 'timeoutMs'] as const) {
      if (record[key] !== undefined && !isPositiveInt(record[key])) {
        problems.push(`${at}.${key}: ${show(record[key])} is not allowed, expected an integer ≥ 1${key === 'maxAttempts' ? '' : ' (milliseconds)'}`);
      }
    }
  });
  return problems;
}

/** Defaults filled in; call after validateWebhooks found nothing. */
export function resolveWebhooks(inputs: readonly WebhookTargetInput[]): WebhookTarget[] {
  return inputs.map((input) => ({ ...WEBHOOK_DEFAULTS, events: [...DESK_EVENT_TYPES], ...input }));
}

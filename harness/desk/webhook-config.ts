/**
 * Webhook targets of the desk: each desk event (issue, action, escalation, ticket, work order) is POSTed
 * as JSON to every target that wants its type. Delays are real milliseconds: this is network I/O, not
 * simulated time.
 */
import { pointer, type Problem } from '../../simulator/problems.js';
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

/** Problems of a `webhooks` list, each at its key (`/0/url`), saying the value and what is allowed. */
export function validateWebhooks(value: unknown): Problem[] {
  if (!Array.isArray(value)) return [{ path: '', message: `${show(value)} is not allowed`, allowed: ['an array of { url, events? }'] }];
  const problems: Problem[] = [];
  value.forEach((entry: unknown, index) => {
    const at = pointer(index);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ path: at, message: `${show(entry)} is not allowed`, allowed: ['an object { url, events? }'] });
      return;
    }
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(KEYS as readonly string[]).includes(key)) problems.push({ path: `${at}${pointer(key)}`, message: 'is not a known setting', allowed: [...KEYS] });
    }
    if (!isHttpUrl(record['url'])) problems.push({ path: `${at}/url`, message: `${show(record['url'])} is not allowed`, allowed: ['an http:// or https:// URL'] });
    const events = record['events'];
    if (events !== undefined) {
      const bad = Array.isArray(events) ? events.filter((e) => !(DESK_EVENT_TYPES as readonly unknown[]).includes(e)) : [events];
      if (!Array.isArray(events) || bad.length > 0) {
        problems.push({ path: `${at}/events`, message: `${show(events)} is not allowed`, allowed: [`an array of ${DESK_EVENT_TYPES.join(', ')}`] });
      }
    }
    for (const key of ['maxAttempts', 'initialBackoffMs', 'maxBackoffMs', 'timeoutMs'] as const) {
      if (record[key] !== undefined && !isPositiveInt(record[key])) {
        problems.push({ path: `${at}/${key}`, message: `${show(record[key])} is not allowed`, allowed: [`an integer ≥ 1${key === 'maxAttempts' ? '' : ' (milliseconds)'}`] });
      }
    }
  });
  return problems;
}

/** Defaults filled in; call after validateWebhooks found nothing. */
export function resolveWebhooks(inputs: readonly WebhookTargetInput[]): WebhookTarget[] {
  return inputs.map((input) => ({ ...WEBHOOK_DEFAULTS, events: [...DESK_EVENT_TYPES], ...input }));
}

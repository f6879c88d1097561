/**
 * The station's short journal of recent events, uploaded by log-upload.ts: the last `JOURNAL_LIMIT` entries,
 * oldest first. Every outgoing call is an entry, so a fleet under load writes one per call: an answered call is
 * kept as its action name (a string every station shares) and spelled out only when a log is rendered, and the
 * entries live in a ring of parallel arrays, so recording allocates nothing once the ring is full.
 */
import type { CallOutcome } from '../transport/types.js';

/** Journal entries kept; older ones are forgotten (a fleet holds one journal per station). */
export const JOURNAL_LIMIT = 64;

export interface JournalEntry {
  atMs: number;
  text: string;
  /** Part of the security log too (connections, boots, firmware). */
  security: boolean;
}

const NOTE = 0;
const SECURITY_NOTE = 1;
/** An answered call: the item is its action. */
const ANSWERED = 2;

/** Outgoing calls that belong in the security log. */
const SECURITY_ACTION = 'FirmwareStatusNotification';

export class Journal {
  private readonly atMs: number[] = [];
  private readonly items: string[] = [];
  private readonly kinds: number[] = [];
  /** Where the next entry goes once the ring is full: the oldest entry. */
  private head = 0;

  note(atMs: number, text: string, security: boolean): void {
    this.push(atMs, text, security ? SECURITY_NOTE : NOTE);
  }

  call(atMs: number, outcome: CallOutcome): void {
    if (outcome.ok) return this.push(atMs, outcome.action, ANSWERED);
    const text = `sent ${outcome.action} failed ${outcome.errorCode ?? ''}`.trim();
    this.push(atMs, text, outcome.action === SECURITY_ACTION ? SECURITY_NOTE : NOTE);
  }

  /** Oldest first. */
  entries(): JournalEntry[] {
    const count = this.items.length;
    const start = count < JOURNAL_LIMIT ? 0 : this.head;
    const entries: JournalEntry[] = [];
    for (let n = 0; n < count; n++) {
      const i = (start + n) % count;
      const item = this.items[i] as string;
      const kind = this.kinds[i];
      entries.push(
        kind === ANSWERED
          ? { atMs: this.atMs[i] as number, text: `sent ${item} answered`, security: item === SECURITY_ACTION }
          : { atMs: this.atMs[i] as number, text: item, security: kind === SECURITY_NOTE },
      );
    }
    return entries;
  }

  private push(atMs: number, item: string, kind: number): void {
    if (this.items.length < JOURNAL_LIMIT) {
      this.atMs.push(atMs);
      this.items.push(item);
      this.kinds.push(kind);
      return;
    }
    const i = this.head;
    this.atMs[i] = atMs;
    this.items[i] = item;
    this.kinds[i] = kind;
    this.head = (i + 1) % JOURNAL_LIMIT;
  }
}

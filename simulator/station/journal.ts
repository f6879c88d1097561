/**
 * The station's short journal of recent events, uploaded by log-upload.ts: the last `JOURNAL_LIMIT` entries,
 * oldest first. Every outgoing call is an entry, so every station of a fleet fills its journal within its first
 * hours of heartbeats, and a fleet holds one per station: an entry is a time and one string. An answered call is
 * kept as its line (`sent Heartbeat answered`), made once per action and shared by every station; a line that
 * belongs in the security log starts with a marker character, which `entries()` takes off. A line that recurs across
 * the fleet (a status, a boot) is kept once per process too. The entries live in a ring of two parallel arrays, exact
 * in size for the few entries of an idle station and then growing by doubling, so a journal costs about 16 bytes per
 * entry it holds and recording allocates nothing once the ring is full.
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

/** Outgoing calls that belong in the security log. */
const SECURITY_ACTION = 'FirmwareStatusNotification';
/** Starts the stored line of a security entry; a control character no log line of the station begins with. */
const SECURITY_MARK = '\u0001';
/** Up to this many entries the ring grows one entry at a time; then it doubles until JOURNAL_LIMIT. */
const EXACT_CAPACITY = 8;

/** `sent <action> answered` by action: one string per action for the whole process. */
const answeredLines = new Map<string, string>();

function answeredLine(action: string): string {
  let line = answeredLines.get(action);
  if (line === undefined) {
    line = `${action === SECURITY_ACTION ? SECURITY_MARK : ''}sent ${action} answered`;
    answeredLines.set(action, line);
  }
  return line;
}

/** Recurring lines (statuses, boots, commands received) by themselves: one copy per process, not per station. */
const recurringLines = new Map<string, string>();
/** Past this many different recurring lines in one process (a CSMS may vary them), a journal keeps its own copy. */
const MAX_RECURRING_LINES = 4_096;

function recurringLine(line: string): string {
  const known = recurringLines.get(line);
  if (known !== undefined) return known;
  if (recurringLines.size < MAX_RECURRING_LINES) recurringLines.set(line, line);
  return line;
}

export class Journal {
  private atMs: number[] | undefined;
  private lines: string[] | undefined;
  private count = 0;
  /** Where the next entry goes once the ring is full: the oldest entry. */
  private head = 0;

  /** `recurring`: the same text comes from many stations (a status, not a session's energy), so one copy serves them all. */
  note(atMs: number, text: string, security: boolean, recurring = false): void {
    // The marker is the journal's own: a text that began with it would read as a security line.
    let plain = text;
    while (plain.startsWith(SECURITY_MARK)) plain = plain.slice(SECURITY_MARK.length);
    const line = security ? SECURITY_MARK + plain : plain;
    this.push(atMs, recurring ? recurringLine(line) : line);
  }

  call(atMs: number, outcome: CallOutcome): void {
    if (outcome.ok) return this.push(atMs, answeredLine(outcome.action));
    const text = `sent ${outcome.action} failed ${outcome.errorCode ?? ''}`.trim();
    this.note(atMs, text, outcome.action === SECURITY_ACTION, true);
  }

  /** Oldest first. */
  entries(): JournalEntry[] {
    const { count, atMs, lines } = this;
    if (atMs === undefined || lines === undefined) return [];
    const start = count < JOURNAL_LIMIT ? 0 : this.head;
    const entries: JournalEntry[] = [];
    for (let n = 0; n < count; n++) {
      const i = (start + n) % count;
      const line = lines[i] as string;
      const security = line.startsWith(SECURITY_MARK);
      entries.push({ atMs: atMs[i] as number, text: security ? line.slice(SECURITY_MARK.length) : line, security });
    }
    return entries;
  }

  private push(atMs: number, line: string): void {
    if (this.count < JOURNAL_LIMIT) {
      if (this.lines === undefined || this.count === this.lines.length) this.grow();
      (this.atMs as number[])[this.count] = atMs;
      (this.lines as string[])[this.count] = line;
      this.count++;
      return;
    }
    const i = this.head;
    (this.atMs as number[])[i] = atMs;
    (this.lines as string[])[i] = line;
    this.head = (i + 1) % JOURNAL_LIMIT;
  }

  private grow(): void {
    const capacity = this.count < EXACT_CAPACITY ? this.count + 1 : Math.min(JOURNAL_LIMIT, this.count * 2);
    const atMs = new Array<number>(capacity).fill(0);
    const lines = new Array<string>(capacity).fill('');
    for (let i = 0; i < this.count; i++) {
      atMs[i] = (this.atMs as number[])[i] as number;
      lines[i] = (this.lines as string[])[i] as string;
    }
    this.atMs = atMs;
    this.lines = lines;
  }
}

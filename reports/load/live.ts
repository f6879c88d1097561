import type { LiveProgress } from '../../harness/load/result.js';
import { formatCount, formatMs, formatPerS } from './words.js';

/**
 * The live view of a load run. In a terminal it is ONE status line redrawn in place (carriage return, erase line),
 * like k6 or autocannon; other output goes through `log()`, which erases the line, prints, and redraws it, so
 * the two never garble. When the stream is not a terminal (a CI log, a pipe, a file) it prints a plain line every
 * `plainIntervalS` seconds of the run and at every stage change: carriage returns and escape codes would be
 * noise there, and a line a second floods the log (a 10-minute run would be 600 lines; every 5 s gives 120,
 * still enough to see when something went wrong). Time comes from the engine's `elapsedS`, not from a clock here.
 */

/** The part of a Node writable stream the display uses; a tty.WriteStream has `isTTY` and `columns`. */
export interface LiveStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface LiveDisplayOptions {
  /** Where to draw; the CLI passes process.stderr so stdout stays clean for pipes. */
  stream: LiveStream;
  /** Seconds of the run between plain lines when the stream is not a terminal (default 5). */
  plainIntervalS?: number;
  /** Overrides the stream's own `isTTY`. */
  tty?: boolean;
  /** Terminal width when the stream does not report one (default: $COLUMNS, else 80). */
  fallbackColumns?: number;
}

export const DEFAULT_PLAIN_INTERVAL_S = 5;

/** Erase the whole line and return to its start. */
const CLEAR_LINE = '\r\u001b[2K';

export class LiveDisplay {
  private readonly stream: LiveStream;
  private readonly tty: boolean;
  private readonly plainIntervalS: number;
  private readonly fallbackColumns: number;
  private last: LiveProgress | undefined;
  /** Elapsed and stage of the last plain line, to decide when the next is due. */
  private lastPlain: { elapsedS: number; stage: string } | undefined;
  private lastPlainWasLatest = false;
  private drawn = false;
  private finished = false;

  constructor(options: LiveDisplayOptions) {
    this.stream = options.stream;
    this.tty = options.tty ?? options.stream.isTTY === true;
    const interval = options.plainIntervalS ?? DEFAULT_PLAIN_INTERVAL_S;
    if (!(interval > 0)) throw new Error(`LiveDisplay plainIntervalS: expected seconds > 0, got ${interval}`);
    this.plainIntervalS = interval;
    const envColumns = Number(process.env.COLUMNS);
    this.fallbackColumns = options.fallbackColumns ?? (envColumns > 0 ? envColumns : 80);
  }

  /** Whether the display redraws one line in place (else it prints plain lines). */
  get inPlace(): boolean {
    return this.tty;
  }

  update(progress: LiveProgress): void {
    if (this.finished) return;
    this.last = progress;
    if (this.tty) {
      this.redraw();
      return;
    }
    const due =
      this.lastPlain === undefined ||
      progress.stage !== this.lastPlain.stage ||
      progress.elapsedS - this.lastPlain.elapsedS >= this.plainIntervalS - 1e-9;
    if (due) this.printPlain(progress);
    else this.lastPlainWasLatest = false;
  }

  /** Prints a line of other output (a warning, a stage message) without garbling the status line. */
  log(line: string): void {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    if (this.tty && this.drawn && !this.finished) {
      this.stream.write(`${CLEAR_LINE}${text}`);
      this.drawn = false;
      this.redraw();
    } else {
      this.stream.write(text);
    }
  }

  /** Ends the display: the last status stays on screen (TTY) or is printed if it was not (plain), then a newline. */
  finish(final?: LiveProgress): void {
    if (this.finished) return;
    if (final !== undefined) this.last = final;
    if (this.tty) {
      if (this.last !== undefined) this.redraw();
      if (this.drawn) this.stream.write('\n');
    } else if (this.last !== undefined && (final !== undefined || !this.lastPlainWasLatest)) {
      this.printPlain(this.last);
    }
    this.finished = true;
    this.drawn = false;
  }

  private columns(): number {
    const columns = this.stream.columns;
    return columns !== undefined && columns > 0 ? columns : this.fallbackColumns;
  }

  private redraw(): void {
    if (this.last === undefined) return;
    // One column short of the width: writing the last column leaves some terminals about to wrap.
    this.stream.write(`${CLEAR_LINE}${fitProgressLine(this.last, this.columns() - 1)}`);
    this.drawn = true;
  }

  private printPlain(progress: LiveProgress): void {
    this.stream.write(`${progressFields(progress).map((f) => f.long).join('  ')}\n`);
    this.lastPlain = { elapsedS: progress.elapsedS, stage: progress.stage };
    this.lastPlainWasLatest = true;
  }
}

interface Field {
  long: string;
  short: string;
}

/** The fields of a status line, most important first; each has a short form for narrow terminals. */
export function progressFields(p: LiveProgress): Field[] {
  const elapsed = `${p.elapsedS.toFixed(0)}s`;
  const p99 = p.p99SoFarMs === null ? '–' : formatMs(p.p99SoFarMs);
  return [
    { long: `[${elapsed.padStart(5)}]`, short: elapsed },
    { long: p.stage, short: p.stage.length > 10 ? `${p.stage.slice(0, 9)}…` : p.stage },
    {
      long: `stations ${formatCount(p.connected)} connected, ${formatCount(p.booted)} booted of ${formatCount(p.stations)}`,
      short: `conn ${formatCount(p.connected)} boot ${formatCount(p.booted)}/${formatCount(p.stations)}`,
    },
    { long: `calls ${formatPerS(p.callsPerS)}`, short: formatPerS(p.callsPerS) },
    { long: `errors ${formatCount(p.errors)}`, short: `err ${formatCount(p.errors)}` },
    { long: `p99 ${p99}`, short: `p99 ${p99}` },
    { long: `sessions ${formatCount(p.sessionsActive)}`, short: `sess ${formatCount(p.sessionsActive)}` },
  ];
}

/**
 * The status line in at most `width` characters: every field in full if it fits, else short forms from the least
 * important field up, else the least important fields left out, else the text cut with an ellipsis.
 */
export function fitProgressLine(progress: LiveProgress, width: number): string {
  const fields = progressFields(progress);
  const parts = fields.map((f) => f.long);
  const join = (list: string[], gap: string) => list.join(gap);
  let gap = '  ';
  const fits = (list: string[]) => [...join(list, gap)].length <= width;
  if (fits(parts)) return join(parts, gap);
  gap = ' ';
  for (let i = parts.length - 1; i >= 0 && !fits(parts); i--) parts[i] = (fields[i] as Field).short;
  while (parts.length > 2 && !fits(parts)) parts.pop();
  const line = join(parts, gap);
  const chars = [...line];
  if (chars.length <= width) return line;
  return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

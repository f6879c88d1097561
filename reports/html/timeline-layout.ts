import type { TimelineEntry } from '../result.js';

/**
 * Where the timeline's markers and labels go inside one lane. Events close in time would sit on top of each
 * other (a site outage and the first station's no-connectivity are raised in the same millisecond), so a lane
 * grows extra rows: each event takes the first row with room for its marker and a short label. Past
 * MAX_ROWS, an event joins the nearest earlier marker, which then stands for all of them.
 */

export const MARKER_R = 5.5;
/** Average glyph width of the 11px label font, on the generous side so an estimated label never runs long. */
export const CHAR_W = 6.4;
/** The least a label gets when rows are assigned; markers closer than this in time go to separate rows. */
const MIN_LABEL_W = 10 * CHAR_W;
const GAP = 8;
/** Beside the marker, between circle and text. */
const LABEL_OFFSET = MARKER_R + 3;
/** A label shorter than this says too little; the tooltip and the event table carry the text instead. */
const MIN_LABEL_CHARS = 5;
export const MAX_ROWS = 6;

export interface PlacedLabel {
  text: string;
  x: number;
  anchor: 'start' | 'end';
}

export interface PlacedEvent {
  /** The first is the marker's own event; more when the lane ran out of rows. */
  entries: TimelineEntry[];
  cx: number;
  row: number;
  label?: PlacedLabel;
}

/**
 * Lays out one lane's entries (in time order) between `left` and `right`: rows first, then each label gets the
 * room up to the next marker in its row, placed to the left of its marker when that side has more room.
 */
export function layoutLane(entries: readonly TimelineEntry[], x: (ms: number) => number, left: number, right: number): { events: PlacedEvent[]; rows: number } {
  const events: PlacedEvent[] = [];
  const rowEnd: number[] = [];
  for (const entry of entries) {
    const cx = x(entry.atMs);
    let row = rowEnd.findIndex((end) => cx - MARKER_R - GAP >= end);
    if (row === -1 && rowEnd.length < MAX_ROWS) row = rowEnd.push(0) - 1;
    const last = events.at(-1);
    if (row === -1 && last) {
      last.entries.push(entry);
      continue;
    }
    rowEnd[row] = cx + LABEL_OFFSET + MIN_LABEL_W;
    events.push({ entries: [entry], cx, row: Math.max(row, 0) });
  }
  const rows = Math.max(rowEnd.length, 1);
  for (let row = 0; row < rows; row += 1) {
    const inRow = events.filter((e) => e.row === row);
    let usedUpTo = left;
    inRow.forEach((event, i) => {
      const next = inRow[i + 1];
      const rightRoom = (next ? next.cx - MARKER_R - GAP : right) - (event.cx + LABEL_OFFSET);
      const leftRoom = event.cx - LABEL_OFFSET - (usedUpTo + GAP);
      const text = labelText(event.entries);
      const wanted = text.length * CHAR_W;
      const toLeft = rightRoom < wanted && leftRoom > rightRoom;
      const fitted = fit(text, toLeft ? leftRoom : rightRoom);
      if (fitted) {
        const x = toLeft ? event.cx - LABEL_OFFSET : event.cx + LABEL_OFFSET;
        event.label = { text: fitted, x, anchor: toLeft ? 'end' : 'start' };
        usedUpTo = toLeft ? event.cx + MARKER_R : x + fitted.length * CHAR_W;
      } else {
        usedUpTo = event.cx + MARKER_R;
      }
    });
  }
  return { events, rows };
}

function labelText(entries: readonly TimelineEntry[]): string {
  const first = entries[0]?.text ?? '';
  return entries.length > 1 ? `${first} (+${entries.length - 1} more)` : first;
}

/** The text cut with an ellipsis to `room` px, or undefined when too little of it would show. */
function fit(text: string, room: number): string | undefined {
  const chars = Math.floor(room / CHAR_W);
  if (chars >= text.length) return text;
  if (chars < MIN_LABEL_CHARS) return undefined;
  return `${text.slice(0, chars - 1).trimEnd()}…`;
}

import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../reports/result.js';
import { CHAR_W, layoutLane, MARKER_R, MAX_ROWS, type PlacedEvent } from '../../../reports/html/timeline-layout.js';

/** 1 ms per px from x = 100, so times read as positions. */
const x = (ms: number) => 100 + ms;
const LEFT = 90;
const RIGHT = 1000;

function entry(atMs: number, text: string): TimelineEntry {
  return { atMs, kind: 'issue-raised', text };
}

/** The x range a placed label covers, as the layout estimates it. */
function span(event: PlacedEvent): [number, number] {
  const label = event.label;
  if (!label) return [event.cx - MARKER_R, event.cx + MARKER_R];
  const width = label.text.length * CHAR_W;
  return label.anchor === 'start' ? [event.cx - MARKER_R, label.x + width] : [label.x - width, event.cx + MARKER_R];
}

describe('layoutLane', () => {
  it('puts events at the same moment on separate rows, each with its own label', () => {
    const { events, rows } = layoutLane([entry(500, 'no-connectivity raised on S1-CP1'), entry(500, 'site-outage raised on site S1')], x, LEFT, RIGHT);
    expect(rows).toBe(2);
    expect(events.map((e) => e.row)).toEqual([0, 1]);
    expect(events.map((e) => e.label?.text)).toEqual(['no-connectivity raised on S1-CP1', 'site-outage raised on site S1']);
  });

  it('keeps events far apart on one row', () => {
    const { events, rows } = layoutLane([entry(0, 'first'), entry(400, 'second')], x, LEFT, RIGHT);
    expect(rows).toBe(1);
    expect(events.map((e) => e.row)).toEqual([0, 0]);
  });

  it('shortens a label to the next marker in its row with an ellipsis, and never overlaps it', () => {
    const long = 'escalated to field-engineering: safety fault GroundFailure: connector taken out of service';
    const { events } = layoutLane([entry(0, long), entry(150, 'work order WO-1 opened')], x, LEFT, RIGHT);
    const [first, second] = events;
    if (!first || !second) throw new Error('two events expected');
    expect(first.row).toBe(second.row);
    expect(first.label?.text.endsWith('…')).toBe(true);
    expect(long.startsWith(first.label?.text.slice(0, -1) ?? 'x')).toBe(true);
    expect(span(first)[1]).toBeLessThan(span(second)[0]);
  });

  it('puts a label left of a marker near the right edge, inside the chart', () => {
    const { events } = layoutLane([entry(880, 'connector back to Available')], x, LEFT, RIGHT);
    const label = events[0]?.label;
    expect(label?.anchor).toBe('end');
    expect(label?.text).toBe('connector back to Available');
    expect(span(events[0] as PlacedEvent)[0]).toBeGreaterThanOrEqual(LEFT);
  });

  it(`groups events beyond ${MAX_ROWS} rows into the last marker, whose label says how many more`, () => {
    const burst = Array.from({ length: MAX_ROWS + 3 }, (_, i) => entry(300, `no-connectivity raised on S1-CP${i + 1}`));
    const { events, rows } = layoutLane(burst, x, LEFT, RIGHT);
    expect(rows).toBe(MAX_ROWS);
    expect(events).toHaveLength(MAX_ROWS);
    expect(events.at(-1)?.entries).toHaveLength(4);
    expect(events.at(-1)?.label?.text).toBe(`no-connectivity raised on S1-CP${MAX_ROWS} (+3 more)`);
    expect(events.flatMap((e) => e.entries)).toHaveLength(burst.length);
  });

  it('never lets two labels of a row overlap, however crowded the lane', () => {
    const crowded = Array.from({ length: 40 }, (_, i) => entry((i * 37) % 900, `event number ${i} with a fairly long description`));
    crowded.sort((a, b) => a.atMs - b.atMs);
    const { events } = layoutLane(crowded, x, LEFT, RIGHT);
    for (let row = 0; row < MAX_ROWS; row += 1) {
      const spans = events.filter((e) => e.row === row).map(span);
      spans.forEach(([, end], i) => {
        const next = spans[i + 1];
        if (next) expect(end, `row ${row} item ${i}`).toBeLessThan(next[0]);
      });
      for (const [start, end] of spans) {
        expect(start).toBeGreaterThanOrEqual(LEFT);
        expect(end).toBeLessThanOrEqual(RIGHT);
      }
    }
  });
});

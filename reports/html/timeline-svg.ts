import { formatDurationMs } from '../../simulator/duration.js';
import type { ScenarioResult, TimelineEntry, TimelineKind } from '../result.js';
import { round, timeAxis } from './axis.js';
import { html, type Markup } from './markup.js';
import { layoutLane, MARKER_R, type PlacedEvent } from './timeline-layout.js';

/**
 * The scenario's timeline as an inline SVG on a simulated-time axis: one lane per phase, in the order a desk
 * works through an incident (fault → detection → remote actions → escalation → recovery), with the scenario's own
 * steps on top. A lane grows a row for each event that would hide another; every marker's tooltip holds its full text.
 */

type Lane = 'step' | 'fault' | 'detection' | 'action' | 'escalation' | 'recovery';

const LANES: readonly { id: Lane; label: string }[] = [
  { id: 'step', label: 'Steps' },
  { id: 'fault', label: 'Fault / status' },
  { id: 'detection', label: 'Detection' },
  { id: 'action', label: 'Remote actions' },
  { id: 'escalation', label: 'Escalation' },
  { id: 'recovery', label: 'Recovery' },
];

/**
 * Exhaustive, so a new TimelineKind in result.ts must be given a lane here. The runner writes `status` when a
 * connector goes out of service (Faulted, Unavailable) and `recovery` when it is back, so `status` is a fault.
 */
const LANE_OF: Record<TimelineKind, Lane> = {
  step: 'step',
  fault: 'fault',
  status: 'fault',
  'issue-raised': 'detection',
  'issue-resolved': 'detection',
  action: 'action',
  command: 'action',
  escalation: 'escalation',
  'work-order': 'escalation',
  technician: 'escalation',
  recovery: 'recovery',
  'session-refused': 'step',
};

/** Kinds drawn as hollow markers: the end of something rather than an event that needs attention. */
const HOLLOW: ReadonlySet<TimelineKind> = new Set(['issue-resolved', 'status']);

const WIDTH = 1000;
const LABEL_W = 120;
const RIGHT_PAD = 16;
const TOP_PAD = 8;
const ROW_H = 22;
const LANE_PAD = 6;
const AXIS_H = 26;
/** Keeps a marker at 0 clear of the lane labels. */
const AXIS_INSET = 10;

export function timelineSvg(scenario: ScenarioResult): Markup {
  if (scenario.timeline.length === 0) {
    const why = scenario.status === 'skipped' ? 'Not run' : 'No events were recorded';
    return html`<svg class="chart timeline empty" viewBox="0 0 ${WIDTH} 48" role="img" aria-label="Timeline: ${why}">
<text class="placeholder" x="${WIDTH / 2}" y="28" text-anchor="middle">${why}</text></svg>`;
  }
  const lastEventMs = Math.max(...scenario.timeline.map((e) => e.atMs));
  const x0 = LABEL_W + AXIS_INSET;
  const axis = timeAxis(Math.max(scenario.simulatedDurationMs, lastEventMs), x0, WIDTH - RIGHT_PAD);
  // Stable: events at the same moment keep the order the runner observed them in.
  const ordered = [...scenario.timeline].sort((a, b) => a.atMs - b.atMs);

  let top = TOP_PAD;
  const lanes = LANES.map((lane) => {
    const laid = layoutLane(ordered.filter((e) => LANE_OF[e.kind] === lane.id), axis.x, x0 - MARKER_R, WIDTH - 4);
    const y = top;
    const height = LANE_PAD * 2 + laid.rows * ROW_H;
    top += height;
    return { ...lane, ...laid, y, height };
  });
  const lanesBottom = top;
  const height = lanesBottom + AXIS_H;

  const backgrounds = lanes.map(
    (lane) => html`<g class="lane lane-${lane.id}">
<rect class="lane-bg" x="0" y="${lane.y}" width="${WIDTH}" height="${lane.height}"/>
<text class="lane-label" x="${LABEL_W - 12}" y="${lane.y + LANE_PAD + ROW_H / 2 + 4}" text-anchor="end">${lane.label}</text>
${Array.from({ length: lane.rows }, (_, row) => {
  const y = rowY(lane.y, row);
  return html`<line class="lane-line" x1="${x0}" x2="${WIDTH - RIGHT_PAD}" y1="${y}" y2="${y}"/>`;
})}
</g>`,
  );

  const grid = axis.ticksMs.map(
    (t) => html`<line class="grid" x1="${axis.x(t)}" x2="${axis.x(t)}" y1="${TOP_PAD}" y2="${lanesBottom}"/>
<text class="tick" x="${axis.x(t)}" y="${lanesBottom + 17}" text-anchor="middle">${t === 0 ? '0' : formatDurationMs(t)}</text>`,
  );

  const end =
    scenario.simulatedDurationMs > 0
      ? html`<line class="end-line" x1="${axis.x(scenario.simulatedDurationMs)}" x2="${axis.x(scenario.simulatedDurationMs)}" y1="${TOP_PAD}" y2="${lanesBottom}"><title>Scenario end at ${formatDurationMs(scenario.simulatedDurationMs)}</title></line>`
      : '';

  const markers = lanes.map(
    (lane) => html`<g class="lane-events" data-lane="${lane.id}">${lane.events.map((event) => marker(event, rowY(lane.y, event.row)))}</g>`,
  );

  return html`<svg class="chart timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of ${scenario.name} in simulated time">
${backgrounds}${grid}${end}
<line class="axis" x1="${x0}" x2="${WIDTH - RIGHT_PAD}" y1="${lanesBottom}" y2="${lanesBottom}"/>
${markers}
</svg>`;
}

/** The centre line of a row inside a lane. */
function rowY(laneTop: number, row: number): number {
  return laneTop + LANE_PAD + row * ROW_H + ROW_H / 2;
}

function marker(event: PlacedEvent, cy: number): Markup {
  const first = event.entries[0] as TimelineEntry;
  const label = event.label;
  const grouped = event.entries.length > 1 ? ' grouped' : '';
  return html`<g class="event k-${first.kind}${HOLLOW.has(first.kind) ? ' hollow' : ''}${grouped}">
<title>${event.entries.map(tooltip).join('\n\n')}</title>
<circle cx="${event.cx}" cy="${cy}" r="${MARKER_R}"/>${
    label
      ? html`<text class="event-label" x="${round(label.x)}" y="${cy + 4}" text-anchor="${label.anchor}">${label.text}</text>`
      : ''
  }
</g>`;
}

function tooltip(entry: TimelineEntry): string {
  const where = [
    entry.siteId !== undefined ? `site ${entry.siteId}` : '',
    entry.stationId ?? '',
    entry.connectorId !== undefined ? `connector ${entry.connectorId}` : '',
  ].filter(Boolean);
  return `${formatDurationMs(entry.atMs)} · ${entry.kind}${where.length ? ` · ${where.join(' ')}` : ''}\n${entry.text}`;
}

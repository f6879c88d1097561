import { formatDurationMs } from '../../simulator/duration.js';
import type { ScenarioResult, TimelineEntry, TimelineKind } from '../result.js';
import { round, timeAxis } from './axis.js';
import { html, type Markup } from './markup.js';

/**
 * The scenario's timeline as an inline SVG on a simulated-time axis: one lane per phase, in the order a desk
 * works through an incident (fault → detection → remote actions → escalation → recovery), with the scenario's own
 * steps on top. Labels that would collide are left to the marker's tooltip and the event table below the chart.
 */

type Lane = 'step' | 'fault' | 'detection' | 'action' | 'escalation' | 'recovery';

const LANES: readonly { id: Lane; label: string }[] = [
  { id: 'step', label: 'Steps' },
  { id: 'fault', label: 'Fault' },
  { id: 'detection', label: 'Detection' },
  { id: 'action', label: 'Remote actions' },
  { id: 'escalation', label: 'Escalation' },
  { id: 'recovery', label: 'Recovery' },
];

/** Exhaustive, so a new TimelineKind in result.ts must be given a lane here. */
const LANE_OF: Record<TimelineKind, Lane> = {
  step: 'step',
  fault: 'fault',
  'issue-raised': 'detection',
  'issue-resolved': 'detection',
  action: 'action',
  command: 'action',
  escalation: 'escalation',
  'work-order': 'escalation',
  technician: 'escalation',
  status: 'recovery',
  recovery: 'recovery',
  'session-refused': 'step',
};

/** Kinds drawn as hollow markers: the end of something rather than an event that needs attention. */
const HOLLOW: ReadonlySet<TimelineKind> = new Set(['issue-resolved', 'status']);

const WIDTH = 1000;
const LABEL_W = 120;
const RIGHT_PAD = 16;
const TOP_PAD = 8;
const LANE_H = 34;
const AXIS_H = 26;
const CHAR_W = 6.1;
const MAX_LABEL_CHARS = 34;
/** Keeps a marker at 0 clear of the lane labels. */
const AXIS_INSET = 10;

export function timelineSvg(scenario: ScenarioResult): Markup {
  if (scenario.timeline.length === 0) {
    const why = scenario.status === 'skipped' ? 'Not run' : 'No events were recorded';
    return html`<svg class="chart timeline empty" viewBox="0 0 ${WIDTH} 48" role="img" aria-label="Timeline: ${why}">
<text class="placeholder" x="${WIDTH / 2}" y="28" text-anchor="middle">${why}</text></svg>`;
  }
  const lastEventMs = Math.max(...scenario.timeline.map((e) => e.atMs));
  const axis = timeAxis(Math.max(scenario.simulatedDurationMs, lastEventMs), LABEL_W + AXIS_INSET, WIDTH - RIGHT_PAD);
  const lanesBottom = TOP_PAD + LANES.length * LANE_H;
  const height = lanesBottom + AXIS_H;

  const lanes = LANES.map((lane, i) => {
    const y = TOP_PAD + i * LANE_H;
    return html`<g class="lane lane-${lane.id}">
<rect class="lane-bg" x="0" y="${y}" width="${WIDTH}" height="${LANE_H}"/>
<text class="lane-label" x="${LABEL_W - 12}" y="${y + LANE_H / 2 + 4}" text-anchor="end">${lane.label}</text>
<line class="lane-line" x1="${LABEL_W + AXIS_INSET}" x2="${WIDTH - RIGHT_PAD}" y1="${y + LANE_H / 2 + 6}" y2="${y + LANE_H / 2 + 6}"/>
</g>`;
  });

  const grid = axis.ticksMs.map(
    (t) => html`<line class="grid" x1="${axis.x(t)}" x2="${axis.x(t)}" y1="${TOP_PAD}" y2="${lanesBottom}"/>
<text class="tick" x="${axis.x(t)}" y="${lanesBottom + 17}" text-anchor="middle">${t === 0 ? '0' : formatDurationMs(t)}</text>`,
  );

  const end =
    scenario.simulatedDurationMs > 0
      ? html`<line class="end-line" x1="${axis.x(scenario.simulatedDurationMs)}" x2="${axis.x(scenario.simulatedDurationMs)}" y1="${TOP_PAD}" y2="${lanesBottom}"><title>Scenario end at ${formatDurationMs(scenario.simulatedDurationMs)}</title></line>`
      : '';

  const labelEnd = new Map<Lane, number>();
  const markers = scenario.timeline.map((entry) => {
    const lane = LANE_OF[entry.kind];
    const laneIndex = LANES.findIndex((l) => l.id === lane);
    const cy = TOP_PAD + laneIndex * LANE_H + LANE_H / 2 + 6;
    const cx = axis.x(entry.atMs);
    return html`<g class="event k-${entry.kind}${HOLLOW.has(entry.kind) ? ' hollow' : ''}">
<title>${tooltip(entry)}</title>
<circle cx="${cx}" cy="${cy}" r="5.5"/>${label(entry, cx, cy, lane, labelEnd)}
</g>`;
  });

  return html`<svg class="chart timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of ${scenario.name} in simulated time">
${lanes}${grid}${end}
<line class="axis" x1="${LABEL_W + AXIS_INSET}" x2="${WIDTH - RIGHT_PAD}" y1="${lanesBottom}" y2="${lanesBottom}"/>
${markers}
</svg>`;
}

/** Places a short label above the marker when it fits beside the previous one in the lane; else the tooltip carries it. */
function label(entry: TimelineEntry, cx: number, cy: number, lane: Lane, labelEnd: Map<Lane, number>): Markup | '' {
  const text = entry.text.length > MAX_LABEL_CHARS ? `${entry.text.slice(0, MAX_LABEL_CHARS - 1)}…` : entry.text;
  const width = text.length * CHAR_W;
  const rightAligned = cx + width > WIDTH - RIGHT_PAD;
  const start = rightAligned ? cx - width : cx - 4;
  if (start < (labelEnd.get(lane) ?? LABEL_W - 16) + 8) return '';
  labelEnd.set(lane, start + width);
  return html`<text class="event-label" x="${round(rightAligned ? cx + 4 : cx - 4)}" y="${cy - 9}" text-anchor="${rightAligned ? 'end' : 'start'}">${text}</text>`;
}

function tooltip(entry: TimelineEntry): string {
  const where = [
    entry.siteId !== undefined ? `site ${entry.siteId}` : '',
    entry.stationId ?? '',
    entry.connectorId !== undefined ? `connector ${entry.connectorId}` : '',
  ].filter(Boolean);
  return `${formatDurationMs(entry.atMs)} · ${entry.kind}${where.length ? ` · ${where.join(' ')}` : ''}\n${entry.text}`;
}

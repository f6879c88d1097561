import { formatDurationMs } from '../../simulator/duration.js';
import type { Detection, ScenarioResult } from '../result.js';
import { round, timeAxis } from './axis.js';
import { html, type Markup } from './markup.js';

/**
 * Detection latency against its budget as an inline SVG bar chart: one row per expected detection, the bar is
 * the simulated time from fault to issue, the marker is the budget. A bar is red when the detection failed or
 * came after its budget; one never raised is drawn as a dashed red bar across the chart.
 */

const WIDTH = 1000;
const LABEL_W = 240;
const RIGHT_PAD = 170;
const TOP_PAD = 10;
const ROW_H = 30;
const BAR_H = 14;
const AXIS_H = 26;

export function latencySvg(scenario: ScenarioResult): Markup {
  const rows = scenario.detections;
  if (rows.length === 0) {
    const why = scenario.status === 'skipped' ? 'Not run' : 'This scenario expects no detection';
    return html`<svg class="chart latency empty" viewBox="0 0 ${WIDTH} 48" role="img" aria-label="Detection latency: ${why}">
<text class="placeholder" x="${WIDTH / 2}" y="28" text-anchor="middle">${why}</text></svg>`;
  }
  const largest = Math.max(...rows.flatMap((d) => [d.budgetMs, d.latencyMs ?? 0]));
  const axis = timeAxis(largest * 1.1, LABEL_W, WIDTH - RIGHT_PAD, 6);
  const rowsBottom = TOP_PAD + rows.length * ROW_H;
  const height = rowsBottom + AXIS_H;

  const grid = axis.ticksMs.map(
    (t) => html`<line class="grid" x1="${axis.x(t)}" x2="${axis.x(t)}" y1="${TOP_PAD}" y2="${rowsBottom}"/>
<text class="tick" x="${axis.x(t)}" y="${rowsBottom + 17}" text-anchor="middle">${t === 0 ? '0' : formatDurationMs(t)}</text>`,
  );

  const bars = rows.map((detection, i) => row(detection, TOP_PAD + i * ROW_H, axis.x));

  return html`<svg class="chart latency" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Detection latency against budget for ${scenario.name}">
${grid}
<line class="axis" x1="${LABEL_W}" x2="${WIDTH - RIGHT_PAD}" y1="${rowsBottom}" y2="${rowsBottom}"/>
${bars}
</svg>`;
}

function row(d: Detection, top: number, x: (ms: number) => number): Markup {
  const barY = top + (ROW_H - BAR_H) / 2;
  const mid = top + ROW_H / 2 + 4;
  const where = d.stationId ?? (d.siteId !== undefined ? `site ${d.siteId}` : 'network');
  const never = d.latencyMs === undefined;
  const late = never || !d.passed || (d.latencyMs ?? 0) > d.budgetMs;
  const barEnd = never ? WIDTH - RIGHT_PAD : x(d.latencyMs ?? 0);
  const value = never ? 'never raised' : formatDurationMs(d.latencyMs ?? 0);
  const budgetX = x(d.budgetMs);
  const summary = `${d.issueType} on ${where}: ${never ? 'never raised' : `raised after ${value}`}, budget ${formatDurationMs(d.budgetMs)}`;
  return html`<g class="detection ${late ? 'late' : 'on-time'}${never ? ' never' : ''}">
<title>${summary}</title>
<text class="row-label" x="${LABEL_W - 12}" y="${mid}" text-anchor="end">${d.issueType}<tspan class="row-where"> · ${where}</tspan></text>
<rect class="bar" x="${LABEL_W}" y="${barY}" width="${round(Math.max(barEnd - LABEL_W, 2))}" height="${BAR_H}" rx="2"/>
<line class="budget" x1="${budgetX}" x2="${budgetX}" y1="${top + 3}" y2="${top + ROW_H - 3}"/>
<path class="budget-cap" d="M${round(budgetX - 4)} ${top + 2}h8l-4 5z"/>
<text class="value" x="${round(barEnd + 8)}" y="${mid}">${value}<tspan class="value-budget"> / ${formatDurationMs(d.budgetMs)}</tspan></text>
</g>`;
}

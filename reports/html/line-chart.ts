import { formatDurationMs } from '../../simulator/duration.js';
import { logAxis, round, timeAxis, valueAxis } from './axis.js';
import { html, type Markup } from './markup.js';

/**
 * A line chart over time as inline SVG: one `<path>` per series (a gap in the data is a gap in the line), a time
 * axis along the bottom, a value axis with its unit on the left, and optional labelled bands (a load run's stages).
 * The caller draws the legend in HTML, where it wraps on a narrow screen.
 */

export interface LineSeries {
  name: string;
  /** A colour from the caller's own palette, never from data. */
  color: string;
  /** [x in ms, y]; null where the series has no value (the line breaks there). */
  points: ([number, number] | null)[];
}

export interface LineChart {
  /** Accessible name of the chart. */
  title: string;
  /** Axis title with the unit, e.g. "p99 latency (ms)". */
  yTitle: string;
  /** A y tick label with its unit, e.g. "250 ms". */
  formatY: (value: number) => string;
  xMaxMs: number;
  /** `log` for values spanning decades (latencies); default linear from 0. */
  scale?: 'linear' | 'log';
  /** Whole-number values (counts): linear ticks at whole steps only. */
  integer?: boolean;
  series: LineSeries[];
  bands?: { fromMs: number; toMs: number; label: string }[];
}

export interface ChartSize {
  width: number;
  height: number;
  xTicks: number;
  yTicks: number;
  /** Extra class on the <svg>, e.g. the variant shown at this screen width. */
  className: string;
}

/** Room for the tick labels; the top holds the axis title, then the stage labels. */
const PAD = { left: 62, right: 14, top: 36, bottom: 44 };
/** Past this many points per series, each pixel column keeps its highest value: spikes survive, the file stays small. */
const POINTS_PER_PX = 1;

export function lineChartSvg(chart: LineChart, size: ChartSize): Markup {
  const { width, height } = size;
  const x0 = PAD.left;
  const x1 = width - PAD.right;
  const yBottom = height - PAD.bottom;
  const yTop = PAD.top;
  const time = timeAxis(chart.xMaxMs, x0, x1, size.xTicks);
  const all = chart.series.flatMap((s) => s.points.flatMap((p) => (p ? [p[1]] : [])));
  const highest = Math.max(0, ...all);
  const values =
    chart.scale === 'log'
      ? logAxis(Math.min(...all.filter((v) => v > 0)), highest, yBottom, yTop)
      : valueAxis(highest * 1.05, yBottom, yTop, size.yTicks, chart.integer === true);

  const bands = (chart.bands ?? []).map((band, i) => {
    const bx0 = time.x(band.fromMs);
    const bx1 = time.x(band.toMs);
    // a label only where it fits (about 6.5 units a character at this font size)
    const fits = bx1 - bx0 > band.label.length * 6.5 + 8;
    return html`<g class="band${i % 2 ? ' odd' : ''}"><rect x="${bx0}" y="${yTop}" width="${round(Math.max(0, bx1 - bx0))}" height="${yBottom - yTop}"/>${
      i > 0 ? html`<line class="band-edge" x1="${bx0}" x2="${bx0}" y1="${yTop - 4}" y2="${yBottom}"/>` : ''
    }${fits ? html`<text class="band-label" x="${round(bx0 + 4)}" y="${yTop - 6}">${band.label}</text>` : ''}<title>${band.label}</title></g>`;
  });
  const yGrid = values.ticks.map(
    (v) => html`<line class="grid" x1="${x0}" x2="${x1}" y1="${values.y(v)}" y2="${values.y(v)}"/><text class="tick y-tick" x="${x0 - 6}" y="${round(values.y(v) + 4)}" text-anchor="end">${chart.formatY(v)}</text>`,
  );
  // The first label starts at the axis (clear of the value axis' "0"), the last ends at the edge, the rest are centred.
  const lastTick = time.ticksMs.length - 1;
  const xTicks = time.ticksMs.map(
    (t, i) => html`<line class="tick-mark" x1="${time.x(t)}" x2="${time.x(t)}" y1="${yBottom}" y2="${yBottom + 4}"/><text class="tick x-tick" x="${time.x(t)}" y="${yBottom + 17}" text-anchor="${i === 0 ? 'start' : i === lastTick ? 'end' : 'middle'}">${t === 0 ? '0 s' : formatDurationMs(t)}</text>`,
  );
  const maxPoints = Math.max(2, Math.floor((x1 - x0) * POINTS_PER_PX));
  const paths = chart.series.map(
    (s) => html`<path class="series" data-series="${s.name}" stroke="${s.color}" d="${pathData(thin(s.points, maxPoints), time.x, values.y)}"><title>${s.name}</title></path>`,
  );
  return html`<svg class="chart line-chart ${size.className}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${chart.title}">
${bands}
${yGrid}
<line class="axis" x1="${x0}" x2="${x1}" y1="${yBottom}" y2="${yBottom}"/>
<line class="axis" x1="${x0}" x2="${x0}" y1="${yTop}" y2="${yBottom}"/>
${xTicks}
<text class="axis-title y-title" x="4" y="13">${chart.yTitle}</text>
<text class="axis-title x-title" x="${x1}" y="${height - 6}" text-anchor="end">time since start</text>
${paths}
</svg>`;
}

/** SVG path data; a null point ends a run and the next value starts a new one ("M"); a lone point is a dot. */
function pathData(points: ([number, number] | null)[], x: (ms: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let drawing = false;
  let runLength = 0;
  for (const point of points) {
    if (point === null) {
      if (runLength === 1) parts.push('l0 0');
      drawing = false;
      runLength = 0;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${x(point[0])} ${y(point[1])}`);
    drawing = true;
    runLength++;
  }
  if (runLength === 1) parts.push('l0 0');
  return parts.join('');
}

/** At most `max` points: consecutive points are merged into buckets that keep the highest value at the bucket's last time. */
export function thin(points: ([number, number] | null)[], max: number): ([number, number] | null)[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: ([number, number] | null)[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size).filter((p): p is [number, number] => p !== null);
    const last = bucket[bucket.length - 1];
    out.push(last ? [last[0], Math.max(...bucket.map((p) => p[1]))] : null);
  }
  return out;
}

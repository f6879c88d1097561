import type { LoadResult, TimeSeriesPoint } from '../../harness/load/result.js';
import { lineChartSvg, type LineChart, type LineSeries } from '../html/line-chart.js';
import { html, type Markup } from '../html/markup.js';
import { formatCount } from './words.js';

/**
 * The load report's charts over time, from `timeSeries` (one point per real second): stations connected and
 * booted, calls and errors per second, p99 latency per action, sessions active. Each is drawn twice, for a wide
 * and a narrow screen (CSS shows one): an SVG scales its text with its width, so one drawing cannot be readable
 * both at 1280 px and at 390 px.
 */

/** Distinct on white and for the common colour-vision deficiencies; a ninth series reuses the first colour. */
export const PALETTE = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#1b7c83', '#bc4c00', '#e85aad'];

const WIDE = { width: 640, height: 270, xTicks: 8, yTicks: 5, className: 'wide' };
const NARROW = { width: 400, height: 290, xTicks: 4, yTicks: 4, className: 'narrow' };

function color(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

function series(points: TimeSeriesPoint[], name: string, index: number, value: (p: TimeSeriesPoint) => number | undefined): LineSeries {
  return {
    name,
    color: color(index),
    points: points.map((p) => {
      const v = value(p);
      return v === undefined || !Number.isFinite(v) ? null : [p.t * 1_000, v];
    }),
  };
}

/** Consecutive seconds of the same stage, as bands from the start of their first second to the end of their last. */
function stageBands(points: TimeSeriesPoint[]): NonNullable<LineChart['bands']> {
  const bands: NonNullable<LineChart['bands']> = [];
  let previousEnd = 0;
  for (const p of points) {
    const last = bands[bands.length - 1];
    if (last && last.label === p.stage) last.toMs = p.t * 1_000;
    else bands.push({ fromMs: previousEnd, toMs: p.t * 1_000, label: p.stage });
    previousEnd = p.t * 1_000;
  }
  return bands;
}

/** Actions in the order of the result (sorted by name), then any only the time series names. */
function actionNames(result: LoadResult): string[] {
  const names = new Set(result.actions.map((a) => a.action));
  for (const p of result.timeSeries) for (const name of Object.keys(p.p99ByAction)) names.add(name);
  const seen = [...names].filter((name) => result.timeSeries.some((p) => p.p99ByAction[name] !== undefined));
  return seen;
}

export function loadCharts(result: LoadResult): LineChart[] {
  const points = result.timeSeries;
  const xMaxMs = Math.max(result.elapsedS, points[points.length - 1]?.t ?? 0) * 1_000;
  const bands = stageBands(points);
  const count = (v: number) => formatCount(v);
  return [
    {
      title: 'Stations connected and booted over time',
      yTitle: 'stations',
      formatY: count,
      integer: true,
      xMaxMs,
      bands,
      series: [series(points, 'connected', 0, (p) => p.connected), series(points, 'booted', 2, (p) => p.booted)],
    },
    {
      title: 'Calls and errors per second over time',
      yTitle: 'per second (/s)',
      formatY: (v) => `${count(v)} /s`,
      xMaxMs,
      bands,
      series: [series(points, 'calls/s', 0, (p) => p.callsPerS), series(points, 'errors/s', 1, (p) => p.errorsPerS)],
    },
    {
      title: 'p99 latency of answered calls per action over time',
      yTitle: 'p99 latency (ms, log scale)',
      formatY: (v) => `${v < 1 ? v : count(v)} ms`,
      xMaxMs,
      scale: 'log',
      bands,
      series: actionNames(result).map((name, i) => series(points, name, i, (p) => p.p99ByAction[name])),
    },
    {
      title: 'Sessions active over time',
      yTitle: 'sessions',
      formatY: count,
      integer: true,
      xMaxMs,
      bands,
      series: [series(points, 'sessions active', 3, (p) => p.sessionsActive)],
    },
  ];
}

/** The charts panel: each chart with its heading, wide and narrow drawings, and an HTML legend. */
export function chartsPanel(result: LoadResult): Markup {
  if (result.timeSeries.length === 0) {
    return html`<section class="panel card-box" id="charts"><h2>Over time</h2><p class="muted">No time series: the run ended before its first second.</p></section>`;
  }
  const headings = ['Stations', 'Calls and errors', 'p99 latency per action', 'Sessions active'];
  return html`<section class="panel card-box" id="charts">
<h2>Over time <span class="hint">real time, one point per second · shaded: stages</span></h2>
<div class="chart-grid">${loadCharts(result).map(
    (chart, i) => html`<figure class="load-chart" data-chart="${i}">
<figcaption>${headings[i] ?? chart.title}</figcaption>
${lineChartSvg(chart, WIDE)}${lineChartSvg(chart, NARROW)}
<ul class="legend">${chart.series.map(
      (s) => html`<li><span class="swatch-line" style="background:${s.color}"></span>${s.name}</li>`,
    )}</ul>
</figure>`,
  )}</div>
</section>`;
}

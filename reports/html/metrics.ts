import { formatDurationMs } from '../../simulator/duration.js';
import { html, type Markup } from './markup.js';

/**
 * The metrics panel: each number in its unit, with one line on what it measures. The runner's metric names and
 * units are listed in harness/runner/scenario/model.ts (METRICS); a unit test keeps this table covering them.
 */

type Unit = 'duration' | 'percent' | 'count';

export const METRIC_WORDS: Record<string, { unit: Unit; explanation: string }> = {
  'detection-latency-p50': { unit: 'duration', explanation: 'Median time from a fault to its expected issue being raised.' },
  'detection-latency-p95': { unit: 'duration', explanation: '95th percentile of the time from a fault to its expected issue.' },
  'detection-latency-p99': { unit: 'duration', explanation: '99th percentile of the time from a fault to its expected issue.' },
  'detection-latency-max': { unit: 'duration', explanation: 'Slowest detection: the longest time from a fault to its expected issue.' },
  'time-to-remote-recovery-mean': { unit: 'duration', explanation: 'Mean time from an issue being raised to its verified remote recovery.' },
  'time-to-remote-recovery-median': { unit: 'duration', explanation: 'Median time from an issue being raised to its verified remote recovery.' },
  'first-contact-resolution-rate': {
    unit: 'percent',
    explanation: 'Tickets the desk closed by a remote action, of those it had to act on (docs/domain.md §6).',
  },
  'repeat-incident-rate': {
    unit: 'percent',
    explanation: 'Tickets raised within 7 days of the same station’s previous one, of all tickets (docs/domain.md §6).',
  },
};

/** The unit of a metric the table does not know, from its name: `…-ms` is a duration, `…-rate` a percentage. */
function unitOf(name: string): Unit {
  const known = METRIC_WORDS[name];
  if (known) return known.unit;
  if (name.endsWith('-ms')) return 'duration';
  return name.endsWith('-rate') || name.endsWith('-percent') ? 'percent' : 'count';
}

/** "12m53s", "87.5 %", "3"; a duration also gives its exact milliseconds for the tooltip. */
export function formatMetric(name: string, value: number): { text: string; exact: string } {
  const unit = unitOf(name);
  if (unit === 'duration') return { text: formatDurationMs(value), exact: `${Math.round(value)} ms` };
  if (unit === 'percent') return { text: `${round(value, 1)} %`, exact: `${value} %` };
  return { text: Number.isInteger(value) ? String(value) : String(round(value, 3)), exact: String(value) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function metricsPanel(values: Record<string, number>): Markup {
  const entries = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return html`<section class="panel">
<h3>Metrics <span class="hint">simulated time</span></h3>
<dl class="metrics">${entries.map(([name, value]) => {
    const { text, exact } = formatMetric(name, value);
    const explanation = METRIC_WORDS[name]?.explanation;
    return html`<div class="metric"><dt>${name}</dt><dd title="${exact}">${text}</dd>${
      explanation ? html`<dd class="metric-help">${explanation}</dd>` : ''
    }</div>`;
  })}</dl>
</section>`;
}

/**
 * k6's end-of-test summary data → JUnit XML (one test case per threshold, as CI systems read them) and a short text
 * for stdout. k6 passes `handleSummary(data)` the object typed here (the fields used, per k6's documentation of
 * custom summaries); no k6 import, so Node tests it too.
 */

export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function shown(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
    .join(' ');
}

/** Every threshold of every metric, sorted by metric then expression. */
export function thresholdResults(data: SummaryData): { metric: string; expression: string; ok: boolean; values: Record<string, number> }[] {
  return Object.entries(data.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([metric, m]) =>
      Object.entries(m.thresholds ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([expression, t]) => ({ metric, expression, ok: t.ok, values: m.values })),
    );
}

export function junitXml(data: SummaryData, suite: string): string {
  const results = thresholdResults(data);
  const failures = results.filter((r) => !r.ok).length;
  const seconds = ((data.state?.testRunDurationMs ?? 0) / 1000).toFixed(3);
  const cases = results.map((r) => {
    const open = `    <testcase classname="${xml(r.metric)}" name="${xml(`${r.metric} ${r.expression}`)}">`;
    if (r.ok) return `${open}</testcase>`;
    return `${open}\n      <failure message="${xml(`${r.metric} failed ${r.expression}`)}">${xml(shown(r.values))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(suite)}" tests="${results.length}" failures="${failures}" time="${seconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${failures}" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The call latencies per action and the thresholds' verdicts, for the terminal. */
export function textSummary(data: SummaryData, trend: string): string {
  const lines = [`${trend}:`];
  for (const [name, metric] of Object.entries(data.metrics).sort(([a], [b]) => a.localeCompare(b))) {
    if (name.startsWith(`${trend}{`) && metric.type === 'trend') lines.push(`  ${name.slice(trend.length)}  ${shown(metric.values)}`);
  }
  for (const r of thresholdResults(data)) lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${r.metric} ${r.expression}`);
  return `${lines.join('\n')}\n`;
}

import { formatTolerance } from '../../harness/load/compare.js';
import type { ComparisonRow, LoadResult, ThresholdResult } from '../../harness/load/result.js';
import { formatSeconds } from '../format.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../xml-escape.js';
import { formatMeasured, stationsText, verdictLine } from './words.js';

/**
 * JUnit XML for CI test-report pages: one `<testsuite name="load thresholds">` with one `<testcase>` per threshold
 * (a `<failure>` with measured against expected when it failed) and a `run` testcase that fails when the run
 * itself failed (stations did not boot, nothing connected, the target went away), listing the reasons. An
 * interrupted run's `run` testcase is `<skipped>`: JUnit has no status for "stopped by Ctrl-C", and the
 * thresholds it has were measured on the part that ran. `time` is the run's real seconds. With `--compare`, one
 * testcase per compared metric (`compare p99(Heartbeat)`), a `<failure type="regression">` when it regressed. A
 * shard's suite names the shard.
 */

const CLASS_NAME = 'chargedrill.load';

export function toLoadJunitXml(result: LoadResult): string {
  const thresholdsFailed = result.thresholds.filter((t) => !t.ok).length;
  const runFailed = result.verdict === 'run-failed' ? 1 : 0;
  const skipped = result.verdict === 'interrupted' ? 1 : 0;
  const compared = result.comparison?.rows ?? [];
  const regressions = compared.filter((row) => row.regression).length;
  const tests = result.thresholds.length + compared.length + 1;
  const time = formatSeconds(result.elapsedS * 1_000);
  const counts = `tests="${tests}" failures="${thresholdsFailed + runFailed + regressions}" errors="0" skipped="${skipped}" time="${time}"`;
  const suite = result.shard === undefined ? 'load thresholds' : `load thresholds · ${stationsText(result)}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chargedrill load" ${counts} timestamp="${attr(result.startedAt)}">`,
    `  <testsuite name="${attr(suite)}" ${counts} timestamp="${attr(result.startedAt)}">`,
    ...runCase(result, time),
    ...result.thresholds.flatMap(thresholdCase),
    ...compared.flatMap((row) => compareCase(row, result)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function runCase(result: LoadResult, time: string): string[] {
  const open = `    <testcase classname="${CLASS_NAME}" name="run" time="${time}"`;
  const summary = verdictLine(result);
  switch (result.verdict) {
    case 'passed':
    case 'regression':
    case 'threshold-failed':
      return [`${open}/>`];
    case 'interrupted':
      return [`${open}>`, `      <skipped message="${attr(summary)}"/>`, '    </testcase>'];
    case 'run-failed': {
      const reasons = result.failures.length > 0 ? result.failures : ['the run did not complete'];
      const message = reasons.length > 1 ? `${reasons[0]} (and ${reasons.length - 1} more)` : (reasons[0] as string);
      const body = `\n${summary}\n${reasons.map((r) => `- ${r}`).join('\n')}\n      `;
      return [`${open}>`, `      <failure message="${attr(message)}" type="run-failed">${text(body)}</failure>`, '    </testcase>'];
    }
  }
}

function thresholdCase(threshold: ThresholdResult): string[] {
  const open = `    <testcase classname="${CLASS_NAME}" name="${attr(threshold.expression)}" time="0.000"`;
  if (threshold.ok) return [`${open}/>`];
  const measured = formatMeasured(threshold);
  const message = `${threshold.expression}: measured ${measured}`;
  const body = [
    '',
    `expected:  ${threshold.expression}`,
    `measured:  ${measured}`,
    `from:      ${threshold.source}`,
    ...(threshold.abortOnFail ? ['this threshold aborts the run when it fails'] : []),
    '      ',
  ].join('\n');
  return [`${open}>`, `      <failure message="${attr(message)}" type="threshold">${text(body)}</failure>`, '    </testcase>'];
}

function compareCase(row: ComparisonRow, result: LoadResult): string[] {
  const open = `    <testcase classname="${CLASS_NAME}" name="${attr(`compare ${row.metric}`)}" time="0.000"`;
  if (!row.regression) return [`${open}/>`];
  const comparison = result.comparison;
  const against = comparison === undefined ? '' : ` against ${comparison.baseline}`;
  const message = `${row.metric} regressed: ${row.baseline} → ${row.current} ${row.unit}${against}`;
  const body = [
    '',
    `baseline:  ${row.baseline} ${row.unit}${against}`,
    `this run:  ${row.current} ${row.unit}`,
    `change:    ${row.deltaPct === null ? `${row.delta} ${row.unit}` : `${row.deltaPct.toFixed(1)} %`}, ${row.worse} is worse` +
      (comparison === undefined ? '' : `, tolerance ${formatTolerance(comparison.tolerance)}`),
    '      ',
  ].join('\n');
  return [`${open}>`, `      <failure message="${attr(message)}" type="regression">${text(body)}</failure>`, '    </testcase>'];
}

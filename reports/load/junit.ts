import type { LoadResult, ThresholdResult } from '../../harness/load/result.js';
import { formatSeconds } from '../format.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../xml-escape.js';
import { formatMeasured, verdictLine } from './words.js';

/**
 * JUnit XML for CI test-report pages: one `<testsuite name="load thresholds">` with one `<testcase>` per threshold
 * (a `<failure>` with measured against expected when it failed) and a `run` testcase that fails when the run
 * itself failed (stations did not boot, nothing connected, the target went away), listing the reasons. An
 * interrupted run's `run` testcase is `<skipped>`: JUnit has no status for "stopped by Ctrl-C", and the
 * thresholds it has were measured on the part that ran. `time` is the run's real seconds.
 */

const CLASS_NAME = 'chargedrill.load';

export function toLoadJunitXml(result: LoadResult): string {
  const thresholdsFailed = result.thresholds.filter((t) => !t.ok).length;
  const runFailed = result.verdict === 'run-failed' ? 1 : 0;
  const skipped = result.verdict === 'interrupted' ? 1 : 0;
  const tests = result.thresholds.length + 1;
  const time = formatSeconds(result.elapsedS * 1_000);
  const counts = `tests="${tests}" failures="${thresholdsFailed + runFailed}" errors="0" skipped="${skipped}" time="${time}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chargedrill load" ${counts} timestamp="${attr(result.startedAt)}">`,
    `  <testsuite name="load thresholds" ${counts} timestamp="${attr(result.startedAt)}">`,
    ...runCase(result, time),
    ...result.thresholds.flatMap(thresholdCase),
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

/**
 * Views of a FuzzResult: a text table for people, JUnit XML for CI (one testcase per fuzz case, one for the
 * control fleet), and the JSON itself. They hold nothing the result does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../../reports/xml-escape.js';
import type { FuzzCaseResult, FuzzResult } from './run-fuzz.js';

export const FUZZ_REPORT_FILES = { json: 'fuzz-report.json', text: 'fuzz-report.txt', junit: 'fuzz-junit.xml' } as const;

function caseStatus(c: FuzzCaseResult): string {
  if (!c.ran) return 'NOT RUN';
  return c.passed ? 'ok' : 'FAIL';
}

function pad(value: string, width: number): string {
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

/** One row per case, then the control fleet and the totals. */
export function fuzzTextReport(result: FuzzResult): string {
  const header = ['case', 'frames', 'per spec', 'wrong', 'dropped', 'closes', 'CSMS up', 'control', 'status'];
  const rows = result.cases.map((c) => [
    c.name,
    String(c.framesSent),
    String(c.perSpec),
    String(c.wrong),
    String(c.dropped + c.sentinelsDropped),
    c.closeCodes.join(' ') || '-',
    c.csmsUp ? 'yes' : 'NO',
    c.control.disturbed ? `DISTURBED (${c.control.errors} errors, ${c.control.disconnects} disconnects)` : 'ok',
    caseStatus(c),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i] as number)).join('  ').trimEnd();
  const out = [`chargedrill fuzz: ${result.csmsUrl} (${result.protocol}, seed ${result.seed})`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const c of result.cases.filter((x) => !x.passed)) {
    out.push(`${c.name}: ${c.error ?? ''}`.trimEnd());
    for (const s of c.samples) out.push(`  ${s.outcome}: sent ${s.sent}`, `    got ${s.got}; expected ${s.expected}`);
    if (c.sentinelsDropped > 0) out.push(`  ${c.sentinelsDropped} Heartbeats after a hostile frame went unanswered on an open socket`);
    if (!c.csmsUp) out.push('  after the case a fresh station could not boot');
  }
  const k = result.control;
  out.push(
    `control fleet: ${k.booted}/${k.stations} booted, ${k.calls} calls, ${k.heartbeats} heartbeats answered, ${k.errors} errors, ${k.disconnects} disconnects${k.disturbed ? ` — DISTURBED: ${k.reasons.join('; ')}` : ''}`,
  );
  for (const a of k.actions) out.push(`  ${pad(a.action, 20)} ${a.calls} calls, p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms, max ${a.max.toFixed(1)} ms, ${a.errors} errors`);
  const t = result.totals;
  out.push(
    `total: ${t.framesSent} hostile frames, ${t.judged} judged: ${t.perSpec} per spec, ${t.wrong} wrong, ${t.dropped} dropped; ${t.casesFailed} of ${result.cases.length} cases failed${t.casesNotRun > 0 ? ` (${t.casesNotRun} not run)` : ''}; ${(result.durationMs / 1_000).toFixed(1)} s`,
    result.passed ? 'PASSED' : 'FAILED',
  );
  return `${out.join('\n')}\n`;
}

/** JUnit XML: one testcase per fuzz case, and one for the control fleet. */
export function fuzzJunitXml(result: FuzzResult): string {
  const failures = result.cases.filter((c) => c.ran && !c.passed).length + (result.control.disturbed ? 1 : 0);
  const skipped = result.cases.filter((c) => !c.ran).length;
  const suite = `chargedrill fuzz ${result.protocol}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chargedrill fuzz" tests="${result.cases.length + 1}" failures="${failures}" skipped="${skipped}" time="${(result.durationMs / 1_000).toFixed(3)}" timestamp="${attr(result.startedAt)}">`,
    `  <testsuite name="${attr(suite)}" tests="${result.cases.length + 1}" failures="${failures}" skipped="${skipped}" time="${(result.durationMs / 1_000).toFixed(3)}">`,
  ];
  for (const c of result.cases) {
    lines.push(`    <testcase classname="${attr(suite)}" name="${attr(c.name)}" time="${(c.durationMs / 1_000).toFixed(3)}">`);
    if (!c.ran) lines.push(`      <skipped message="${attr(c.error ?? 'not run')}"/>`);
    else if (!c.passed) lines.push(`      <failure message="${attr(failureSummary(c))}">${text(failureDetail(c))}</failure>`);
    lines.push(`      <system-out>${text(`${c.framesSent} frames, ${c.perSpec} per spec; answers: ${JSON.stringify(c.answers)}`)}</system-out>`, '    </testcase>');
  }
  const k = result.control;
  lines.push(`    <testcase classname="${attr(suite)}" name="control-fleet" time="${(result.durationMs / 1_000).toFixed(3)}">`);
  if (k.disturbed) lines.push(`      <failure message="${attr(k.reasons.join('; '))}"/>`);
  lines.push('    </testcase>', '  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function failureSummary(c: FuzzCaseResult): string {
  const parts: string[] = [];
  if (c.error) parts.push(c.error);
  if (c.wrong > 0) parts.push(`${c.wrong} answered wrongly`);
  if (c.dropped > 0) parts.push(`${c.dropped} dropped`);
  if (c.sentinelsDropped > 0) parts.push(`${c.sentinelsDropped} Heartbeats unanswered after a hostile frame`);
  if (!c.csmsUp) parts.push('CSMS down after the case');
  if (c.control.disturbed) parts.push(`control fleet disturbed (${c.control.errors} errors, ${c.control.disconnects} disconnects)`);
  return parts.join('; ');
}

function failureDetail(c: FuzzCaseResult): string {
  return c.samples.map((s) => `${s.outcome}: sent ${s.sent}\n  got ${s.got}; expected ${s.expected}`).join('\n');
}

/** Writes the JSON, text and JUnit reports into `dir`; returns their paths. */
export function writeFuzzReports(result: FuzzResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    [FUZZ_REPORT_FILES.json, `${JSON.stringify(result, null, 2)}\n`],
    [FUZZ_REPORT_FILES.text, fuzzTextReport(result)],
    [FUZZ_REPORT_FILES.junit, fuzzJunitXml(result)],
  ] as const;
  return files.map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
}

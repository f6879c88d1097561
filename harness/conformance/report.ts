/**
 * The conformance run's reports: JSON (the run as data), JUnit (one testcase per case, named by id and title),
 * Markdown and a simple HTML page. Escaping and number formats come from reports/, as for scenario runs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSeconds } from '../../reports/format.js';
import { html } from '../../reports/html/markup.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../../reports/xml-escape.js';
import type { ConformanceRun } from './runner.js';
import type { CaseResult } from './types.js';

export const CONFORMANCE_REPORT_FILES = { json: 'conformance.json', junit: 'junit.xml', markdown: 'summary.md', html: 'report.html' } as const;

export function conformanceJson(run: ConformanceRun): string {
  return `${JSON.stringify({ schemaVersion: 1, ...run }, null, 2)}\n`;
}

export function conformanceJunit(run: ConformanceRun): string {
  const s = run.summary;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chargedrill conformance" tests="${s.cases}" failures="${s.FAIL}" errors="${s.INCONCLUSIVE}" skipped="${s['NOT APPLICABLE']}" time="${formatSeconds(run.durationMs)}" timestamp="${attr(run.startedAt)}">`,
    `  <testsuite name="${attr(`${run.protocol} CSMS ${run.csmsUrl}`)}" tests="${s.cases}" failures="${s.FAIL}" errors="${s.INCONCLUSIVE}" skipped="${s['NOT APPLICABLE']}" time="${formatSeconds(run.durationMs)}">`,
  ];
  for (const c of run.cases) {
    const open = `    <testcase name="${attr(`${c.id} ${c.title}`)}" classname="${attr(`conformance.${run.protocol}.${c.block}`)}" time="${formatSeconds(c.durationMs)}"`;
    if (c.verdict === 'PASS') lines.push(`${open}/>`);
    else if (c.verdict === 'NOT APPLICABLE') lines.push(`${open}>`, `      <skipped message="${attr(c.reason)}"/>`, '    </testcase>');
    else {
      const tag = c.verdict === 'FAIL' ? 'failure' : 'error';
      const type = c.rule ?? (c.verdict === 'FAIL' ? 'fail' : 'inconclusive');
      lines.push(`${open}>`, `      <${tag} message="${attr(c.reason)}" type="${attr(type)}">${text(c.frame ? `offending frame: ${c.frame}` : c.reason)}</${tag}>`, '    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function conformanceMarkdown(run: ConformanceRun): string {
  const s = run.summary;
  const lines = [
    `# Conformance: ${run.protocol} CSMS at ${run.csmsUrl}`,
    '',
    `Station id \`${run.stationId}\`, adapter \`${run.adapter}\`, features ${run.features.join(', ')}; started ${run.startedAt}, ${formatSeconds(run.durationMs)} s.`,
    '',
    `**${s.PASS} PASS, ${s.FAIL} FAIL, ${s.INCONCLUSIVE} INCONCLUSIVE, ${s['NOT APPLICABLE']} NOT APPLICABLE** of ${s.cases} cases.`,
    '',
    '| case | title | verdict | reason |',
    '|---|---|---|---|',
    ...run.cases.map((c) => `| ${c.id} | ${cell(c.title)} | ${c.verdict} | ${cell(c.reason)} |`),
  ];
  const failed = run.cases.filter((c) => c.frame !== undefined);
  if (failed.length > 0) {
    lines.push('', '## Offending frames', '');
    for (const c of failed) lines.push(`- ${c.id}: \`${cell(c.frame ?? '')}\``);
  }
  return `${lines.join('\n')}\n`;
}

const VERDICT_CLASS: Record<CaseResult['verdict'], string> = { PASS: 'pass', FAIL: 'fail', INCONCLUSIVE: 'inconclusive', 'NOT APPLICABLE': 'na' };

export function conformanceHtml(run: ConformanceRun): string {
  const s = run.summary;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance ${run.protocol} ${run.csmsUrl}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.pass{color:#17692b}.fail{color:#b00020;font-weight:bold}.inconclusive{color:#a15c00}.na{color:#666}code{font-size:12px;word-break:break-all}</style></head>
<body><h1>Conformance: ${run.protocol} CSMS at ${run.csmsUrl}</h1>
<p>Station id <code>${run.stationId}</code>, adapter ${run.adapter}, features ${run.features.join(', ')}; started ${run.startedAt}, ${formatSeconds(run.durationMs)} s.</p>
<p><strong>${s.PASS} PASS, ${s.FAIL} FAIL, ${s.INCONCLUSIVE} INCONCLUSIVE, ${s['NOT APPLICABLE']} NOT APPLICABLE</strong> of ${s.cases} cases.</p>
<table><thead><tr><th>case</th><th>title</th><th>verdict</th><th>reason</th></tr></thead><tbody>
${run.cases.map((c) => html`<tr><td>${c.id}</td><td>${c.title}</td><td class="${VERDICT_CLASS[c.verdict]}">${c.verdict}</td><td>${c.reason}${c.frame ? html`<br><code>${c.frame}</code>` : ''}</td></tr>`)}
</tbody></table></body></html>`;
  return `${page.text}\n`;
}

/** Writes the four reports into `outDir` and returns their paths. */
export async function writeConformanceReports(run: ConformanceRun, outDir: string): Promise<string[]> {
  const files: [string, string][] = [
    [CONFORMANCE_REPORT_FILES.json, conformanceJson(run)],
    [CONFORMANCE_REPORT_FILES.junit, conformanceJunit(run)],
    [CONFORMANCE_REPORT_FILES.markdown, conformanceMarkdown(run)],
    [CONFORMANCE_REPORT_FILES.html, conformanceHtml(run)],
  ];
  await mkdir(outDir, { recursive: true });
  await Promise.all(files.map(([name, body]) => writeFile(join(outDir, name), body, 'utf8')));
  return files.map(([name]) => join(outDir, name));
}

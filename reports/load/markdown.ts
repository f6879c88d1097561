import type { LoadResult } from '../../harness/load/result.js';
import { inline, MAX_SUMMARY_BYTES } from '../markdown.js';
import { comparisonTable, CSMS_WORDS, detectionTable, errorTable, healthLines, latencyTable, parametersLine, thresholdTable, type Table } from './tables.js';
import { formatCount, VERDICT_LABEL, verdictLine } from './words.js';

/**
 * The load run as a CI job summary (GitHub's step summary, GitLab MR notes): the verdict, the failed thresholds
 * and failures, then the same tables as the terminal summary. It stays under `maxBytes` (GitHub refuses more than
 * 1 MiB; the scenario summary's 64 KiB cap is kept): past it, the sections keep their headings and lose rows from
 * the end, the verdict's first, each with a "… N more" line pointing at report.html.
 */

const VERDICT_EMOJI: Record<LoadResult['verdict'], string> = {
  passed: '✅',
  regression: '📉',
  'threshold-failed': '❌',
  'run-failed': '💥',
  interrupted: '⏹️',
};

/** Room kept for the "… N more" lines. */
const RESERVE_BYTES = 512;
/** Share of the room the failure lines may take, so thousands of them still leave the tables some rows. */
const FAILURES_SHARE = 0.5;

interface Section {
  head: string[];
  rows: string[];
  more: (n: number) => string;
  /** At most this share of the room for rows. */
  share?: number;
}

export function toLoadMarkdown(result: LoadResult, maxBytes = MAX_SUMMARY_BYTES): string {
  const head = [
    `### ${VERDICT_EMOJI[result.verdict]} **chargedrill load: ${VERDICT_LABEL[result.verdict].toLowerCase()}**`,
    '',
    inline(verdictLine(result)),
    '',
    `${inline(parametersLine(result))} · CSMS ${inline(result.parameters.url)} (${CSMS_WORDS[result.parameters.csms]})`,
  ];
  const sections: Section[] = [];
  if (result.failures.length > 0) {
    sections.push({ head: ['', '#### Failures', ''], rows: result.failures.map((f) => `- ${inline(f)}`), more: (n) => `- … ${formatCount(n)} more in report.html`, share: FAILURES_SHARE });
  }
  if (result.thresholds.length > 0) sections.push(tableSection('Thresholds', thresholdTable(result)));
  if (result.comparison !== undefined) sections.push(tableSection(`Compared with ${inline(result.comparison.baseline)}`, comparisonTable(result)));
  sections.push(tableSection('Latency of answered calls (real time)', latencyTable(result)));
  sections.push(tableSection('Calls not answered', errorTable(result)));
  sections.push({
    head: ['', '#### Run health', ''],
    rows: healthLines(result).map(([label, text]) => `- **${inline(label)}**: ${inline(text)}`),
    more: (n) => `- … ${formatCount(n)} more in report.html`,
  });
  if (result.detection.length > 0) sections.push(tableSection('Detection (fault to issue raised)', detectionTable(result)));

  const whole = compose(head, sections.map((s) => s.rows));
  if (bytes(whole) <= maxBytes) return whole;

  // Headings first, then rows in the order of the sections, while they fit.
  const room = maxBytes - bytes(compose(head, sections.map(() => []))) - RESERVE_BYTES;
  let budget = room;
  const kept = sections.map((section) => {
    const rows: string[] = [];
    let own = section.share === undefined ? Infinity : room * section.share;
    for (const row of section.rows) {
      const cost = bytes(`${row}\n`);
      if (cost > budget || cost > own) break;
      budget -= cost;
      own -= cost;
      rows.push(row);
    }
    if (rows.length < section.rows.length) rows.push(section.more(section.rows.length - rows.length));
    return rows;
  });
  return compose(head, kept);

  function compose(top: string[], rows: string[][]): string {
    const lines = [...top];
    sections.forEach((section, i) => lines.push(...section.head, ...(rows[i] ?? [])));
    return `${lines.join('\n')}\n`;
  }
}

function tableSection(title: string, table: Table): Section {
  const width = table.columns.length;
  return {
    head: [
      '',
      `#### ${title}`,
      '',
      `| ${table.columns.map((c) => inline(c.title)).join(' | ')} |`,
      `|${table.columns.map((c) => (c.align === 'right' ? '--:' : '---')).join('|')}|`,
    ],
    rows: table.rows.map((row) => `| ${row.map((cell) => inline(cell)).join(' | ')} |`),
    more: (n) => `| … ${formatCount(n)} more rows in report.html |${' |'.repeat(width - 1)}`,
  };
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

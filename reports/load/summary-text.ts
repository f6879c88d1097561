import type { LoadResult } from '../../harness/load/result.js';
import { formatTolerance } from '../../harness/load/compare.js';
import { comparisonTable, CSMS_WORDS, detectionTable, errorTable, healthLines, latencyTable, parametersLine, thresholdTable, type Table } from './tables.js';
import { stationsText, verdictLine } from './words.js';

/**
 * The closing summary `chargedrill load` prints: what was run, per action the calls and their latency, every call
 * that was not answered by outcome, the connections, boots, disconnects and sessions, detection per issue type,
 * the thresholds, and the verdict last, where the eye lands when the command returns. Plain text with aligned
 * columns and a unit on every number; no colour, so it reads the same in a terminal and in a CI log.
 */
export function toSummaryText(result: LoadResult): string {
  const lines = [
    `chargedrill load: ${parametersLine(result)}`,
    `CSMS ${result.parameters.url} (${CSMS_WORDS[result.parameters.csms]})`,
    ...(result.shard === undefined ? [] : [shardLine(result)]),
    '',
    'Latency of answered calls (real time)',
    ...alignTable(latencyTable(result)),
    '',
    'Calls not answered',
    ...alignTable(errorTable(result)),
    '',
    ...alignPairs(healthLines(result)),
  ];
  if (result.detection.length > 0) lines.push('', 'Detection (fault to issue raised)', ...alignTable(detectionTable(result)));
  if (result.thresholds.length > 0) lines.push('', 'Thresholds', ...alignTable(thresholdTable(result), false));
  if (result.comparison !== undefined) {
    lines.push('', `Compared with ${result.comparison.baseline} (tolerance ${formatTolerance(result.comparison.tolerance)})`, ...alignTable(comparisonTable(result)));
  }
  lines.push('', verdictLine(result));
  for (const failure of result.failures) lines.push(`  - ${failure}`);
  return `${lines.join('\n')}\n`;
}

/** A shard's numbers are a part of the run: said before them, so nobody reads them as the whole. */
function shardLine(result: LoadResult): string {
  const text = stationsText(result);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}: this shard's stations only; its thresholds do not gate it (chargedrill merge of all shards does)`;
}

/** Display width of a cell: code points, so ✓ and an ellipsis count as one column. */
function width(text: string): number {
  return [...text].length;
}

/** Columns padded to their widest cell, two spaces apart, indented by two; trailing spaces trimmed. */
export function alignTable(table: Table, withHeader = true): string[] {
  const rows = withHeader ? [table.columns.map((c) => c.title), ...table.rows] : table.rows;
  const widths = table.columns.map((_, i) => Math.max(0, ...rows.map((row) => width(row[i] ?? ''))));
  return rows.map((row) =>
    `  ${table.columns
      .map((column, i) => {
        const cell = row[i] ?? '';
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
        return column.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')}`.trimEnd(),
  );
}

function alignPairs(pairs: [string, string][]): string[] {
  const labelWidth = Math.max(...pairs.map(([label]) => width(label)));
  return pairs.map(([label, text]) => `${label.padEnd(labelWidth)}  ${text}`);
}

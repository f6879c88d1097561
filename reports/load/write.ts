import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadResult } from '../../harness/load/result.js';
import { toLoadHtml } from './html.js';
import { toLoadJunitXml } from './junit.js';
import { toLoadMarkdown } from './markdown.js';

export type LoadReportFormat = 'json' | 'junit' | 'html' | 'markdown';

export const LOAD_REPORT_FORMATS: readonly LoadReportFormat[] = ['json', 'junit', 'html', 'markdown'];

/** The result as saved: plain JSON, two-space indent, so `--compare` and re-rendering can read it back. */
export function toLoadJson(result: LoadResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** File name and renderer per format, the same names as a scenario run's (reports/write.ts). */
export const LOAD_REPORT_FILES: Record<LoadReportFormat, { fileName: string; render: (result: LoadResult) => string }> = {
  json: { fileName: 'result.json', render: toLoadJson },
  junit: { fileName: 'junit.xml', render: toLoadJunitXml },
  html: { fileName: 'report.html', render: toLoadHtml },
  markdown: { fileName: 'summary.md', render: (result) => toLoadMarkdown(result) },
};

/**
 * Writes the load run's reports into `outDir` (created if missing) and returns the written paths in the order of
 * `formats`. Everything is rendered before anything is written, so a rendering bug leaves no half-written set.
 */
export async function writeLoadReports(
  result: LoadResult,
  outDir: string,
  formats: LoadReportFormat[] = [...LOAD_REPORT_FORMATS],
): Promise<string[]> {
  const unique = [...new Set(formats)];
  const rendered = unique.map((format) => {
    const { fileName, render } = LOAD_REPORT_FILES[format];
    return { path: join(outDir, fileName), text: render(result) };
  });
  await mkdir(outDir, { recursive: true });
  await Promise.all(rendered.map(({ path, text }) => writeFile(path, text, 'utf8')));
  return rendered.map(({ path }) => path);
}

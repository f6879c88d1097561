import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHtml } from './html/report.js';
import { toJson } from './json.js';
import { toJunitXml } from './junit.js';
import { toMarkdown } from './markdown.js';
import type { RunResult } from './result.js';

export type ReportFormat = 'json' | 'junit' | 'html' | 'markdown';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'html', 'markdown'];

/** File name and renderer per format; every renderer is a pure view of the RunResult. */
export const REPORT_FILES: Record<ReportFormat, { fileName: string; render: (result: RunResult) => string }> = {
  json: { fileName: 'result.json', render: toJson },
  junit: { fileName: 'junit.xml', render: toJunitXml },
  html: { fileName: 'report.html', render: toHtml },
  markdown: { fileName: 'summary.md', render: toMarkdown },
};

/**
 * Writes the run's reports into `outDir` (created if missing) and returns the written paths in the order of
 * `formats`. Everything is rendered before anything is written, so a rendering bug leaves no half-written set.
 */
export async function writeReports(
  result: RunResult,
  outDir: string,
  formats: ReportFormat[] = [...REPORT_FORMATS],
): Promise<string[]> {
  const unique = [...new Set(formats)];
  const rendered = unique.map((format) => {
    const { fileName, render } = REPORT_FILES[format];
    return { path: join(outDir, fileName), text: render(result) };
  });
  await mkdir(outDir, { recursive: true });
  await Promise.all(rendered.map(({ path, text }) => writeFile(path, text, 'utf8')));
  return rendered.map(({ path }) => path);
}

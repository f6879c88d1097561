/**
 * A small reader of the Prometheus text exposition format (0.0.4), for tests that scrape a live exporter:
 * samples with their labels and values, and the declared type of each metric family.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Family name -> counter, gauge, histogram, summary, untyped. */
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/y;

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1] as string, type[2] as string);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`line ${index + 1} is not a sample: ${line}`);
    samples.push({ name: match[1] as string, labels: parseLabels(match[3] ?? '', index + 1), value: parseValue(match[4] as string, index + 1) });
  }
  return { samples, types };
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) throw new Error(`line ${line}: unreadable labels at ${at}: ${text}`);
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** As Prometheus reads a value (Go's ParseFloat): NaN and Inf in any case; prom-client writes NaN as `Nan`. */
function parseValue(text: string, line: number): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`line ${line}: not a number: ${text}`);
  return value;
}

/** Samples named `name` whose labels include every one of `labels`. */
export function matching(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => (s.labels[k] ?? '') === v));
}

/** The sum of the matching samples; throws when there is none, so a missing series fails loudly instead of reading 0. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = matching(exposition, name, labels);
  if (found.length === 0) throw new Error(`no sample ${name}${JSON.stringify(labels)} in the scrape`);
  return found.reduce((sum, s) => sum + s.value, 0);
}

/** Sum of the matching samples grouped by one label's value. */
export function sumBy(exposition: Exposition, name: string, label: string, labels: Record<string, string> = {}): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const s of matching(exposition, name, labels)) {
    const key = s.labels[label] ?? '';
    sums[key] = (sums[key] ?? 0) + s.value;
  }
  return sums;
}

/**
 * Every metric name a scrape exposes: each declared family, with `_bucket`, `_sum` and `_count` for
 * histograms (and `_sum`, `_count` for summaries), plus every sample name.
 */
export function exposedNames(exposition: Exposition): Set<string> {
  const names = new Set(exposition.samples.map((s) => s.name));
  for (const [family, type] of exposition.types) {
    names.add(family);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(family + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(family + suffix);
  }
  return names;
}

export async function scrape(url: string): Promise<Exposition> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain')) throw new Error(`GET ${url} answered ${type}, not the text exposition format`);
  return parseExposition(await response.text());
}

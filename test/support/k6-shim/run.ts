/**
 * Runs a bundled k6 script under Node with the shim modules in place of k6's: its `k6/...` imports are rewritten
 * to this folder's files, `__ENV` is set, setup() runs once and default() once per VU (k6 would start another
 * iteration when one ends; a station's iteration lasts the whole plan). Then a summary of the recorded samples in
 * the shape k6 hands to handleSummary, with the script's thresholds evaluated on it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SummaryData, SummaryMetric } from '../../../deploy/k6/lib/summary.js';
import { shimState, type Sample } from './state.js';

const SHIM_DIR = fileURLToPath(new URL('.', import.meta.url));
const SHIMMED = ['execution', 'metrics', 'timers', 'websockets'];

export interface K6Script {
  options: { scenarios?: Record<string, { executor: string; stages?: { duration: string; target: number }[] }>; thresholds?: Record<string, (string | { threshold: string })[]> };
  setup(): unknown;
  default(data: unknown): void;
  handleSummary(data: SummaryData): Record<string, string>;
}

/** Imports `bundle` with its k6 imports pointed at the shim; the rewritten copy is written into `tmpDir`. */
export async function loadK6Script(bundle: string, env: Record<string, string>, tmpDir: string): Promise<K6Script> {
  (globalThis as unknown as { __ENV: Record<string, string> }).__ENV = env;
  const text = readFileSync(bundle, 'utf8').replace(/from\s*"(k6(?:\/[\w/-]+)?)"/g, (_match, module: string) => {
    const name = module.slice('k6/'.length);
    if (!SHIMMED.includes(name)) throw new Error(`${bundle} imports ${module}; the k6 shim has ${SHIMMED.map((m) => `k6/${m}`).join(', ')}`);
    return `from ${JSON.stringify(pathToFileURL(join(SHIM_DIR, `${name}.ts`)).href)}`;
  });
  const copy = join(tmpDir, `${basename(bundle, '.js')}.shimmed.mjs`);
  writeFileSync(copy, text);
  return (await import(pathToFileURL(copy).href)) as K6Script;
}

/** setup(), then default() for VUs 1..vus; resolves when every socket they opened has closed. */
export async function runVus(script: K6Script, vus: number, timeoutMs: number): Promise<void> {
  const state = shimState();
  const data = script.setup();
  for (let vu = 1; vu <= vus; vu++) {
    state.vu = vu;
    script.default(data);
  }
  const deadline = Date.now() + timeoutMs;
  while (state.sockets.size > 0) {
    if (Date.now() > deadline) throw new Error(`${state.sockets.size} of ${state.opened} sockets still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (rank - low);
}

function valuesOf(samples: Sample[]): SummaryMetric {
  const type = samples[0]?.type ?? 'trend';
  const values = samples.map((s) => s.value);
  if (type === 'rate') {
    const passes = values.filter((v) => v !== 0).length;
    return { type, values: { rate: values.length === 0 ? 0 : passes / values.length, passes, fails: values.length - passes } };
  }
  if (type === 'counter') return { type, values: { count: values.reduce((a, b) => a + b, 0) } };
  const sorted = [...values].sort((a, b) => a - b);
  const avg = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  return { type, values: { avg, min: sorted[0] ?? 0, med: percentile(sorted, 50), max: sorted[sorted.length - 1] ?? 0, 'p(90)': percentile(sorted, 90), 'p(95)': percentile(sorted, 95), 'p(99)': percentile(sorted, 99) } };
}

const EXPRESSION = /^(avg|min|med|max|p\(\d+(?:\.\d+)?\)|rate|count)\s*(<=|>=|===|==|!==|!=|<|>)\s*(-?\d+(?:\.\d+)?)$/;

function holds(values: Record<string, number>, expression: string): boolean {
  const match = EXPRESSION.exec(expression);
  if (!match) throw new Error(`the k6 shim cannot evaluate the threshold ${JSON.stringify(expression)}`);
  const actual = values[match[1] as string];
  if (actual === undefined) throw new Error(`threshold ${expression}: no ${match[1]} among ${Object.keys(values).join(', ')}`);
  const limit = Number(match[3]);
  switch (match[2]) {
    case '<': return actual < limit;
    case '<=': return actual <= limit;
    case '>': return actual > limit;
    case '>=': return actual >= limit;
    case '!=': case '!==': return actual !== limit;
    default: return actual === limit;
  }
}

/** Metrics as k6 summarises them: each whole metric, and each thresholded `name{tag:value}` sub-metric. */
export function summarize(thresholds: NonNullable<K6Script['options']['thresholds']>, durationMs: number): SummaryData {
  const samples = shimState().samples;
  const metrics: Record<string, SummaryMetric> = {};
  for (const name of new Set(samples.map((s) => s.metric))) metrics[name] = valuesOf(samples.filter((s) => s.metric === name));
  for (const [key, list] of Object.entries(thresholds)) {
    const match = /^([\w.]+)(?:\{(\w+):([^}]+)\})?$/.exec(key);
    if (!match) throw new Error(`the k6 shim cannot read the threshold metric ${key}`);
    const [, name, tag, value] = match;
    const selected = samples.filter((s) => s.metric === name && (tag === undefined || s.tags[tag] === value));
    // A metric with no samples has nothing to test; reported as passed, as it is here for every threshold.
    const metric = selected.length === 0 ? { type: 'trend' as const, values: {} } : valuesOf(selected);
    const entries = list.map((t) => (typeof t === 'string' ? t : t.threshold));
    metrics[key] = { ...metric, thresholds: Object.fromEntries(entries.map((e) => [e, { ok: selected.length === 0 || holds(metric.values, e) }])) };
  }
  return { metrics, state: { testRunDurationMs: durationMs } };
}

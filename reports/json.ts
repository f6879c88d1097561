import type {
  Detection,
  ExpectationResult,
  IssueSummary,
  RunResult,
  ScenarioResult,
  SourcePosition,
  TimelineEntry,
} from './result.js';

/**
 * The canonical JSON text of a run: keys in the order `result.ts` declares them (so two runs diff cleanly and a
 * reader meets `schemaVersion` first), free-form maps sorted, arrays in their given order, two-space indent.
 */
export function toJson(result: RunResult): string {
  return `${JSON.stringify(canonicalRun(result), null, 2)}\n`;
}

/** Lists every key of T exactly once; `Exhaustive` makes a field added to result.ts fail to compile here until it is placed. */
type KeyOrder<T> = readonly (keyof T & string)[];
type Exhaustive<T, K extends KeyOrder<T>> = Exclude<keyof T, K[number]> extends never ? K : never;

const RUN_KEYS = [
  'schemaVersion', 'tool', 'startedAt', 'finishedAt', 'realDurationMs', 'csms', 'options', 'interrupted', 'summary', 'scenarios',
] as const satisfies KeyOrder<RunResult>;
const SCENARIO_KEYS = [
  'name', 'file', 'summary', 'tags', 'protocol', 'seed', 'timeScale', 'status', 'error', 'startedAt', 'realDurationMs',
  'simulatedDurationMs', 'expectations', 'unexpectedIssues', 'timeline', 'detections', 'metrics',
] as const satisfies KeyOrder<ScenarioResult>;
const EXPECTATION_KEYS = [
  'kind', 'title', 'status', 'expected', 'observed', 'message', 'latencyMs', 'budgetMs', 'source',
] as const satisfies KeyOrder<ExpectationResult>;
const ISSUE_KEYS = [
  'id', 'type', 'code', 'severity', 'stationId', 'connectorId', 'siteId', 'raisedAtMs', 'resolvedAtMs',
] as const satisfies KeyOrder<IssueSummary>;
const TIMELINE_KEYS = ['atMs', 'kind', 'stationId', 'connectorId', 'siteId', 'text'] as const satisfies KeyOrder<TimelineEntry>;
const DETECTION_KEYS = ['issueType', 'stationId', 'siteId', 'latencyMs', 'budgetMs', 'passed'] as const satisfies KeyOrder<Detection>;
const SOURCE_KEYS = ['file', 'line', 'column'] as const satisfies KeyOrder<SourcePosition>;
const TOOL_KEYS = ['name', 'version'] as const satisfies KeyOrder<RunResult['tool']>;
const CSMS_KEYS = ['kind', 'url'] as const satisfies KeyOrder<RunResult['csms']>;
const OPTIONS_KEYS = ['seed', 'timeScale', 'grep', 'tags', 'bail'] as const satisfies KeyOrder<RunResult['options']>;
const SUMMARY_KEYS = [
  'scenarios', 'passed', 'failed', 'errored', 'skipped', 'interrupted', 'expectations', 'failedExpectations',
] as const satisfies KeyOrder<RunResult['summary']>;

// Compile-time completeness checks: each line fails to type-check when a field is missing from its list.
const _complete: [
  Exhaustive<RunResult, typeof RUN_KEYS>,
  Exhaustive<ScenarioResult, typeof SCENARIO_KEYS>,
  Exhaustive<ExpectationResult, typeof EXPECTATION_KEYS>,
  Exhaustive<IssueSummary, typeof ISSUE_KEYS>,
  Exhaustive<TimelineEntry, typeof TIMELINE_KEYS>,
  Exhaustive<Detection, typeof DETECTION_KEYS>,
  Exhaustive<SourcePosition, typeof SOURCE_KEYS>,
  Exhaustive<RunResult['tool'], typeof TOOL_KEYS>,
  Exhaustive<RunResult['csms'], typeof CSMS_KEYS>,
  Exhaustive<RunResult['options'], typeof OPTIONS_KEYS>,
  Exhaustive<RunResult['summary'], typeof SUMMARY_KEYS>,
] = [
  RUN_KEYS, SCENARIO_KEYS, EXPECTATION_KEYS, ISSUE_KEYS, TIMELINE_KEYS, DETECTION_KEYS, SOURCE_KEYS, TOOL_KEYS,
  CSMS_KEYS, OPTIONS_KEYS, SUMMARY_KEYS,
];

type Rewrite<T> = { [K in keyof T]?: (value: T[K]) => unknown };

/**
 * Copies `value` with `keys` first, in order, then any keys the type does not know, sorted (a runtime object may
 * carry more than its type says; dropping it silently would hide data). Undefined values are left out, as JSON does.
 */
function ordered<T extends object>(value: T, keys: KeyOrder<T>, rewrite: Rewrite<T> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const known = new Set<string>(keys);
  const extra = Object.keys(record).filter((key) => !known.has(key)).sort();
  for (const key of [...keys, ...extra]) {
    const field = record[key];
    if (field === undefined) continue;
    const map = (rewrite as Record<string, ((v: unknown) => unknown) | undefined>)[key];
    out[key] = map ? map(field) : field;
  }
  return out;
}

function sortedMap(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function canonicalRun(run: RunResult): Record<string, unknown> {
  return ordered(run, RUN_KEYS, {
    tool: (tool) => ordered(tool, TOOL_KEYS),
    csms: (csms) => ordered(csms, CSMS_KEYS),
    options: (options) => ordered(options, OPTIONS_KEYS),
    summary: (summary) => ordered(summary, SUMMARY_KEYS),
    scenarios: (scenarios) => scenarios.map(canonicalScenario),
  });
}

function canonicalScenario(scenario: ScenarioResult): Record<string, unknown> {
  return ordered(scenario, SCENARIO_KEYS, {
    expectations: (list) =>
      list.map((e) => ordered(e, EXPECTATION_KEYS, { source: (source) => ordered(source, SOURCE_KEYS) })),
    unexpectedIssues: (list) => list.map((issue) => ordered(issue, ISSUE_KEYS)),
    timeline: (list) => list.map((entry) => ordered(entry, TIMELINE_KEYS)),
    detections: (list) => list.map((detection) => ordered(detection, DETECTION_KEYS)),
    metrics: sortedMap,
  });
}

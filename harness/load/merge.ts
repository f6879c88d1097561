/**
 * `chargedrill merge`: one exact LoadResult from the results of a sharded run (`chargedrill load --shard i/n`, or
 * the children of `--processes`). Counters are summed; every latency (per action, per detected issue type, time to
 * recover) comes from the shards' HdrHistograms decoded and added, and its percentiles are read from the merged
 * histogram (a p99 of p99s would be wrong); thresholds are evaluated on the merged numbers by the same evaluator
 * as a single run, so verdict and exit code (LOAD_EXIT) mean the same. What is refused is in merge-check.ts.
 */
// The package's own modules, not its index: the index loads every part (log readers and writers, recorders), about
// 5 MiB of resident memory in each process that holds a fleet (docs/performance.md, section 5).
import { decodeFromCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
import { encodeHistogram, latencyStats, newLatencyHistogram } from '../../simulator/fleet/latency.js';
import type { SessionSummary } from '../../simulator/fleet/session-counts.js';
import { AbortGate, applyThresholds } from './gates.js';
import { checkShards, MergeInputError, type NamedResult } from './merge-check.js';
import { mergeTimeSeries } from './merge-series.js';
import {
  LOAD_EXIT,
  type ActionResult,
  type ConnectionOutcomes,
  type DetectionResult,
  type LatencySummary,
  type LoadResult,
  type LoadVerdict,
} from './result.js';
import { parseThreshold, type ThresholdSpec } from './thresholds.js';

export { MergeInputError, type NamedResult } from './merge-check.js';

/**
 * Adds encoded histograms; an empty string (no histogram kept) is refused, as the merge would not be exact.
 * An added histogram knows its largest value only to its bucket's resolution, so the exact maximum is the largest
 * of the shards' own, and percentiles are clamped to it as latency.ts does for one histogram: the numbers equal
 * those of one histogram of every value.
 */
function mergeHistograms(parts: readonly { histogram: string | undefined; latency: LatencySummary }[], where: string): { latency: LatencySummary; histogram: string } {
  const merged = newLatencyHistogram();
  for (const { histogram: text = '' } of parts) {
    if (text === '') throw new MergeInputError(`${where}: a shard's result has no histogram, so its percentiles cannot be merged exactly`);
    let histogram;
    try {
      histogram = decodeFromCompressedBase64(text);
    } catch (error) {
      throw new MergeInputError(`${where}: a shard's histogram does not decode (${(error as Error).message})`);
    }
    merged.add(histogram);
    histogram.destroy();
  }
  const stats = latencyStats(merged);
  const max = Math.max(0, ...parts.filter((p) => p.latency.count > 0).map((p) => p.latency.max));
  const clamp = (ms: number) => Math.min(ms, max);
  const latency = { ...stats, p50: clamp(stats.p50), p90: clamp(stats.p90), p95: clamp(stats.p95), p99: clamp(stats.p99), p99_9: clamp(stats.p99_9), max: stats.count === 0 ? 0 : max };
  return { latency, histogram: encodeHistogram(merged) };
}

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): Partial<Record<K, number>> {
  for (const [key, n] of Object.entries(from) as [K, number][]) into[key] = (into[key] ?? 0) + n;
  return into;
}

function sorted<T extends Record<string, number>>(record: T): T {
  return Object.fromEntries(Object.entries(record).sort((a, b) => a[0].localeCompare(b[0]))) as T;
}

function mergeActions(results: readonly LoadResult[]): ActionResult[] {
  const names = [...new Set(results.flatMap((r) => r.actions.map((a) => a.action)))].sort();
  return names.map((action) => {
    const parts = results.flatMap((r) => r.actions.filter((a) => a.action === action));
    const sum = (pick: (a: ActionResult) => number | undefined) => parts.reduce((n, a) => n + (pick(a) ?? 0), 0);
    const optional = (key: 'unansweredAtEnd' | 'notSent') => (parts.some((a) => a[key] !== undefined) ? { [key]: sum((a) => a[key]) } : {});
    return {
      action,
      sent: sum((a) => a.sent),
      answered: sum((a) => a.answered),
      callErrors: sorted(parts.reduce<Record<string, number>>((into, a) => addCounts(into, a.callErrors) as Record<string, number>, {})),
      timedOut: sum((a) => a.timedOut),
      inFlightAtEnd: sum((a) => a.inFlightAtEnd),
      cutByDisconnect: sum((a) => a.cutByDisconnect),
      ...optional('unansweredAtEnd'),
      ...optional('notSent'),
      ...mergeHistograms(parts, `action ${action}`),
    };
  });
}

function mergeDetection(results: readonly LoadResult[]): DetectionResult[] {
  const types = [...new Set(results.flatMap((r) => r.detection.map((d) => d.issueType)))].sort();
  return types.map((issueType) => {
    const parts = results.flatMap((r) => r.detection.filter((d) => d.issueType === issueType));
    const sum = (pick: (d: DetectionResult) => number) => parts.reduce((n, d) => n + pick(d), 0);
    const measured = parts.filter((d) => d.measuredFrom !== undefined);
    return {
      issueType,
      injected: sum((d) => d.injected),
      detected: sum((d) => d.detected),
      missed: sum((d) => d.missed),
      ...mergeHistograms(parts, `detection ${issueType}`),
      ...(measured.length > 0 && {
        measuredFrom: {
          firstFrame: measured.reduce((n, d) => n + (d.measuredFrom?.firstFrame ?? 0), 0),
          injection: measured.reduce((n, d) => n + (d.measuredFrom?.injection ?? 0), 0),
        },
      }),
    };
  });
}

function mergeConnections(results: readonly LoadResult[]): ConnectionOutcomes {
  const all = results.map((r) => r.connections);
  const failed = all.reduce<ConnectionOutcomes['failed']>((into, c) => addCounts(into, c.failed), {});
  const first = all.find((c) => c.firstFailure !== undefined)?.firstFailure;
  const held = all.flatMap((c) => (c.rampHeld === undefined ? [] : [c.rampHeld]));
  return {
    attempts: all.reduce((n, c) => n + c.attempts, 0),
    opened: all.reduce((n, c) => n + c.opened, 0),
    failed: sorted(failed as Record<string, number>),
    // The first failure of the lowest shard that had one, counted over every shard.
    ...(first !== undefined && { firstFailure: { ...first, count: failed[first.reason] ?? first.count } }),
    closedByPeer: sorted(all.reduce<Record<string, number>>((into, c) => addCounts(into, c.closedByPeer) as Record<string, number>, {})),
    ...(held.length > 0 && { rampHeld: { ms: Math.max(...held.map((h) => h.ms)), maxConnecting: Math.max(...held.map((h) => h.maxConnecting)) } }),
  };
}

function mergeSessions(results: readonly LoadResult[]): SessionSummary {
  const all = results.map((r) => r.sessions);
  const sum = (key: Exclude<keyof SessionSummary, 'refusedByStatus'>) => all.reduce((n, s) => n + s[key], 0);
  return {
    attempted: sum('attempted'),
    started: sum('started'),
    refused: sum('refused'),
    refusedByStatus: sorted(all.reduce<Record<string, number>>((into, s) => addCounts(into, s.refusedByStatus) as Record<string, number>, {})),
    completed: sum('completed'),
    stoppedAtEnd: sum('stoppedAtEnd'),
    openAtEnd: sum('openAtEnd'),
    failed: sum('failed'),
  };
}

/** The thresholds as the shards had them (same expressions and sources: merge-check.ts), parsed again. */
function thresholdSpecs(result: LoadResult): ThresholdSpec[] {
  return result.thresholds.map((t) => {
    const parsed = parseThreshold(t.expression, t.source, { abortOnFail: t.abortOnFail });
    if (!parsed.ok) throw new MergeInputError(`threshold ${t.expression} (${t.source}) does not parse: ${parsed.problem.message}`);
    return parsed.spec;
  });
}

/** A shard's abortOnFail threshold that stopped it failed the run, whatever the merged numbers say. */
function trippedGate(results: readonly LoadResult[], specs: readonly ThresholdSpec[]): AbortGate {
  const gate = new AbortGate(specs);
  for (const result of results) {
    for (const t of result.thresholds) {
      // gates.ts wrote "stopped the run at 3.0s, measured 512[; note]": the time and the number that tripped it.
      const trip = /^stopped the run at ([0-9.]+)s, measured ([^;]*)/.exec(t.note ?? '');
      if (trip === null || gate.tripped.some((g) => g.result.expression === t.expression)) continue;
      const measured = trip[2] === 'null' ? null : Number(trip[2]);
      gate.tripped.push({ result: { ...t, measured }, atMs: Number(trip[1]) * 1_000 });
    }
  }
  return gate;
}

/**
 * Merges the shards' results into the whole run's. Refuses (MergeInputError) results that are not the shards of one
 * run; with `partial` (an interrupted `--processes` run) missing shards are allowed and the result is `interrupted`.
 */
export function mergeResults(named: readonly NamedResult[], options: { partial?: boolean } = {}): LoadResult {
  checkShards(named, options);
  const results = [...named].sort((a, b) => (a.result.shard?.index ?? 0) - (b.result.shard?.index ?? 0)).map((n) => n.result);
  const first = results[0] as LoadResult;
  const count = first.shard?.count ?? results.length;
  const startedAt = new Date(Math.min(...results.map((r) => Date.parse(r.startedAt)))).toISOString();
  const elapsedS = Math.max(...results.map((r) => r.elapsedS));
  const actions = mergeActions(results);
  const sum = (pick: (r: LoadResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const sumActions = (pick: (a: ActionResult) => number) => actions.reduce((n, a) => n + pick(a), 0);
  const missing = count - results.length;
  const failures = results.flatMap((r) => r.failures.map((line) => `shard ${(r.shard?.index ?? 0) + 1}/${count}: ${line}`));
  if (missing > 0) failures.unshift(`${missing} of ${count} shards wrote no result: the merged numbers are of ${results.length} shards only`);
  const interrupted = missing > 0 || results.some((r) => r.verdict === 'interrupted');
  const runFailed = results.some((r) => r.verdict === 'run-failed');
  const verdict: LoadVerdict = interrupted ? 'interrupted' : runFailed ? 'run-failed' : 'passed';
  const bootAll = results.map((r) => r.boots.bootAllMs);
  const recovery = mergeHistograms(results.map((r) => ({ histogram: r.disconnects.timeToRecoverHistogram, latency: r.disconnects.timeToRecover })), 'time to recover');
  const faults = results.flatMap((r) => r.faultsInjected ?? []).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.stationIndex - b.stationIndex);
  const merged: LoadResult = {
    format: first.format,
    tool: first.tool,
    startedAt,
    parameters: first.parameters,
    elapsedS,
    verdict,
    failures,
    exitCode: verdict === 'interrupted' ? LOAD_EXIT.interrupted : verdict === 'run-failed' ? LOAD_EXIT.runFailed : LOAD_EXIT.ok,
    connections: mergeConnections(results),
    boots: {
      accepted: sum((r) => r.boots.accepted),
      pending: sum((r) => r.boots.pending),
      rejected: sum((r) => r.boots.rejected),
      notBooted: sum((r) => r.boots.notBooted),
      // Every shard booted all of its stations: the whole fleet had booted when the slowest shard had.
      ...(missing === 0 && bootAll.every((ms) => ms !== undefined) && { bootAllMs: Math.max(...(bootAll as number[])) }),
    },
    actions,
    calls: {
      sent: sumActions((a) => a.sent),
      answered: sumActions((a) => a.answered),
      errors: sumActions((a) => Object.values(a.callErrors).reduce((n, c) => n + c, 0) + a.timedOut + a.cutByDisconnect),
      timedOut: sumActions((a) => a.timedOut),
      inFlightAtEnd: sumActions((a) => a.inFlightAtEnd),
      cutByDisconnect: sumActions((a) => a.cutByDisconnect),
      perS: elapsedS > 0 ? Math.round((sumActions((a) => a.sent) / elapsedS) * 100) / 100 : 0,
    },
    disconnects: {
      disconnects: sum((r) => r.disconnects.disconnects),
      recovered: sum((r) => r.disconnects.recovered),
      timeToRecover: recovery.latency,
      timeToRecoverHistogram: recovery.histogram,
      droppedBySimulation: sum((r) => r.disconnects.droppedBySimulation ?? 0),
    },
    sessions: mergeSessions(results),
    detection: mergeDetection(results),
    timeSeries: mergeTimeSeries(results),
    thresholds: [],
    faultsInjected: faults,
    protocols: results.reduce<LoadResult['protocols']>((into, r) => addCounts(into, r.protocols), {}),
  };
  const specs = thresholdSpecs(first);
  applyThresholds(merged, specs, trippedGate(results, specs));
  return merged;
}

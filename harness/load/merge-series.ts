/**
 * The merged run's time series: each shard's points are put on the wall clock (its `startedAt` plus `t`) and
 * bucketed by whole second from the earliest shard's start. Per bucket: gauges (connected, booted, sessions) are
 * summed over shards (each shard's last point in the bucket); calls and errors are summed as counts (rate x the
 * point's span) over the bucket's span, so one-second points give exactly the sum of the shards' rates.
 * The per-second p99 of an action is the largest of the shards' p99 in that second: a result keeps no per-second
 * histogram, so the exact one cannot be rebuilt; the maximum is an upper bound, never an average (docs/load.md).
 */
import type { LoadResult, TimeSeriesPoint } from './result.js';

interface Bucket {
  stage: string;
  /** Per shard: the last point in the bucket (gauges), and the calls, errors and span it holds. */
  shards: Map<number, { last: TimeSeriesPoint; calls: number; errors: number; spanS: number }>;
  p99ByAction: Record<string, number>;
}

export function mergeTimeSeries(results: readonly LoadResult[]): TimeSeriesPoint[] {
  const starts = results.map((r) => Date.parse(r.startedAt));
  const earliest = Math.min(...starts);
  const buckets = new Map<number, Bucket>();
  results.forEach((result, shard) => {
    const offsetS = ((starts[shard] as number) - earliest) / 1_000;
    let previousT = 0;
    for (const point of result.timeSeries) {
      const spanS = Math.max(0, point.t - previousT);
      previousT = point.t;
      const second = Math.max(1, Math.round(point.t + offsetS));
      let bucket = buckets.get(second);
      if (bucket === undefined) {
        bucket = { stage: point.stage, shards: new Map(), p99ByAction: {} };
        buckets.set(second, bucket);
      }
      const held = bucket.shards.get(shard);
      bucket.shards.set(shard, {
        last: point,
        calls: (held?.calls ?? 0) + point.callsPerS * spanS,
        errors: (held?.errors ?? 0) + point.errorsPerS * spanS,
        spanS: (held?.spanS ?? 0) + spanS,
      });
      for (const [action, p99] of Object.entries(point.p99ByAction)) bucket.p99ByAction[action] = Math.max(bucket.p99ByAction[action] ?? 0, p99);
    }
  });
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([second, bucket]) => {
      const parts = [...bucket.shards.values()];
      const sum = (pick: (p: (typeof parts)[number]) => number) => parts.reduce((n, p) => n + pick(p), 0);
      const spanS = Math.max(1e-3, ...parts.map((p) => p.spanS));
      return {
        t: second,
        stage: bucket.stage,
        connected: sum((p) => p.last.connected),
        booted: sum((p) => p.last.booted),
        callsPerS: Math.round((sum((p) => p.calls) / spanS) * 100) / 100,
        errorsPerS: Math.round((sum((p) => p.errors) / spanS) * 100) / 100,
        p99ByAction: Object.fromEntries(Object.entries(bucket.p99ByAction).sort((a, b) => a[0].localeCompare(b[0]))),
        sessionsActive: sum((p) => p.last.sessionsActive),
      };
    });
}

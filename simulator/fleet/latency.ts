/**
 * Latency histograms of a load run: HdrHistogram in whole microseconds, summarised in real milliseconds.
 *
 * Why percentiles are clamped to the maximum: HdrHistogram answers a percentile with the highest value of the
 * bucket it falls in (`highestEquivalentValue`), while `maxValue` is the exact largest value recorded. At 3
 * significant digits a bucket near 30 s is 16 ms wide, so one 30,000.123 ms call read back as a p99 of
 * 30,015.487 ms above a max of 30,000.123 ms. No recorded value lies above the maximum, so the bucket's top is
 * cut there: every percentile stays within its bucket's resolution and p50 <= ... <= p99.9 <= max holds.
 */
// The package's own modules, not its index: the index loads every part (log readers and writers, recorders), about
// 5 MiB of resident memory in each process that holds a fleet (docs/performance.md, section 5).
import { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
import type { Histogram } from 'hdr-histogram-js';

/** One hour in microseconds is the largest latency kept; 3 significant digits (0.1 % resolution). */
const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 } as const;

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p99_9: number;
  max: number;
  mean: number;
}

export function newLatencyHistogram(): Histogram {
  return build(HISTOGRAM);
}

/** Records real milliseconds (at least 1 µs, so a value is never lost to zero). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(HISTOGRAM.highestTrackableValue, Math.max(1, Math.round(ms * 1_000))));
}

/** The value at `percentile`, in ms, never above the largest value recorded. */
export function percentileMs(histogram: Histogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  return Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue) / 1_000;
}

export function latencyStats(histogram: Histogram): LatencyStats {
  const at = (percentile: number) => percentileMs(histogram, percentile);
  const count = histogram.totalCount;
  return {
    count,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p99_9: at(99.9),
    max: count === 0 ? 0 : histogram.maxValue / 1_000,
    mean: count === 0 ? 0 : Math.round(histogram.mean) / 1_000,
  };
}

/** The histogram as hdr-histogram-js `encodeIntoCompressedBase64` writes it (values in microseconds). */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

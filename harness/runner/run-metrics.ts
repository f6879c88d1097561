/**
 * The numbers a scenario reports: detection latency percentiles over its expected issues (nearest rank),
 * and the desk's own figures (first-contact resolution, time to remote recovery, repeat incidents) when
 * the CSMS has a desk the runner can read. Rates are percentages.
 */
import type { DeskReadings } from './csms/target.js';

export function runMetrics(detectionLatenciesMs: readonly number[], readings: DeskReadings | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  const sorted = [...detectionLatenciesMs].sort((a, b) => a - b);
  if (sorted.length > 0) {
    metrics['detection-latency-p50'] = percentile(sorted, 50);
    metrics['detection-latency-p95'] = percentile(sorted, 95);
    metrics['detection-latency-p99'] = percentile(sorted, 99);
    metrics['detection-latency-max'] = sorted[sorted.length - 1] as number;
  }
  const desk = readings?.metrics;
  if (desk?.firstContactResolutionRate !== undefined) metrics['first-contact-resolution-rate'] = desk.firstContactResolutionRate * 100;
  if (desk?.timeToRemoteRecovery) {
    metrics['time-to-remote-recovery-mean'] = desk.timeToRemoteRecovery.meanMs;
    metrics['time-to-remote-recovery-median'] = desk.timeToRemoteRecovery.medianMs;
  }
  if (desk?.repeatIncidentRate !== undefined) metrics['repeat-incident-rate'] = desk.repeatIncidentRate * 100;
  return metrics;
}

function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

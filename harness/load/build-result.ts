/** Turns a finished (or cut) run's fleet counts into the LoadResult contract (result.ts). */
import { createRequire } from 'node:module';
import type { FleetSnapshot } from '../../simulator/fleet/metrics.js';
import type { LatencyStats } from '../../simulator/fleet/latency.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import {
  LOAD_EXIT,
  LOAD_RESULT_FORMAT,
  type ActionResult,
  type DetectionResult,
  type InjectedFault,
  type LatencySummary,
  type LoadParameters,
  type LoadResult,
  type LoadVerdict,
  type TimeSeriesPoint,
} from './result.js';

export interface RunRecord {
  parameters: LoadParameters;
  startedAt: string;
  elapsedS: number;
  interrupted: boolean;
  failures: string[];
  snapshot: FleetSnapshot;
  bootAllMs: number | undefined;
  timeSeries: TimeSeriesPoint[];
  faultsInjected: InjectedFault[];
  protocols: Partial<Record<OcppProtocol, number>>;
  detection?: DetectionResult[];
}

export function buildResult(run: RunRecord): LoadResult {
  const s = run.snapshot;
  const verdict: LoadVerdict = run.interrupted ? 'interrupted' : run.failures.length > 0 ? 'run-failed' : 'passed';
  const exitCode = verdict === 'interrupted' ? LOAD_EXIT.interrupted : verdict === 'run-failed' ? LOAD_EXIT.runFailed : LOAD_EXIT.ok;
  const actions: ActionResult[] = s.actions.map((a) => ({
    action: a.action,
    sent: a.sent,
    answered: a.answered,
    callErrors: a.callErrors,
    timedOut: a.timedOut,
    inFlightAtEnd: a.inFlightAtEnd,
    cutByDisconnect: a.cutByDisconnect,
    unansweredAtEnd: a.unansweredAtEnd,
    notSent: a.notSent,
    latency: summary(a.latency),
    histogram: a.histogram,
  }));
  const sum = (pick: (a: ActionResult) => number) => actions.reduce((n, a) => n + pick(a), 0);
  const callErrors = sum((a) => Object.values(a.callErrors).reduce((n, c) => n + c, 0));
  const c = s.connections;
  return {
    format: LOAD_RESULT_FORMAT,
    tool: { name: 'chargedrill', version: toolVersion(), node: process.version },
    startedAt: run.startedAt,
    parameters: run.parameters,
    elapsedS: round(run.elapsedS, 3),
    verdict,
    failures: run.failures,
    exitCode,
    connections: {
      attempts: c.attempts,
      opened: c.opened,
      failed: c.failed,
      ...(c.firstFailure !== undefined && { firstFailure: c.firstFailure }),
      closedByPeer: c.closedByPeer,
      ...(c.rampHeld !== undefined && { rampHeld: c.rampHeld }),
    },
    boots: {
      accepted: s.booted,
      pending: s.pending,
      rejected: s.rejected,
      notBooted: s.notBooted,
      ...(run.bootAllMs !== undefined && { bootAllMs: Math.round(run.bootAllMs) }),
    },
    actions,
    calls: {
      sent: sum((a) => a.sent),
      answered: sum((a) => a.answered),
      errors: callErrors + sum((a) => a.timedOut + a.cutByDisconnect),
      timedOut: sum((a) => a.timedOut),
      inFlightAtEnd: sum((a) => a.inFlightAtEnd),
      cutByDisconnect: sum((a) => a.cutByDisconnect),
      perS: run.elapsedS > 0 ? round(sum((a) => a.sent) / run.elapsedS, 2) : 0,
    },
    disconnects: {
      disconnects: c.disconnects, recovered: c.recovered, timeToRecover: summary(c.timeToRecover), timeToRecoverHistogram: c.timeToRecoverHistogram, droppedBySimulation: c.droppedBySimulation,
    },
    sessions: s.sessions,
    detection: run.detection ?? [],
    timeSeries: run.timeSeries,
    thresholds: [],
    faultsInjected: run.faultsInjected,
    protocols: run.protocols,
  };
}

function summary(l: LatencyStats): LatencySummary {
  return { count: l.count, p50: l.p50, p90: l.p90, p95: l.p95, p99: l.p99, p99_9: l.p99_9, max: l.max, mean: l.mean };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function toolVersion(): string {
  // package.json sits two levels above harness/load/ in the sources and three in dist/ (as in run-suite.ts).
  const require = createRequire(import.meta.url);
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(path) as { name?: string; version?: string };
      if (pkg.name === 'chargedrill' && pkg.version) return pkg.version;
    } catch {
      // Not at this level.
    }
  }
  return '0.0.0';
}

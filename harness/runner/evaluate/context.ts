/** What every expectation check reads, and what it answers. */
import type { ExpectationResult } from '../../../reports/result.js';
import { formatDurationMs as durationText } from '../../../simulator/duration.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import type { DeskReadings } from '../csms/target.js';
import type { ObservationLog } from '../observations.js';
import type { Anchor, Expectation, Scenario } from '../scenario/model.js';

export interface EvalContext {
  scenario: Scenario;
  log: ObservationLog;
  /** Scenario ms up to which every observation has arrived (now minus the settle time, at most `endMs`). */
  horizonMs: number;
  /** True once the scenario is over: open-ended checks (never, end status, uptime, metrics) decide now. */
  ended: boolean;
  /** How far a remote CSMS's timestamps may be off ours (0 in-process); an issue may date that much before its step. */
  clockSlackMs: number;
  /** The connector's status now, in the scenario's protocol's words. */
  connectorStatus(stationId: string, connectorId: number): string;
  readings?: DeskReadings;
  metrics?: Record<string, number>;
}

export interface Judgement {
  state: 'pending' | 'passed' | 'failed';
  result: ExpectationResult;
  /** Pending and waiting for something that comes on its own (a deadline, a technician): the scenario must not end early. */
  blocksEarlyEnd: boolean;
}

/** When `within` starts: the anchor step as it actually ran; undefined while it has not run yet. */
export function anchorMs(from: Anchor, log: ObservationLog): number | undefined {
  if (from.stepIndex === undefined) return from.atMs;
  return log.steps.get(from.stepIndex)?.atMs;
}

export function anchorName(from: Anchor): string {
  if (from.stepIndex === undefined) return 'the start';
  return from.stepName ? `step "${from.stepName}"` : `step ${from.stepIndex} at ${durationText(from.atMs)}`;
}

/** The station or site an expectation is about; its connector, if any, is left to the expectation's own text. */
export function place(scope: { stationId?: string; siteId?: string }): string {
  return placeText({ stationId: scope.stationId, siteId: scope.siteId });
}

/** Every field of `expected` is in `actual` with the same value (deep for objects). */
export function payloadMatches(expected: Record<string, unknown> | undefined, actual: Record<string, unknown>): boolean {
  if (!expected) return true;
  return Object.entries(expected).every(([key, value]) => sameValue(value, actual[key]));
}

function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((v, i) => sameValue(v, actual[i]));
    return payloadMatches(expected as Record<string, unknown>, actual as Record<string, unknown>);
  }
  return expected === actual;
}

export function base(expectation: Expectation, title: string, expected: string): Omit<ExpectationResult, 'status' | 'observed'> {
  return { kind: expectation.kind, title, expected, source: expectation.source };
}

export const ms = durationText;

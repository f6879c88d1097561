/**
 * Every detector threshold in one object. Defaults follow docs/domain.md §4; durations are simulated ms.
 * Validation returns all problems at once, so a bad config is fixed in one go.
 */
import { pointer, ProblemsError, type Problem } from '../../simulator/problems.js';
import { defaultIsTariffRefusal, type TariffRefusalPredicate } from './tariff-refusal.js';

export interface DetectorConfig {
  /** No connectivity after this many heartbeat intervals of silence... */
  noConnectivityHeartbeatMultiple: number;
  /** ...unless this fixed silence is set (e.g. 24 h as some platforms use). */
  noConnectivityAfterMs: number | undefined;
  /** Share of a site's stations that must lose connectivity for a site outage. */
  siteOutageFraction: number;
  siteOutageMinStations: number;
  /** The stations must have lost connectivity within this window of each other. */
  siteOutageWindowMs: number;
  stuckFinishingMs: number;
  rebootLoopCount: number;
  rebootLoopWindowMs: number;
  /** A boot this soon after a Reset the station accepted was asked for, so it is not counted. */
  resetBootGraceMs: number;
  authFailuresCount: number;
  authFailuresWindowMs: number;
  /** Sites with open authorization-failures issues at once for a network-wide issue. */
  networkAuthSites: number;
  failedSessionsCount: number;
  failedSessionsWindowMs: number;
  /** A session delivering at most this much energy counts as failed (its length never does). */
  failedSessionMaxWh: number;
  /** 2.0.1 Faulted carries no error code: wait this long for a NotifyEvent/TransactionEvent that classifies it. */
  faultClassificationGraceMs: number;
  /**
   * The grace lasts at least this much REAL time: the classifying message crosses the network after the status,
   * and network time is real, so at a high time scale a short simulated grace would expire before it arrives.
   */
  faultClassificationMinRealMs: number;
  evidenceMax: number;
  /** Resolved issues kept in memory for issues(); the CSMS store keeps the full history. */
  resolvedIssuesKept: number;
  isTariffRefusal: TariffRefusalPredicate;
}

export const DEFAULT_DETECTOR_CONFIG: Readonly<DetectorConfig> = Object.freeze({
  noConnectivityHeartbeatMultiple: 3,
  noConnectivityAfterMs: undefined,
  siteOutageFraction: 0.5,
  siteOutageMinStations: 2,
  siteOutageWindowMs: 120_000,
  stuckFinishingMs: 900_000,
  rebootLoopCount: 3,
  rebootLoopWindowMs: 3_600_000,
  resetBootGraceMs: 600_000,
  authFailuresCount: 3,
  authFailuresWindowMs: 600_000,
  networkAuthSites: 3,
  failedSessionsCount: 3,
  failedSessionsWindowMs: 3_600_000,
  failedSessionMaxWh: 10,
  faultClassificationGraceMs: 5_000,
  faultClassificationMinRealMs: 1_000,
  evidenceMax: 20,
  resolvedIssuesKept: 10_000,
  isTariffRefusal: defaultIsTariffRefusal,
});

interface Check {
  ok: (value: unknown) => boolean;
  expected: string;
}

const positiveInteger: Check = {
  ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1,
  expected: 'an integer ≥ 1',
};
const nonNegativeMs: Check = {
  ok: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  expected: 'a number of milliseconds ≥ 0',
};
const positiveMs: Check = {
  ok: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
  expected: 'a number of milliseconds > 0',
};

const CHECKS: Readonly<Record<keyof DetectorConfig, Check>> = {
  noConnectivityHeartbeatMultiple: {
    ok: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
    expected: 'a number > 0',
  },
  noConnectivityAfterMs: { ok: (v) => v === undefined || positiveMs.ok(v), expected: `undefined or ${positiveMs.expected}` },
  siteOutageFraction: {
    ok: (v) => typeof v === 'number' && v > 0 && v <= 1,
    expected: 'a fraction > 0 and ≤ 1',
  },
  siteOutageMinStations: positiveInteger,
  siteOutageWindowMs: nonNegativeMs,
  stuckFinishingMs: positiveMs,
  rebootLoopCount: positiveInteger,
  rebootLoopWindowMs: positiveMs,
  resetBootGraceMs: nonNegativeMs,
  authFailuresCount: positiveInteger,
  authFailuresWindowMs: positiveMs,
  networkAuthSites: positiveInteger,
  failedSessionsCount: positiveInteger,
  failedSessionsWindowMs: positiveMs,
  failedSessionMaxWh: { ok: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, expected: 'a number of Wh ≥ 0' },
  faultClassificationGraceMs: nonNegativeMs,
  faultClassificationMinRealMs: nonNegativeMs,
  evidenceMax: { ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 2, expected: 'an integer ≥ 2' },
  resolvedIssuesKept: { ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, expected: 'an integer ≥ 0' },
  isTariffRefusal: { ok: (v) => typeof v === 'function', expected: 'a function (event, context) => boolean' },
};

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Lists every problem of a partial config (unknown keys included), each at its key; empty when it is fine. */
export function validateDetectorConfig(partial: unknown): Problem[] {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    return [{ path: '', message: `${show(partial)} is not allowed`, allowed: ['an object'] }];
  }
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(partial)) {
    const check = (CHECKS as Record<string, Check | undefined>)[key];
    if (!check) {
      problems.push({ path: pointer(key), message: 'is not a known setting', allowed: Object.keys(CHECKS) });
    } else if (!check.ok(value)) {
      problems.push({ path: pointer(key), message: `${show(value)} is not allowed`, allowed: [check.expected] });
    }
  }
  return problems;
}

export class DetectorConfigError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super(problems, { code: 'CD_ERR_DETECTOR_CONFIG', heading: 'invalid detector config', root: 'config', layout: 'lines' });
    this.name = 'DetectorConfigError';
  }
}

/** Defaults overlaid with `partial`; throws one DetectorConfigError listing every problem. */
export function parseDetectorConfig(partial: Partial<DetectorConfig> = {}): DetectorConfig {
  const problems = validateDetectorConfig(partial);
  if (problems.length > 0) throw new DetectorConfigError(problems);
  // Safe to spread: validation refused `undefined` wherever it is not a meaningful value.
  return { ...DEFAULT_DETECTOR_CONFIG, ...partial };
}

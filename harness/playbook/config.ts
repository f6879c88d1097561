/**
 * Every playbook threshold and ladder step in one object. Defaults follow DOMAIN.md §5; durations are
 * simulated ms. Validation lists all problems at once (unknown keys included), so a bad config is fixed in one go.
 */

import type { EscalationTarget, LadderStep } from './types.js';

/** The ladder's rungs, in the order the desk climbs them. */
export const LADDER_STEPS: readonly LadderStep[] = ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'];

/** Issue types the desk tries to fix remotely. Safety faults are deliberately absent: they never climb a ladder. */
export type LadderIssueType = 'stuck-finishing' | 'connector-faulted' | 'power-meter-failure' | 'no-connectivity';
export const LADDER_ISSUE_TYPES: readonly LadderIssueType[] = ['stuck-finishing', 'connector-faulted', 'power-meter-failure', 'no-connectivity'];

/**
 * Issue types the matrix hands straight to a team (no ladder, no safety handling): the only ones whose
 * target `routing` may change. Safety faults, ladders and connectivity are deliberately absent: field
 * engineering for a ground fault is not a matter of configuration.
 */
export type RoutableIssueType =
  | 'site-outage'
  | 'reboot-loop'
  | 'network-authorization-failures'
  | 'authorization-failures'
  | 'concurrent-tx'
  | 'repeated-failed-sessions'
  | 'cost-not-configured';
export const ROUTABLE_ISSUE_TYPES: readonly RoutableIssueType[] = [
  'site-outage',
  'reboot-loop',
  'network-authorization-failures',
  'authorization-failures',
  'concurrent-tx',
  'repeated-failed-sessions',
  'cost-not-configured',
];
export const ESCALATION_TARGETS: readonly EscalationTarget[] = [
  'tier-1',
  'tier-2',
  'field-engineering',
  'network-it',
  'manufacturer',
  'platform-leadership',
  'engineering',
  'management',
];

/** Error codes that are safety faults: no ladder may be configured for them, whatever the issue type says. */
export const SAFETY_ERROR_CODES: ReadonlySet<string> = new Set(['GroundFailure', 'HighTemperature', 'OverCurrentFailure', 'OverVoltage', 'UnderVoltage']);

export interface PlaybookConfig {
  /** The ladder per issue type; an empty ladder dispatches the field at once. */
  ladders: Record<LadderIssueType, LadderStep[]>;
  /** The team an issue type is escalated to, replacing the matrix's (DOMAIN.md §5) for that type; empty by default. */
  routing: Partial<Record<RoutableIssueType, EscalationTarget>>;
  /** For connector-faulted: a ladder per 1.6 error code, replacing `ladders['connector-faulted']`. */
  laddersByErrorCode: Record<string, LadderStep[]>;
  /** After a step, the connector must report Available within this window or the next step is tried. */
  verifyAvailableWithinMs: Record<LadderStep, number>;
  /** After a verified recovery, prove the connector charges with a remote-started session. */
  testSessionAfterRecovery: boolean;
  testSessionIdTag: string;
  /** The test session must start (transaction-started) within this window. */
  testSessionStartWithinMs: number;
  /** A silent station waits this long before the desk acts, so a forming site outage takes it over. */
  connectivityGraceMs: number;
  /** An unreachable station sits with Tier 2 this long before field service is dispatched. */
  offlineTier2ToFieldMs: number;
  /** Not resolved by support within this → engineering, account manager informed. */
  unresolvedToEngineeringMs: number;
  /** An outage lasting longer than this → management. */
  outageToManagementMs: number;
  /** Expected technician arrival after a work order opens (recorded on the work order as `technicianDueAt`). */
  technicianTravelMs: number;
  /** Messages of the station's log copied into a ticket, escalation or work order. */
  messageLogExcerptSize: number;
  /** Two incidents on one charger within this window count as a repeat incident. */
  repeatIncidentWindowMs: number;
  /** Outages ended by a utility power loss (PowerLoss stop, PowerUp boot) are excluded time in uptime. */
  excludePowerLossFromUptime: boolean;
}

export const DEFAULT_PLAYBOOK_CONFIG: Readonly<PlaybookConfig> = Object.freeze<PlaybookConfig>({
  ladders: {
    // Finishing is a stuck cable or state: unlocking is the first thing that can help, a status refresh cannot.
    'stuck-finishing': ['unlock-connector', 'soft-reset', 'hard-reset'],
    'connector-faulted': ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'],
    'power-meter-failure': ['soft-reset'],
    // Only a reboot can revive a hung modem; the step is skipped when the station is not connected.
    'no-connectivity': ['hard-reset'],
  },
  routing: {},
  laddersByErrorCode: {
    ConnectorLockFailure: ['unlock-connector', 'soft-reset'],
    // Cleared only by replacing the reader (DOMAIN.md §3).
    ReaderFailure: [],
  },
  verifyAvailableWithinMs: {
    'trigger-status': 60_000,
    'unlock-connector': 120_000,
    'soft-reset': 300_000,
    'hard-reset': 600_000,
  },
  testSessionAfterRecovery: false,
  testSessionIdTag: 'DESK-TEST',
  testSessionStartWithinMs: 120_000,
  connectivityGraceMs: 120_000,
  offlineTier2ToFieldMs: 3_600_000,
  unresolvedToEngineeringMs: 3_600_000,
  outageToManagementMs: 14_400_000,
  technicianTravelMs: 7_200_000,
  messageLogExcerptSize: 20,
  repeatIncidentWindowMs: 7 * 86_400_000,
  excludePowerLossFromUptime: true,
});

interface Check {
  ok: (value: unknown) => boolean;
  expected: string;
}

const positiveMs: Check = { ok: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0, expected: 'a number of milliseconds > 0' };
const nonNegativeMs: Check = { ok: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, expected: 'a number of milliseconds ≥ 0' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function ladderProblems(key: string, value: unknown, resetsAllowed: boolean): string[] {
  if (!Array.isArray(value)) return [`${key}: ${show(value)} is not allowed, expected an array of ${LADDER_STEPS.join(' | ')}`];
  const problems: string[] = [];
  value.forEach((step: unknown, index) => {
    if (!(LADDER_STEPS as readonly unknown[]).includes(step)) {
      problems.push(`${key}[${index}]: ${show(step)} is not allowed, expected one of ${LADDER_STEPS.join(', ')}`);
    } else if (!resetsAllowed && (step === 'soft-reset' || step === 'hard-reset')) {
      problems.push(`${key}[${index}]: ${show(step)} is not allowed, expected no reset on a safety fault`);
    }
  });
  if (new Set(value).size !== value.length) problems.push(`${key}: ${show(value)} is not allowed, expected each step at most once`);
  return problems;
}

/** A nested record whose keys are fixed: each listed key is checked, unknown keys are errors. */
function closedRecord(name: string, value: unknown, keys: readonly string[], check: (key: string, v: unknown) => string[]): string[] {
  if (!isRecord(value)) return [`${name}: ${show(value)} is not allowed, expected an object with keys ${keys.join(', ')}`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!keys.includes(key)) problems.push(`${name}.${key}: is not a known setting, expected one of ${keys.join(', ')}`);
    else problems.push(...check(`${name}.${key}`, v));
  }
  return problems;
}

function scalar(check: Check): (key: string, value: unknown) => string[] {
  return (key, value) => (check.ok(value) ? [] : [`${key}: ${show(value)} is not allowed, expected ${check.expected}`]);
}

const CHECKS: Readonly<Record<keyof PlaybookConfig, (key: string, value: unknown) => string[]>> = {
  ladders: (key, value) => closedRecord(key, value, LADDER_ISSUE_TYPES, (k, v) => ladderProblems(k, v, true)),
  routing: (key, value) =>
    closedRecord(key, value, ROUTABLE_ISSUE_TYPES, (k, v) =>
      (ESCALATION_TARGETS as readonly unknown[]).includes(v) ? [] : [`${k}: ${show(v)} is not allowed, expected one of ${ESCALATION_TARGETS.join(', ')}`],
    ),
  laddersByErrorCode: (key, value) => {
    if (!isRecord(value)) return [`${key}: ${show(value)} is not allowed, expected an object of error code → ladder`];
    return Object.entries(value).flatMap(([code, ladder]) => ladderProblems(`${key}.${code}`, ladder, !SAFETY_ERROR_CODES.has(code)));
  },
  verifyAvailableWithinMs: (key, value) => closedRecord(key, value, LADDER_STEPS, scalar(positiveMs)),
  testSessionAfterRecovery: scalar({ ok: (v) => typeof v === 'boolean', expected: 'true or false' }),
  testSessionIdTag: scalar({ ok: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 20, expected: 'a string of 1 to 20 characters (OCPP idTag)' }),
  testSessionStartWithinMs: scalar(positiveMs),
  connectivityGraceMs: scalar(nonNegativeMs),
  offlineTier2ToFieldMs: scalar(nonNegativeMs),
  unresolvedToEngineeringMs: scalar(positiveMs),
  outageToManagementMs: scalar(positiveMs),
  technicianTravelMs: scalar(nonNegativeMs),
  messageLogExcerptSize: scalar({ ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, expected: 'an integer ≥ 0' }),
  repeatIncidentWindowMs: scalar(positiveMs),
  excludePowerLossFromUptime: scalar({ ok: (v) => typeof v === 'boolean', expected: 'true or false' }),
};

/** What a caller may pass: any top-level key, and any subset of the nested per-type / per-step records. */
export type PlaybookConfigInput = Partial<Omit<PlaybookConfig, 'ladders' | 'verifyAvailableWithinMs'>> & {
  ladders?: Partial<Record<LadderIssueType, LadderStep[]>>;
  verifyAvailableWithinMs?: Partial<Record<LadderStep, number>>;
};

/** Lists every problem of a partial config; empty when it is fine. */
export function validatePlaybookConfig(partial: unknown): string[] {
  if (!isRecord(partial)) return [`config: ${show(partial)} is not allowed, expected an object`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(partial)) {
    const check = (CHECKS as Record<string, ((key: string, value: unknown) => string[]) | undefined>)[key];
    if (!check) problems.push(`${key}: is not a known setting, expected one of ${Object.keys(CHECKS).join(', ')}`);
    else problems.push(...check(key, value));
  }
  return problems;
}

export class PlaybookConfigError extends Error {
  readonly code = 'CD_ERR_PLAYBOOK_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`invalid playbook config:\n  ${problems.join('\n  ')}`);
    this.name = 'PlaybookConfigError';
  }
}

/** Defaults overlaid with `partial` (nested records merged per key); throws one PlaybookConfigError listing every problem. */
export function parsePlaybookConfig(partial: PlaybookConfigInput = {}): PlaybookConfig {
  const problems = validatePlaybookConfig(partial);
  if (problems.length > 0) throw new PlaybookConfigError(problems);
  const d = DEFAULT_PLAYBOOK_CONFIG;
  return {
    ...d,
    ...partial,
    ladders: { ...d.ladders, ...partial.ladders },
    routing: { ...d.routing, ...partial.routing },
    laddersByErrorCode: { ...d.laddersByErrorCode, ...partial.laddersByErrorCode },
    verifyAvailableWithinMs: { ...d.verifyAvailableWithinMs, ...partial.verifyAvailableWithinMs },
  };
}

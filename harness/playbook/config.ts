/**
 * Every playbook threshold and ladder step in one object. Defaults follow docs/domain.md §5; durations are
 * simulated ms. Validation lists all problems at once (unknown keys included), so a bad config is fixed in one go.
 */

import { defaultLadders, LADDER_ISSUE_TYPES, ROUTABLE_ISSUE_TYPES, type LadderIssueType, type RoutableIssueType } from '../issues/catalogue.js';
import { LADDER_STEPS, type LadderStep } from '../issues/ladder-steps.js';
import { ESCALATION_TARGETS, type EscalationTarget } from '../issues/teams.js';
import { pointer, ProblemsError, type Problem } from '../../simulator/problems.js';
import { SAFETY_ERROR_CODES } from '../../simulator/vocabulary/error-codes.js';

// Safety error codes (no ladder may be configured for them) are vocabulary; forwarded for routing.ts's import.

export interface PlaybookConfig {
  /** The ladder per issue type; an empty ladder dispatches the field at once. */
  ladders: Record<LadderIssueType, LadderStep[]>;
  /** The team an issue type is escalated to, replacing the matrix's (docs/domain.md §5) for that type; empty by default. */
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
  // The defaults live in the issue catalogue (harness/issues/catalogue.ts), one record per type.
  ladders: defaultLadders(),
  routing: {},
  laddersByErrorCode: {
    ConnectorLockFailure: ['unlock-connector', 'soft-reset'],
    // Cleared only by replacing the reader (docs/domain.md §3).
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

function ladderProblems(at: string, value: unknown, resetsAllowed: boolean): Problem[] {
  if (!Array.isArray(value)) return [{ path: at, message: `${show(value)} is not allowed`, allowed: [`an array of ${LADDER_STEPS.join(' | ')}`] }];
  const problems: Problem[] = [];
  value.forEach((step: unknown, index) => {
    if (!(LADDER_STEPS as readonly unknown[]).includes(step)) {
      problems.push({ path: `${at}${pointer(index)}`, message: `${show(step)} is not allowed`, allowed: [...LADDER_STEPS] });
    } else if (!resetsAllowed && (step === 'soft-reset' || step === 'hard-reset')) {
      problems.push({ path: `${at}${pointer(index)}`, message: `${show(step)} is not allowed`, allowed: ['no reset on a safety fault'] });
    }
  });
  if (new Set(value).size !== value.length) problems.push({ path: at, message: `${show(value)} is not allowed`, allowed: ['each step at most once'] });
  return problems;
}

type CheckAt = (at: string, value: unknown) => Problem[];

/** A nested record whose keys are fixed: each listed key is checked, unknown keys are errors. */
function closedRecord(at: string, value: unknown, keys: readonly string[], check: CheckAt): Problem[] {
  if (!isRecord(value)) return [{ path: at, message: `${show(value)} is not allowed`, allowed: [`an object with keys ${keys.join(', ')}`] }];
  const problems: Problem[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!keys.includes(key)) problems.push({ path: `${at}${pointer(key)}`, message: 'is not a known setting', allowed: [...keys] });
    else problems.push(...check(`${at}${pointer(key)}`, v));
  }
  return problems;
}

function scalar(check: Check): CheckAt {
  return (at, value) => (check.ok(value) ? [] : [{ path: at, message: `${show(value)} is not allowed`, allowed: [check.expected] }]);
}

const CHECKS: Readonly<Record<keyof PlaybookConfig, CheckAt>> = {
  ladders: (at, value) => closedRecord(at, value, LADDER_ISSUE_TYPES, (k, v) => ladderProblems(k, v, true)),
  routing: (at, value) =>
    closedRecord(at, value, ROUTABLE_ISSUE_TYPES, (k, v) =>
      (ESCALATION_TARGETS as readonly unknown[]).includes(v) ? [] : [{ path: k, message: `${show(v)} is not allowed`, allowed: [...ESCALATION_TARGETS] }],
    ),
  laddersByErrorCode: (at, value) => {
    if (!isRecord(value)) return [{ path: at, message: `${show(value)} is not allowed`, allowed: ['an object of error code → ladder'] }];
    return Object.entries(value).flatMap(([code, ladder]) => ladderProblems(`${at}${pointer(code)}`, ladder, !SAFETY_ERROR_CODES.has(code)));
  },
  verifyAvailableWithinMs: (at, value) => closedRecord(at, value, LADDER_STEPS, scalar(positiveMs)),
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

/** Lists every problem of a partial config, each at its key; empty when it is fine. */
export function validatePlaybookConfig(partial: unknown): Problem[] {
  if (!isRecord(partial)) return [{ path: '', message: `${show(partial)} is not allowed`, allowed: ['an object'] }];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(partial)) {
    const check = (CHECKS as Record<string, CheckAt | undefined>)[key];
    if (!check) problems.push({ path: pointer(key), message: 'is not a known setting', allowed: Object.keys(CHECKS) });
    else problems.push(...check(pointer(key), value));
  }
  return problems;
}

export class PlaybookConfigError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super(problems, { code: 'CD_ERR_PLAYBOOK_CONFIG', heading: 'invalid playbook config', root: 'config', layout: 'lines' });
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

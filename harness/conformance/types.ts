/**
 * The conformance framework's vocabulary: a test case as the OCA's test tool (OCTT) names it, the verdicts it
 * can reach, and the failures that lead to them. The test station plays the charging station; the CSMS is under test.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

export const VERDICTS = ['PASS', 'FAIL', 'NOT APPLICABLE', 'INCONCLUSIVE'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Optional CSMS features a features file may declare; a case of an undeclared feature is NOT APPLICABLE. */
export const FEATURES = ['Core', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger', 'Security'] as const;
export type Feature = (typeof FEATURES)[number];

/** Which rule a CSMS broke: the reason column of a FAIL. */
export const FAIL_RULES = [
  'schema-invalid',
  'wrong-status',
  'missing-field',
  'wrong-value',
  'timeout',
  'wrong-message-id',
  'wrong-error-code',
  'unexpected-callerror',
  // Security profiles (block A): the CSMS refused a connection it must accept, accepted one it must refuse, or
  // presented a TLS certificate the station cannot verify.
  'connection-refused',
  'connection-accepted',
  'invalid-server-certificate',
] as const;
export type FailRule = (typeof FAIL_RULES)[number];

/** One frame on the wire, as the test station saw it. */
export interface CapturedFrame {
  /** ISO time of sending or arrival. */
  at: string;
  direction: 'station->csms' | 'csms->station';
  text: string;
}

/** The CSMS broke a rule: the case FAILs with this frame and rule. */
export class CaseFailure extends Error {
  override readonly name = 'CaseFailure';
  constructor(
    readonly rule: FailRule,
    message: string,
    readonly frame?: string,
  ) {
    super(message);
  }
}

/** A state the case needs could not be reached for a reason other than a broken rule: INCONCLUSIVE. */
export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
}

/** Reusable states (OCTT's "Reusable State"), implemented once in preconditions.ts. */
export type PreconditionName = 'Booted' | 'Authorized' | 'Charging' | 'Unavailable';

export interface CaseResult {
  id: string;
  title: string;
  protocol: OcppProtocol;
  block: string;
  feature: Feature;
  verdict: Verdict;
  /** Empty for PASS. */
  reason: string;
  rule?: FailRule;
  /** The offending CSMS frame, for a FAIL that has one. */
  frame?: string;
  durationMs: number;
  frames: CapturedFrame[];
}

/**
 * Repeated failed sessions: at least `failedSessionsCount` FAILED sessions on one charger within
 * `failedSessionsWindowMs`. A session is judged on evidence, never on its length: a 60 s top-up that
 * delivered 800 Wh and ended EVDisconnected is a success (docs/domain.md §4).
 *
 * A session FAILED when, at its end, any of these holds:
 * - refused: its StartTransaction (1.6) or a TransactionEvent (2.0.1) was answered with a status other
 *   than Accepted. Refusals with an issue of their own (ConcurrentTx, no tariff) make the session
 *   neutral instead, and a refused Authorize (no session yet) is authorization-failures' evidence.
 * - fault stop: the stop reason names a fault — 1.6 EmergencyStop; 2.0.1 EmergencyStop, GroundFault,
 *   OvercurrentFault, PowerQuality, Timeout (the EV was never connected) — or the connector reported
 *   Faulted while the session ran (1.6 has no fault reasons beyond EmergencyStop; a faulting station
 *   sends Other, which alone is no evidence of anything).
 * - no energy: it delivered at most `failedSessionMaxWh`. Only when the CSMS saw a meter reading for it
 *   (a 2.0.1 station may end without one; then the energy is unknown, not zero).
 *
 * Neutral (neither counted nor resolving): sessions stopped by PowerLoss, Reboot or a reset (the
 * reboot-loop rule counts power losses; a reset is often the desk's own remedy), refusals owned by
 * another issue, and a normal end whose energy is unknown. Every other session delivered energy and ended
 * normally (EVDisconnected, Local, Remote, StoppedByEV, EnergyLimitReached, SOCLimitReached,
 * TimeLimitReached, DeAuthorized after charging, Other, ...): a success. The next success on the charger
 * resolves the issue, which is the confirmation the desk looks for; earlier failures then no longer count.
 */
import type { CsmsEventOf } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence } from '../types.js';

/** Stop reasons that are a fault in themselves (1.6 and 2.0.1 spellings). */
export const FAULT_STOP_REASONS: ReadonlySet<string> = new Set(['EmergencyStop', 'GroundFault', 'OvercurrentFault', 'PowerQuality', 'Timeout']);
/** Stops by power loss or a reset: counted by reboot-loop or caused by the desk, so not evidence here. */
export const INTERRUPTION_STOP_REASONS: ReadonlySet<string> = new Set(['PowerLoss', 'Reboot', 'HardReset', 'SoftReset', 'ImmediateReset']);
/** Token refusals with an issue of their own (concurrent-tx, cost-not-configured). */
const REFUSALS_OWNED_ELSEWHERE: ReadonlySet<string> = new Set(['concurrent-tx', 'no-tariff']);

export type SessionFailure = 'refused' | 'fault-stop' | 'no-energy';

interface Failure {
  atSimMs: number;
  /** The end, preceded by the refusal or fault status that explains it. */
  evidence: Evidence[];
}

interface OpenSession {
  connectorId: number;
  evseId: number | undefined;
  refusal?: CsmsEventOf<'authorize'>;
  faulted?: CsmsEventOf<'status'>;
}

type Event = CsmsEventOf<'authorize' | 'frame' | 'status' | 'transaction-started' | 'transaction-ended'>;

export function repeatedFailedSessionsRule(ctx: RuleContext): Rule {
  const { failedSessionsCount, failedSessionsWindowMs, failedSessionMaxWh } = ctx.config;
  /** Running sessions per station, by transaction id. */
  const open = new Map<string, Map<string, OpenSession>>();
  const failures = new Map<string, Failure[]>();
  /** 1.6: the token decision on a StartTransaction comes just before its transaction-started. */
  const startDecision = new Map<string, CsmsEventOf<'authorize'>>();
  /** 2.0.1: the transaction of the TransactionEvent being answered, per station. */
  const answering = new Map<string, string>();
  /** Refusals of 2.0.1 transactions whose transaction-started has not been seen yet. */
  const earlyRefusals = new Map<string, CsmsEventOf<'authorize'>>();

  const txKey = (stationId: string, transactionId: string): string => `${stationId}|${transactionId}`;
  const sessionOf = (stationId: string, transactionId: string): OpenSession | undefined => open.get(stationId)?.get(transactionId);

  function onAuthorize(event: CsmsEventOf<'authorize'>): void {
    if (event.action === 'StartTransaction') {
      startDecision.set(event.stationId, event);
      return;
    }
    if (event.action !== 'TransactionEvent' || event.status === 'Accepted') return;
    const transactionId = answering.get(event.stationId);
    if (transactionId === undefined) return;
    const session = sessionOf(event.stationId, transactionId);
    if (session) session.refusal ??= event;
    else earlyRefusals.set(txKey(event.stationId, transactionId), event);
  }

  function onStarted(event: CsmsEventOf<'transaction-started'>): void {
    const key = txKey(event.stationId, event.transactionId);
    const decision = startDecision.get(event.stationId);
    startDecision.delete(event.stationId);
    const refusal = decision && decision.status !== 'Accepted' ? decision : earlyRefusals.get(key);
    earlyRefusals.delete(key);
    let sessions = open.get(event.stationId);
    if (!sessions) {
      sessions = new Map();
      open.set(event.stationId, sessions);
    }
    sessions.set(event.transactionId, { connectorId: event.connectorId, evseId: event.evseId, ...(refusal && { refusal }) });
  }

  function onStatus(event: CsmsEventOf<'status'>): void {
    if (event.status !== 'Faulted') return;
    for (const session of open.get(event.stationId)?.values() ?? []) {
      if (session.faulted) continue;
      const sameConnector =
        event.evseId !== undefined ? session.evseId === event.evseId : event.connectorId === 0 || event.connectorId === session.connectorId;
      if (sameConnector) session.faulted = event;
    }
  }

  /** Why the session failed, [] for a success, undefined when it proves nothing either way. */
  function judge(event: CsmsEventOf<'transaction-ended'>, session: OpenSession | undefined): SessionFailure[] | undefined {
    const refusal = session?.refusal;
    if (refusal?.reason !== undefined && REFUSALS_OWNED_ELSEWHERE.has(refusal.reason)) return undefined;
    const failed: SessionFailure[] = [];
    if (refusal) failed.push('refused');
    if (FAULT_STOP_REASONS.has(event.reason) || session?.faulted) failed.push('fault-stop');
    else if (INTERRUPTION_STOP_REASONS.has(event.reason)) return failed.length > 0 ? failed : undefined;
    const energyKnown = event.energyKnown !== false;
    if (energyKnown && event.energyWh <= failedSessionMaxWh) failed.push('no-energy');
    if (failed.length === 0 && !energyKnown) return undefined;
    return failed;
  }

  function onEnded(event: CsmsEventOf<'transaction-ended'>): void {
    const sessions = open.get(event.stationId);
    const session = sessions?.get(event.transactionId);
    sessions?.delete(event.transactionId);
    if (sessions?.size === 0) open.delete(event.stationId);
    earlyRefusals.delete(txKey(event.stationId, event.transactionId));
    const failed = judge(event, session);
    if (failed === undefined) return;
    const issue = issueKey('repeated-failed-sessions', { stationId: event.stationId });
    const evidence = evidenceOf(event, `${describe(event)}${failed.length > 0 ? `: failed (${failed.join(', ')})` : ''}`);
    if (failed.length === 0) {
      failures.delete(event.stationId);
      if (ctx.issues.findOpen(issue)) ctx.issues.resolve(issue, event.at, { evidence: [evidence] });
      return;
    }
    let list = failures.get(event.stationId);
    if (!list) {
      list = [];
      failures.set(event.stationId, list);
    }
    const cause = session?.refusal ?? session?.faulted;
    const failure: Failure = { atSimMs: event.at, evidence: cause ? [evidenceOf(cause, describe(cause)), evidence] : [evidence] };
    list.push(failure);
    while (list.length > 0 && (list[0] as Failure).atSimMs <= event.at - failedSessionsWindowMs) list.shift();
    const existing = ctx.issues.findOpen(issue);
    const details = { failedSessions: list.length, windowMs: failedSessionsWindowMs, lastReason: event.reason, lastFailure: failed };
    if (existing) ctx.issues.update(existing, { evidence: failure.evidence, details });
    else if (list.length >= failedSessionsCount) {
      ctx.issues.raise({
        key: issue,
        type: 'repeated-failed-sessions',
        atSimMs: event.at,
        stationId: event.stationId,
        siteId: ctx.siteOf(event.stationId),
        evidence: list.flatMap((counted) => counted.evidence),
        details,
      });
    }
  }

  return defineRule({
    name: 'repeated-failed-sessions',
    eventTypes: ['authorize', 'frame', 'status', 'transaction-started', 'transaction-ended'],
    handle(event: Event) {
      switch (event.type) {
        case 'frame':
          if (event.direction === 'in' && event.messageType === 2 && event.action === 'TransactionEvent') {
            const transactionId = (event.payload as { transactionInfo?: { transactionId?: unknown } } | null)?.transactionInfo?.transactionId;
            if (typeof transactionId === 'string') answering.set(event.stationId, transactionId);
          }
          return;
        case 'authorize':
          return onAuthorize(event);
        case 'status':
          return onStatus(event);
        case 'transaction-started':
          return onStarted(event);
        case 'transaction-ended':
          return onEnded(event);
      }
    },
  });
}

/**
 * Stuck Finishing: the connector does not return to Available within `stuckFinishingMs` after its session
 * ended. 1.6 says Finishing; 2.0.1 has no such status and shows Occupied with no active transaction. An
 * Occupied connector counts only after a transaction ended on it: before a session, Occupied without a
 * transaction is just a driver who has plugged in and not yet authorized. The clock starts at the end of
 * the transaction (or at Finishing when the end was not seen). Any other status before the deadline
 * cancels it; once raised, the issue is resolved by Available or by a new transaction on the connector.
 * A status whose station timestamp is older than one already received for the connector is ignored: after
 * a reconnect a station may deliver a queued Finishing after the Available that followed it. Only the
 * station's own timestamps are compared (its clock may be skewed, not reordered), and not across a boot.
 */
import type { CsmsEvent } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence } from '../types.js';

interface ConnectorState {
  stationId: string;
  evseId: number | undefined;
  connectorId: number;
  key: string;
  status: string | undefined;
  statusEvidence: Evidence | undefined;
  activeTransaction: boolean;
  endedAtSimMs: number | undefined;
  endedEvidence: Evidence | undefined;
  /** Station time (epoch ms by its clock) of the newest status received since its last boot. */
  reportedAtMs: number | undefined;
}

export function stuckFinishingRule(ctx: RuleContext): Rule {
  const connectors = new Map<string, ConnectorState>();
  /** The same states by station: a boot resets its own, without a walk over the whole fleet's. */
  const connectorsOfStation = new Map<string, ConnectorState[]>();
  const thresholdMs = ctx.config.stuckFinishingMs;

  function stateOf(event: CsmsEvent & { connectorId: number; evseId?: number }): ConnectorState {
    const scope = { stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId };
    const key = issueKey('stuck-finishing', scope);
    let state = connectors.get(key);
    if (!state) {
      state = { ...scope, key, status: undefined, statusEvidence: undefined, activeTransaction: false, endedAtSimMs: undefined, endedEvidence: undefined, reportedAtMs: undefined };
      connectors.set(key, state);
      const ofStation = connectorsOfStation.get(state.stationId);
      if (ofStation) ofStation.push(state);
      else connectorsOfStation.set(state.stationId, [state]);
    }
    return state;
  }

  /** True when the report is older than one the station already sent for this connector. */
  function isStale(state: ConnectorState, timestamp: string | undefined): boolean {
    const reportedAtMs = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
    if (!Number.isFinite(reportedAtMs)) return false;
    if (state.reportedAtMs !== undefined && reportedAtMs < state.reportedAtMs) return true;
    state.reportedAtMs = reportedAtMs;
    return false;
  }

  function isLingering(state: ConnectorState): boolean {
    if (state.status === 'Finishing') return true;
    return state.status === 'Occupied' && !state.activeTransaction && state.endedAtSimMs !== undefined;
  }

  function arm(state: ConnectorState, sinceSimMs: number): void {
    if (ctx.issues.findOpen(state.key)) return;
    ctx.deadlines.set(state.key, sinceSimMs + thresholdMs, (atSimMs) => {
      ctx.issues.raise({
        key: state.key,
        type: 'stuck-finishing',
        atSimMs,
        stationId: state.stationId,
        evseId: state.evseId,
        connectorId: state.connectorId,
        siteId: ctx.siteOf(state.stationId),
        evidence: [state.endedEvidence, state.statusEvidence].filter((item): item is Evidence => item !== undefined),
        details: { status: state.status, sinceSimMs, thresholdMs, sessionEndedAtSimMs: state.endedAtSimMs },
      });
    });
  }

  function resolve(state: ConnectorState, event: CsmsEvent): void {
    ctx.deadlines.delete(state.key);
    if (ctx.issues.findOpen(state.key)) ctx.issues.resolve(state.key, event.at, { evidence: [evidenceOf(event, describe(event))] });
  }

  return defineRule({
    name: 'stuck-finishing',
    eventTypes: ['boot', 'status', 'transaction-started', 'transaction-ended'],
    handle(event) {
      if (event.type === 'boot') {
        // A rebooted station's clock may have been set back: its new reports are not compared with the old.
        for (const state of connectorsOfStation.get(event.stationId) ?? []) state.reportedAtMs = undefined;
        return;
      }
      const state = stateOf(event);
      switch (event.type) {
        case 'status':
          if (isStale(state, event.timestamp)) return;
          state.status = event.status;
          if (event.status === 'Available') {
            state.endedAtSimMs = undefined;
            resolve(state, event);
          } else if (isLingering(state)) {
            state.statusEvidence = evidenceOf(event, describe(event));
            if (!ctx.deadlines.has(state.key)) arm(state, state.endedAtSimMs ?? event.at);
          } else {
            // Still moving (Preparing, Charging, Faulted, Unavailable...): not stuck; a raised issue waits for Available.
            ctx.deadlines.delete(state.key);
          }
          return;
        case 'transaction-started':
          state.activeTransaction = true;
          state.endedAtSimMs = undefined;
          resolve(state, event);
          return;
        case 'transaction-ended':
          state.activeTransaction = false;
          state.endedAtSimMs = event.at;
          state.endedEvidence = evidenceOf(event, describe(event));
          // Finishing may have been reported before the end: the clock restarts at the end.
          if (isLingering(state)) arm(state, event.at);
          return;
      }
    },
  });
}

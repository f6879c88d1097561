/**
 * Connector faulted: StatusNotification Faulted whose cause is neither a safety fault nor a meter failure
 * (those raise their own issue instead, see connector-faults.ts). A 1.6 Faulted carries its errorCode and
 * is decided at once; a 2.0.1 Faulted carries none, so the rule waits `faultClassificationGraceMs` for a
 * NotifyEvent or TransactionEvent that classifies it. A 2.0.1 NotifyEvent naming a generic 1.6 code
 * (ReaderFailure, ConnectorLockFailure, EVCommunicationError, ...) for the connector's EVSE gives the issue
 * its `errorCode` (and `info` from techInfo), before or after the raise, so the playbook picks the code's
 * ladder as for 1.6. Resolved when the connector leaves Faulted.
 */
import type { CsmsEventOf, NotifiedFault } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { faultClassOf } from '../../../simulator/vocabulary/error-codes.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import { connectorKey, specificFaultOf, type ConnectorScope } from './connector-faults.js';

type StatusEvent = CsmsEventOf<'status'>;
type FaultNotifiedEvent = CsmsEventOf<'fault-notified'>;

export function connectorFaultedRule(ctx: RuleContext): Rule {
  /** The latest generic fault a 2.0.1 NotifyEvent reported per connector key, until the connector leaves Faulted. */
  const notified = new Map<string, NotifiedFault>();
  /** 2.0.1 Faulted statuses waiting for their classification, by connector key. */
  const waiting = new Map<string, { scope: ConnectorScope; event: StatusEvent }>();

  function notifiedDetails(fault: NotifiedFault): Record<string, unknown> {
    return { errorCode: fault.errorCode, source: 'NotifyEvent', ...(fault.techInfo !== undefined && { info: fault.techInfo }) };
  }

  function onNotifyEvent(event: FaultNotifiedEvent): void {
    for (const fault of event.faults) {
      // Station-wide problems (no EVSE) have no Faulted connector of their own; safety/meter faults have their own issue.
      if (faultClassOf(fault.errorCode) !== 'generic' || fault.evseId === undefined) continue;
      const scope: ConnectorScope = { stationId: event.stationId, evseId: fault.evseId, connectorId: fault.connectorId };
      const key = connectorKey('connector-faulted', scope);
      notified.set(key, fault);
      // A NotifyEvent naming a generic fault classifies a waiting Faulted at once: no need to sit out the grace.
      const pending = waiting.get(key);
      if (pending !== undefined) {
        waiting.delete(key);
        ctx.deadlines.delete(`connector-faulted:pending|${key}`);
        raise(pending.scope, pending.event, pending.event.at);
        continue;
      }
      const open = ctx.issues.findOpen(key);
      if (open && open.details['errorCode'] === undefined) ctx.issues.update(open, { evidence: [evidenceOf(event, describe(event))], details: notifiedDetails(fault) });
    }
  }

  function raise(scope: ConnectorScope, event: StatusEvent, atSimMs: number): void {
    const fault = event.errorCode === undefined ? notified.get(connectorKey('connector-faulted', scope)) : undefined;
    ctx.issues.raise({
      key: connectorKey('connector-faulted', scope),
      type: 'connector-faulted',
      atSimMs,
      ...scope,
      siteId: ctx.siteOf(scope.stationId),
      evidence: [evidenceOf(event, describe(event))],
      details: {
        errorCode: event.errorCode,
        info: event.info,
        vendorErrorCode: event.vendorErrorCode,
        ...(fault !== undefined && { ...notifiedDetails(fault), ...(event.info !== undefined && { info: event.info }) }),
      },
    });
  }

  return defineRule({
    name: 'connector-faulted',
    eventTypes: ['status', 'fault-notified'],
    handle(event) {
      if (event.type === 'fault-notified') return onNotifyEvent(event);
      const scope: ConnectorScope = { stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId };
      const key = connectorKey('connector-faulted', scope);
      const pendingKey = `connector-faulted:pending|${key}`;
      if (event.status !== 'Faulted') {
        ctx.deadlines.delete(pendingKey);
        waiting.delete(key);
        notified.delete(key);
        if (ctx.issues.findOpen(key)) ctx.issues.resolve(key, event.at, { evidence: [evidenceOf(event, describe(event))] });
        return;
      }
      const open = ctx.issues.findOpen(key);
      if (open) {
        ctx.issues.update(open, { evidence: [evidenceOf(event, describe(event))] });
        return;
      }
      if (event.errorCode !== undefined) {
        if (faultClassOf(event.errorCode) === 'generic') raise(scope, event, event.at);
        return;
      }
      if (specificFaultOf(ctx, scope) || ctx.deadlines.has(pendingKey)) return;
      // The NotifyEvent came first: the fault is already classified as generic.
      if (notified.has(key)) return raise(scope, event, event.at);
      const decide = (atSimMs: number): void => {
        waiting.delete(key);
        if (!specificFaultOf(ctx, scope)) raise(scope, event, atSimMs);
      };
      waiting.set(key, { scope, event });
      const { faultClassificationGraceMs: graceMs, faultClassificationMinRealMs: minRealMs } = ctx.config;
      if (graceMs === 0) decide(event.at);
      else ctx.deadlines.set(pendingKey, event.at + Math.max(graceMs, ctx.clock.toSimMs(minRealMs)), decide);
    },
  });
}

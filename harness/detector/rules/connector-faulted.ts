/**
 * Connector faulted: StatusNotification Faulted whose cause is neither a safety fault nor a meter failure
 * (those raise their own issue instead, see connector-faults.ts). A 1.6 Faulted carries its errorCode and
 * is decided at once; a 2.0.1 Faulted carries none, so the rule waits `faultClassificationGraceMs` for a
 * NotifyEvent or TransactionEvent that classifies it. Resolved when the connector leaves Faulted.
 */
import type { CsmsEventOf } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { faultKindOf } from '../fault-codes.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import { connectorKey, specificFaultOf, type ConnectorScope } from './connector-faults.js';

type StatusEvent = CsmsEventOf<'status'>;

export function connectorFaultedRule(ctx: RuleContext): Rule {
  function raise(scope: ConnectorScope, event: StatusEvent, atSimMs: number): void {
    ctx.issues.raise({
      key: connectorKey('connector-faulted', scope),
      type: 'connector-faulted',
      atSimMs,
      ...scope,
      siteId: ctx.siteOf(scope.stationId),
      evidence: [evidenceOf(event, describe(event))],
      details: { errorCode: event.errorCode, info: event.info, vendorErrorCode: event.vendorErrorCode },
    });
  }

  return defineRule({
    name: 'connector-faulted',
    eventTypes: ['status'],
    handle(event) {
      const scope: ConnectorScope = { stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId };
      const key = connectorKey('connector-faulted', scope);
      const pendingKey = `connector-faulted:pending|${key}`;
      if (event.status !== 'Faulted') {
        ctx.deadlines.delete(pendingKey);
        if (ctx.issues.findOpen(key)) ctx.issues.resolve(key, event.at, { evidence: [evidenceOf(event, describe(event))] });
        return;
      }
      const open = ctx.issues.findOpen(key);
      if (open) {
        ctx.issues.update(open, { evidence: [evidenceOf(event, describe(event))] });
        return;
      }
      if (event.errorCode !== undefined) {
        if (faultKindOf(event.errorCode) === 'generic') raise(scope, event, event.at);
        return;
      }
      if (specificFaultOf(ctx, scope) || ctx.deadlines.has(pendingKey)) return;
      const decide = (atSimMs: number): void => {
        if (!specificFaultOf(ctx, scope)) raise(scope, event, atSimMs);
      };
      if (ctx.config.faultClassificationGraceMs === 0) decide(event.at);
      else ctx.deadlines.set(pendingKey, event.at + ctx.config.faultClassificationGraceMs, decide);
    },
  });
}

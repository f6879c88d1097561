/**
 * Power meter failure: errorCode PowerMeterFailure on any status (a meter can fail while the connector
 * still charges: the sessions just cannot be billed), or a 2.0.1 NotifyEvent metering alert. Raised
 * INSTEAD of connector-faulted, like safety faults. Resolved when the connector reports Available with
 * no meter error.
 */
import type { CsmsEvent } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { faultClassOf } from '../../../simulator/vocabulary/error-codes.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import { connectorKey, supersedeGenericFault, type ConnectorScope } from './connector-faults.js';

export function powerMeterFailureRule(ctx: RuleContext): Rule {
  function raise(scope: ConnectorScope, source: string, event: CsmsEvent): void {
    const key = connectorKey('power-meter-failure', scope);
    const evidence = [evidenceOf(event, describe(event))];
    const open = ctx.issues.findOpen(key);
    if (open) {
      ctx.issues.update(open, { evidence });
      return;
    }
    const issue = ctx.issues.raise({
      key,
      type: 'power-meter-failure',
      atSimMs: event.at,
      ...scope,
      siteId: ctx.siteOf(scope.stationId),
      evidence,
      details: {
        errorCode: 'PowerMeterFailure',
        source,
        ...(event.type === 'status' ? { status: event.status, info: event.info, vendorErrorCode: event.vendorErrorCode } : {}),
      },
    });
    supersedeGenericFault(ctx, scope, issue, event.at);
  }

  return defineRule({
    name: 'power-meter-failure',
    eventTypes: ['status', 'fault-notified'],
    handle(event) {
      if (event.type === 'status') {
        const scope: ConnectorScope = { stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId };
        if (event.errorCode === 'PowerMeterFailure') raise(scope, 'StatusNotification', event);
        else if (event.status === 'Available') {
          ctx.issues.resolve(connectorKey('power-meter-failure', scope), event.at, { evidence: [evidenceOf(event, describe(event))] });
        }
        return;
      }
      for (const fault of event.faults) {
        if (faultClassOf(fault.errorCode) === 'power-meter') raise({ stationId: event.stationId, evseId: fault.evseId, connectorId: fault.connectorId }, 'NotifyEvent', event);
      }
    },
  });
}

/**
 * Safety fault: Faulted with GroundFailure, HighTemperature, OverCurrentFailure, OverVoltage or
 * UnderVoltage (1.6), a 2.0.1 TransactionEvent stoppedReason GroundFault/OvercurrentFault, or a NotifyEvent
 * alert for the same (the CSMS's fault-notified event, see harness/csms/fault-notifications.ts). Raised
 * INSTEAD of connector-faulted: one fault, one issue, routed to field engineering. Resolved only when the
 * connector reports Available: after a safety fault the desk makes the connector Inoperative, so
 * Unavailable is expected and says nothing about a repair.
 */
import type { CsmsEvent } from '../../csms/events.js';
import { describe, evidenceOf } from '../evidence.js';
import { faultClassOf, SAFETY_STOPPED_REASONS } from '../../../simulator/vocabulary/error-codes.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import { connectorKey, supersedeGenericFault, type ConnectorScope } from './connector-faults.js';

export function safetyFaultRule(ctx: RuleContext): Rule {
  function raise(scope: ConnectorScope, errorCode: string, source: string, event: CsmsEvent): void {
    const key = connectorKey('safety-fault', scope);
    const evidence = [evidenceOf(event, describe(event))];
    const open = ctx.issues.findOpen(key);
    if (open) {
      const codes = new Set([...((open.details['errorCodes'] as string[] | undefined) ?? []), errorCode]);
      ctx.issues.update(open, { evidence, details: { errorCodes: [...codes] } });
      return;
    }
    const issue = ctx.issues.raise({
      key,
      type: 'safety-fault',
      atSimMs: event.at,
      ...scope,
      siteId: ctx.siteOf(scope.stationId),
      evidence,
      details: {
        errorCode,
        errorCodes: [errorCode],
        source,
        ...(event.type === 'status' ? { info: event.info, vendorErrorCode: event.vendorErrorCode } : {}),
      },
    });
    supersedeGenericFault(ctx, scope, issue, event.at);
  }

  function resolveOnAvailable(event: CsmsEvent & { type: 'status' }): void {
    const scope: ConnectorScope = { stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId };
    const evidence = [evidenceOf(event, describe(event))];
    ctx.issues.resolve(connectorKey('safety-fault', scope), event.at, { evidence });
    // A station-wide 2.0.1 alert (no EVSE) has no status of its own: a connector back in service closes it.
    ctx.issues.resolve(connectorKey('safety-fault', { stationId: event.stationId, evseId: undefined, connectorId: 0 }), event.at, { evidence });
  }

  return defineRule({
    name: 'safety-fault',
    eventTypes: ['status', 'fault-notified', 'transaction-ended'],
    handle(event) {
      switch (event.type) {
        case 'status': {
          if (event.status === 'Available') resolveOnAvailable(event);
          else if (event.status === 'Faulted' && event.errorCode !== undefined && faultClassOf(event.errorCode) === 'safety') {
            raise({ stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId }, event.errorCode, 'StatusNotification', event);
          }
          return;
        }
        case 'fault-notified': {
          for (const fault of event.faults) {
            if (faultClassOf(fault.errorCode) !== 'safety') continue;
            raise({ stationId: event.stationId, evseId: fault.evseId, connectorId: fault.connectorId }, fault.errorCode, 'NotifyEvent', event);
          }
          return;
        }
        case 'transaction-ended': {
          const errorCode = SAFETY_STOPPED_REASONS[event.reason];
          if (errorCode === undefined) return;
          raise({ stationId: event.stationId, evseId: event.evseId, connectorId: event.connectorId }, errorCode, 'TransactionEvent stoppedReason', event);
          return;
        }
      }
    },
  });
}

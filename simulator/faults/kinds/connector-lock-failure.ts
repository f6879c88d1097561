/** ConnectorLockFailure: the lock actuator is stuck. UnlockConnector then a reset frees it, unless the actuator is broken. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import { flag } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface ConnectorLockFailureParams extends ConnectorFaultDetails {
  recoversRemotely: boolean;
}

export const connectorLockFailureFault: FaultDefinition<ConnectorLockFailureParams> = {
  kind: 'connector-lock-failure',
  description:
    'The connector lock fails: StatusNotification Faulted/ConnectorLockFailure (2.0.1: Faulted plus NotifyEvent ' +
    'ConnectorPlugRetentionLock.Problem). When it recovers remotely, an accepted UnlockConnector followed by a reset clears it; ' +
    'when not, UnlockConnector answers UnlockFailed and only replacing the lock actuator helps.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    recoversRemotely: flag({
      default: true,
      description: 'Whether UnlockConnector followed by a reset frees the lock (true) or the actuator is broken (false).',
    }),
    ...detailParams({ info: 'Lock actuator did not reach end position', vendorErrorCode: 'LOCK-ACT-TIMEOUT' }),
  },
  clearedBy: (params) => ({
    remote: params.recoversRemotely ? ['UnlockConnector+reset'] : [],
    technician: true,
    time: false,
    owner: 'field-service',
    summary: params.recoversRemotely
      ? 'UnlockConnector, then a soft reset, frees the lock'
      : 'UnlockConnector fails; only replacing the lock actuator clears it',
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'connector-lock-failure',
      errorCode: 'ConnectorLockFailure',
      source: { component: 'ConnectorPlugRetentionLock', variable: 'Problem' },
      clearingRule: connectorLockFailureFault.clearedBy(params),
      info: params.info,
      vendorErrorCode: params.vendorErrorCode,
      ...(params.recoversRemotely ? { resetClears: 'soft' as const, unlockBeforeReset: true } : { refuseUnlock: true }),
    }),
};

/** GroundFailure (2.0.1 GroundFault): the RCD trips mid-session. A safety fault: field repair only, never reset into it. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import type { FaultDefinition } from '../types.js';

export type GroundFailureParams = ConnectorFaultDetails;

export const groundFailureFault: FaultDefinition<GroundFailureParams> = {
  kind: 'ground-failure',
  description:
    'The residual-current device trips: StatusNotification Faulted/GroundFailure (2.0.1: Faulted plus NotifyEvent RCD.Tripped, ' +
    'and the running transaction ends with stoppedReason GroundFault). A reset leaves the connector Faulted.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: detailParams({ info: 'Residual current 30 mA, RCD tripped', vendorErrorCode: 'RCD-TRIP-30MA' }),
  clearedBy: () => ({
    remote: [],
    technician: true,
    time: false,
    owner: 'field-engineering',
    summary: 'safety fault: only a field repair (RCD / ground-fault module) clears it; a reset must never be tried',
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'ground-failure',
      errorCode: 'GroundFailure',
      source: { component: 'RCD', variable: 'Tripped' },
      clearingRule: groundFailureFault.clearedBy(params),
      ...params,
    }),
};

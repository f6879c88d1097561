/** ReaderFailure: the RFID reader is dead, so no card can start a session. Only a new reader clears it. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import type { FaultDefinition } from '../types.js';

export type ReaderFailureParams = ConnectorFaultDetails;

export const readerFailureFault: FaultDefinition<ReaderFailureParams> = {
  kind: 'reader-failure',
  description:
    'The RFID reader fails: StatusNotification Faulted/ReaderFailure on every connector it serves (all of them unless a ' +
    'connector is named; 2.0.1: Faulted plus NotifyEvent TokenReader.Problem). Resets do not help.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: detailParams({ info: 'RFID reader not detected on bus', vendorErrorCode: 'RFID-NO-RESPONSE' }),
  clearedBy: () => ({
    remote: [],
    technician: true,
    time: false,
    owner: 'field-service',
    summary: 'only replacing the RFID reader clears it',
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'reader-failure',
      errorCode: 'ReaderFailure',
      source: { component: 'TokenReader', variable: 'Problem' },
      clearingRule: readerFailureFault.clearedBy(params),
      allConnectorsByDefault: true,
      ...params,
    }),
};

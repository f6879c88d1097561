/** EVCommunicationError: the control pilot loses the EV. Usually transient: unplugging or a reset clears it. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import { flag, wholeNumber } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface EvCommunicationErrorParams extends ConnectorFaultDetails {
  durationS: number;
  resetRecovers: boolean;
}

export const evCommunicationErrorFault: FaultDefinition<EvCommunicationErrorParams> = {
  kind: 'ev-communication-error',
  description:
    'The EV stops answering on the control pilot: StatusNotification Faulted/EVCommunicationError and the session stops ' +
    '(2.0.1: Faulted plus NotifyEvent ConnectedEV.Problem). It clears by itself when the EV is unplugged (durationS), or by a soft reset.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    durationS: wholeNumber({
      min: 0,
      default: 300,
      description: 'Simulated seconds until the driver unplugs and the connector recovers by itself; 0 = it stays until reset or repair.',
    }),
    resetRecovers: flag({ default: true, description: 'Whether a soft (or hard) reset clears it.' }),
    ...detailParams({ info: 'Control pilot state E: EV not responding', vendorErrorCode: 'CP-STATE-E' }),
  },
  clearedBy: (params) => ({
    remote: params.resetRecovers ? ['soft-reset'] : [],
    technician: true,
    time: params.durationS > 0,
    owner: 'tier-2',
    summary: `clears when the EV is unplugged${params.durationS > 0 ? ` (after ${params.durationS} s)` : ''}${params.resetRecovers ? ' or by a soft reset' : ''}`,
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'ev-communication-error',
      errorCode: 'EVCommunicationError',
      source: { component: 'ConnectedEV', variable: 'Problem' },
      clearingRule: evCommunicationErrorFault.clearedBy(params),
      info: params.info,
      vendorErrorCode: params.vendorErrorCode,
      selfClearAfterS: params.durationS,
      ...(params.resetRecovers && { resetClears: 'soft' as const }),
    }),
};

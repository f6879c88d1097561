/** HighTemperature: the power module overheats and charging stops. A safety fault: field inspection only. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import type { FaultDefinition } from '../types.js';

export type HighTemperatureParams = ConnectorFaultDetails;

export const highTemperatureFault: FaultDefinition<HighTemperatureParams> = {
  kind: 'high-temperature',
  description:
    'The charger overheats: StatusNotification Faulted/HighTemperature and the running session stops ' +
    '(2.0.1: Faulted plus NotifyEvent TemperatureSensor.Problem). A reset leaves the connector Faulted.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: detailParams({ info: 'Power module at 92 C, charging stopped', vendorErrorCode: 'OVERTEMP-PM1' }),
  clearedBy: () => ({
    remote: [],
    technician: true,
    time: false,
    owner: 'field-engineering',
    summary: 'safety fault: only a field inspection (cooling, power module) clears it; a reset must never be tried',
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'high-temperature',
      errorCode: 'HighTemperature',
      source: { component: 'TemperatureSensor', variable: 'Problem' },
      clearingRule: highTemperatureFault.clearedBy(params),
      ...params,
    }),
};

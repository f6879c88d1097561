/** PowerMeterFailure: the energy meter stops answering, so sessions cannot be billed. A reboot revives it sometimes. */
import { detailParams, injectConnectorFault, type ConnectorFaultDetails } from '../connector-fault.js';
import { flag } from '../params.js';
import type { FaultDefinition } from '../types.js';

export interface PowerMeterFailureParams extends ConnectorFaultDetails {
  softResetRecovers: boolean;
}

export const powerMeterFailureFault: FaultDefinition<PowerMeterFailureParams> = {
  kind: 'power-meter-failure',
  description:
    'The energy meter fails: StatusNotification Faulted/PowerMeterFailure (2.0.1: Faulted plus NotifyEvent FiscalMetering.Problem). ' +
    'With softResetRecovers a soft (or hard) reset revives the meter; otherwise the meter must be replaced.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    softResetRecovers: flag({
      default: false,
      description: 'Whether a reset brings the meter back (a hung meter bus) or not (a dead meter that must be replaced).',
    }),
    ...detailParams({ info: 'Energy meter not responding on Modbus', vendorErrorCode: 'MTR-COMM-TIMEOUT' }),
  },
  clearedBy: (params) => ({
    remote: params.softResetRecovers ? ['soft-reset'] : [],
    technician: true,
    time: false,
    owner: 'field-service',
    summary: params.softResetRecovers ? 'a soft reset revives the meter' : 'only replacing the energy meter clears it; resets do not',
  }),
  inject: (targets, params, ctx) =>
    injectConnectorFault(targets, ctx, {
      kind: 'power-meter-failure',
      errorCode: 'PowerMeterFailure',
      source: { component: 'FiscalMetering', variable: 'Problem' },
      clearingRule: powerMeterFailureFault.clearedBy(params),
      info: params.info,
      vendorErrorCode: params.vendorErrorCode,
      ...(params.softResetRecovers && { resetClears: 'soft' as const }),
    }),
};

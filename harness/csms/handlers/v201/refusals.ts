/**
 * 2.0.1 station→CSMS requests whose answer needs a status and that the reference CSMS does not
 * serve (no PKI, no ISO 15118 smart charging): a schema-valid refusal instead of NotImplemented,
 * so stations take their documented fallback path.
 */
import type { Response201, StationAction201 } from '../../../../simulator/protocol/actions.js';
import { defineHandler201 } from '../handler.js';
import type { ActionHandler } from '../handler.js';

function refuse<A extends StationAction201>(action: A, answer: Response201<A>): ActionHandler<'ocpp2.0.1'> {
  // A fresh object per answer: the frame event and the message log keep it.
  return defineHandler201(action, () => ({ ...answer }));
}

export const refusals201: readonly ActionHandler<'ocpp2.0.1'>[] = [
  refuse('SignCertificate', { status: 'Rejected' }),
  refuse('GetCertificateStatus', { status: 'Failed' }),
  refuse('Get15118EVCertificate', { status: 'Failed', exiResponse: '' }),
  refuse('NotifyEVChargingNeeds', { status: 'Rejected' }),
  refuse('NotifyEVChargingSchedule', { status: 'Rejected' }),
];

/**
 * 2.0.1 station→CSMS requests whose answer needs a status and that the reference CSMS does not
 * serve (no PKI, no ISO 15118 smart charging): a schema-valid refusal instead of NotImplemented,
 * so stations take their documented fallback path.
 */
import { defineHandler } from '../handler.js';
import type { ActionHandler } from '../handler.js';

function refuse(action: string, status: string, extra: Record<string, unknown> = {}): ActionHandler {
  return defineHandler<unknown>(action, () => ({ status, ...extra }));
}

export const refusals201: readonly ActionHandler[] = [
  refuse('SignCertificate', 'Rejected'),
  refuse('GetCertificateStatus', 'Failed'),
  refuse('Get15118EVCertificate', 'Failed', { exiResponse: '' }),
  refuse('NotifyEVChargingNeeds', 'Rejected'),
  refuse('NotifyEVChargingSchedule', 'Rejected'),
];

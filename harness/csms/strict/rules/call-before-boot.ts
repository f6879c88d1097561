/**
 * CD-V008: a CALL other than BootNotification after the CSMS answered BootNotification with Pending or
 * Rejected on this connection. While Pending a station may only send what the CSMS asked for (TriggerMessage,
 * or NotifyReport after GetBaseReport/GetReport); while Rejected, nothing (OCPP 2.0.1 B02.FR.09, B03.FR.07:
 * the CSMS answers SecurityError; OCPP 1.6 §4.2.1). A station that reconnects without booting has not been
 * answered on this connection and is not covered: a reconnect is not a reboot.
 */
import type { RuleDefinition } from '../types.js';

export const callBeforeBoot: RuleDefinition = {
  id: 'CD-V008',
  name: 'call-before-accepted-boot',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  errorCode: 'SecurityError',
  create: () => (call, conn) => {
    const status = conn.session.bootStatus;
    if (call.action === 'BootNotification' || status === undefined || status === 'Accepted') return undefined;
    if (status === 'Pending' && conn.requested.has(call.action)) return undefined;
    return status === 'Pending'
      ? `${call.action} sent while BootNotification is Pending and the CSMS did not ask for it`
      : `${call.action} sent after BootNotification was Rejected`;
  },
};

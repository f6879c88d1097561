/**
 * CD-V009: a station sends a CALL while one of its CALLs is still unanswered (OCPP-J: one CALL in flight
 * per direction; a station waits for the answer or the timeout before the next).
 */
import type { RuleDefinition } from '../types.js';

export const concurrentCall: RuleDefinition = {
  id: 'CD-V009',
  name: 'concurrent-call',
  severity: 'error',
  phase: 'frame',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  errorCode: 'RpcFrameworkError',
  create: () => (call, conn) => {
    if (conn.inFlight.size === 0) return undefined;
    const [first] = conn.inFlight;
    return `${call.action} sent while CALL ${JSON.stringify(first)} was still unanswered`;
  },
};

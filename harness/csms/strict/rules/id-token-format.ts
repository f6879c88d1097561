/**
 * CD-V010: a 2.0.1 idToken whose value does not fit its type (an ISO14443 UID that is not 8 or 14 hex
 * digits, ...): the schema only limits its length. Refused with PropertyConstraintViolation in lenient
 * mode too, as the bundled CSMS always has.
 */
import { idTokenProblem } from '../../../../simulator/protocol/id-tokens.js';
import type { RuleDefinition } from '../types.js';

export const idTokenFormat: RuleDefinition = {
  id: 'CD-V010',
  name: 'id-token-format',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp2.0.1'],
  actions: ['Authorize', 'TransactionEvent'],
  errorCode: 'PropertyConstraintViolation',
  enforcedAlways: true,
  create: () => (call) => {
    const idToken = call.payload.idToken as { idToken: string; type: string } | undefined;
    const problem = idToken === undefined ? undefined : idTokenProblem(idToken);
    return problem === undefined ? undefined : `idToken: ${problem}`;
  },
};

/** Every rule of the strict reference CSMS, in id order; docs/codes.md lists the same ids. */
import { callBeforeBoot } from './rules/call-before-boot.js';
import { clockSkew } from './rules/clock-skew.js';
import { concurrentCall } from './rules/concurrent-call.js';
import { idTokenFormat } from './rules/id-token-format.js';
import { messageIdReused } from './rules/message-id-reused.js';
import { meterRegisterBackwards } from './rules/meter-register-backwards.js';
import { meterStopBeforeStart } from './rules/meter-stop-before-start.js';
import { seqNoBackwards } from './rules/seqno-backwards.js';
import { startedTwice } from './rules/started-twice.js';
import { statusChange201 } from './rules/status-change-201.js';
import { statusTransition16 } from './rules/status-transition-16.js';
import { transactionEnded } from './rules/transaction-ended.js';
import { unknownTransaction } from './rules/unknown-transaction.js';
import type { RuleDefinition } from './types.js';

export const STRICT_RULES: readonly RuleDefinition[] = [
  statusTransition16,
  statusChange201,
  unknownTransaction,
  transactionEnded,
  startedTwice,
  seqNoBackwards,
  messageIdReused,
  callBeforeBoot,
  concurrentCall,
  idTokenFormat,
  clockSkew,
  meterStopBeforeStart,
  meterRegisterBackwards,
];

/** A rule by its id (`CD-V001`) or name (`status-transition-16`). */
export function findRule(idOrName: string): RuleDefinition | undefined {
  return STRICT_RULES.find((rule) => rule.id === idOrName || rule.name === idOrName);
}

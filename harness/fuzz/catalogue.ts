/** Every fuzz case, in the order a run takes them; docs/robustness.md's table is generated from this list. */
import type { FuzzCase } from './case.js';
import {
  callBeforeBoot,
  duplicateMessageId,
  otherDirectionAction,
  reusedMessageId,
  schemaViolations,
  secondCallInFlight,
  unknownAction,
} from './cases-calls.js';
import { answersForUnknownIds, invalidJson, notAnArray, wrongElementTypes, wrongMessageType } from './cases-framing.js';
import { binaryFrames, flood, halfDoneHandshake, oversizeFrame, reconnectChurn, stalledReader } from './cases-sockets.js';

export const FUZZ_CASES: readonly FuzzCase[] = [
  invalidJson,
  notAnArray,
  wrongMessageType,
  wrongElementTypes,
  answersForUnknownIds,
  unknownAction,
  otherDirectionAction,
  schemaViolations,
  callBeforeBoot,
  secondCallInFlight,
  duplicateMessageId,
  reusedMessageId,
  binaryFrames,
  flood,
  oversizeFrame,
  stalledReader,
  halfDoneHandshake,
  reconnectChurn,
];

/** How many frames each case sends for a run of `total` frames: shares by weight, within each case's bounds. */
export function frameBudget(cases: readonly FuzzCase[], total: number): Map<string, number> {
  const weights = cases.reduce((sum, c) => sum + c.weight, 0);
  return new Map(cases.map((c) => [c.name, Math.min(c.maxFrames, Math.max(c.minFrames, weights === 0 ? 0 : Math.round((total * c.weight) / weights)))]));
}

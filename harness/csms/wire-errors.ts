/**
 * Corrects CALLERROR codes on the way out. ocpp-rpc 2.2 gets the spelling wrong in both directions:
 * it answers 1.6 peers with RpcFrameworkError, MessageTypeNotSupported and (through its own 1.6
 * "workaround") OccurrenceConstraintViolation, and answers 2.0.1 peers with the 1.6 spelling
 * OccurenceConstraintViolation that its validator produces. Every code is read back into the
 * generic spelling and re-spelled for the peer's version.
 */
import { genericCode, wireCode } from '../../simulator/protocol/errors.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

/** The spelling of any code (either version's, or ocpp-rpc's) that a peer of `protocol` must see. */
export function respellCode(protocol: OcppProtocol, code: string): string {
  return wireCode(protocol, genericCode(code));
}

/** Fixes `frame[2]` in place if `frame` is a CALLERROR; returns whether it was one. */
export function respellCallError(protocol: OcppProtocol, frame: unknown[]): boolean {
  if (frame[0] !== 4 || typeof frame[2] !== 'string') return false;
  frame[2] = respellCode(protocol, frame[2]);
  return true;
}

/**
 * Fallback for an outbound text whose frame array was not announced by an event: only CALLERRORs
 * are parsed (JSON.stringify of `[4, ...]` always starts with `[4,`), so CALLRESULTs cost nothing.
 */
export function respellCallErrorText(protocol: OcppProtocol, text: string): string {
  if (!text.startsWith('[4,')) return text;
  const frame = JSON.parse(text) as unknown[];
  return respellCallError(protocol, frame) ? JSON.stringify(frame) : text;
}

/** What can still be read of a frame ocpp-rpc rejected: its message type and id, when present. */
export function readFrameHead(raw: string): { messageType: number | null; messageId: string | null } {
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value)) {
      return {
        messageType: typeof value[0] === 'number' ? value[0] : null,
        messageId: typeof value[1] === 'string' && value[1].length > 0 ? value[1] : null,
      };
    }
  } catch {
    // Not JSON: nothing to read.
  }
  return { messageType: null, messageId: null };
}

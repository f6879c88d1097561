/**
 * OCPP-J framing: CALL `[2, id, action, payload]`, CALLRESULT `[3, id, payload]`,
 * CALLERROR `[4, id, code, description, details]`. Knows nothing about stations or fleets.
 */
import type { OcppErrorCode } from './errors.js';

export const MessageType = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;

export type JsonObject = { [key: string]: unknown };

export type CallFrame = [messageType: 2, messageId: string, action: string, payload: JsonObject];
export type CallResultFrame = [messageType: 3, messageId: string, payload: JsonObject];
export type CallErrorFrame = [
  messageType: 4,
  messageId: string,
  errorCode: OcppErrorCode,
  errorDescription: string,
  errorDetails: JsonObject,
];
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/** Why a text could not be read as a frame; `messageId` is set when the id could be recovered. */
export interface FrameParseFailure {
  ok: false;
  /** Generic (2.0.1 spelling) code; map with `wireCode(protocol, ...)` from errors.ts before sending. */
  code: 'FormatViolation' | 'RpcFrameworkError' | 'MessageTypeNotSupported' | 'ProtocolError';
  reason: string;
  messageId?: string;
}

export type FrameParseResult = { ok: true; frame: Frame } | FrameParseFailure;

/** Parses one WebSocket text message into a frame, never throwing. */
export function parseFrame(text: string): FrameParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'RpcFrameworkError', reason: 'message is not valid JSON' };
  }
  if (!Array.isArray(value)) {
    return { ok: false, code: 'RpcFrameworkError', reason: 'message is not a JSON array' };
  }
  const [type, id] = value as unknown[];
  const messageId = typeof id === 'string' ? id : undefined;
  if (typeof type !== 'number') {
    return { ok: false, code: 'RpcFrameworkError', reason: 'message type id is not a number', messageId };
  }
  if (messageId === undefined || messageId.length === 0 || messageId.length > 36) {
    return { ok: false, code: 'RpcFrameworkError', reason: 'message id must be a string of 1 to 36 characters' };
  }
  switch (type) {
    case MessageType.CALL: {
      const [, , action, payload] = value as unknown[];
      if (value.length !== 4 || typeof action !== 'string' || !isObject(payload)) {
        return { ok: false, code: 'FormatViolation', reason: 'CALL must be [2, id, action, {payload}]', messageId };
      }
      return { ok: true, frame: [2, messageId, action, payload] };
    }
    case MessageType.CALLRESULT: {
      const [, , payload] = value as unknown[];
      if (value.length !== 3 || !isObject(payload)) {
        return { ok: false, code: 'FormatViolation', reason: 'CALLRESULT must be [3, id, {payload}]', messageId };
      }
      return { ok: true, frame: [3, messageId, payload] };
    }
    case MessageType.CALLERROR: {
      const [, , code, description, details] = value as unknown[];
      if (value.length !== 5 || typeof code !== 'string' || typeof description !== 'string' || !isObject(details)) {
        return {
          ok: false,
          code: 'FormatViolation',
          reason: 'CALLERROR must be [4, id, code, description, {details}]',
          messageId,
        };
      }
      return { ok: true, frame: [4, messageId, code as OcppErrorCode, description, details] };
    }
    default:
      return { ok: false, code: 'MessageTypeNotSupported', reason: `unknown message type id ${type}`, messageId };
  }
}

/** Message type of a text that failed to parse as a frame (error paths only, so parsing twice is fine). */
export function messageTypeOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

export function serializeFrame(frame: Frame): string {
  return JSON.stringify(frame);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

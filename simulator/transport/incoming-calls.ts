/**
 * CALLs from the CSMS to the station: found a handler for, validated both ways, answered with a
 * CALLRESULT or CALLERROR on the socket that asked. NotImplemented for an action the protocol does not
 * define, NotSupported for one it defines but the station does not handle.
 */
import type { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { OcppError, wireCode } from '../protocol/errors.js';
import type { GenericCode } from '../protocol/errors.js';
import { isObject, serializeFrame } from '../protocol/frames.js';
import type { JsonObject } from '../protocol/frames.js';
import { hasAction, validatePayload } from '../protocol/validator.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { TRANSPORT_DEFAULTS } from './defaults.js';
import type { CallHandler, TransportEvents } from './types.js';

/** The link's method that sends an answer on the socket that asked, if that is still the client's open socket. */
export const SEND_ANSWER = Symbol('sendAnswer');

/** The client itself (no closures per connection): where answers go and `command` is reported. */
export interface AnswerLink extends EventEmitter<TransportEvents> {
  [SEND_ANSWER](ws: WebSocket, text: string): void;
}

export class IncomingCalls {
  private handlers: Map<string, CallHandler> | undefined;
  /** Actions answered by `sharedHandler`: a table shared by many connections (a fleet's stations). */
  private sharedActions: ReadonlyMap<string, unknown> | undefined;
  private sharedHandler: CallHandler | undefined;

  constructor(
    private readonly link: AnswerLink,
    private readonly protocol: OcppProtocol,
    private readonly validate: boolean,
  ) {}

  handle(action: string, handler: CallHandler): void {
    (this.handlers ??= new Map()).set(action, handler);
  }

  handleAll(actions: ReadonlyMap<string, unknown>, handler: CallHandler): void {
    this.sharedActions = actions;
    this.sharedHandler = handler;
  }

  onCall(ws: WebSocket, id: string, action: string, payload: JsonObject): void {
    const handler = this.handlers?.get(action) ?? (this.sharedActions?.has(action) === true ? this.sharedHandler : undefined);
    const known = hasAction(this.protocol, action);
    if (handler === undefined) {
      if (known) this.sendCallError(ws, id, 'NotSupported', `${action} is not supported by this station`);
      else this.sendCallError(ws, id, 'NotImplemented', `unknown action ${action}`);
      return;
    }
    if (this.validate && known) {
      const violation = validatePayload(this.protocol, action, 'req', payload);
      if (violation !== undefined) return this.sendCallError(ws, id, violation.code, violation.message);
    }
    this.link.emit('command', action, payload);
    let answer: JsonObject | Promise<JsonObject>;
    try {
      answer = handler(payload, action);
    } catch (error) {
      return this.answerWithError(ws, id, error);
    }
    if (answer instanceof Promise) {
      answer.then(
        (result) => this.answerWithResult(ws, id, action, known, result),
        (error: unknown) => this.answerWithError(ws, id, error),
      );
    } else {
      this.answerWithResult(ws, id, action, known, answer);
    }
  }

  sendCallError(ws: WebSocket, id: string, code: GenericCode, description: string, details: JsonObject = {}): void {
    const text = description.slice(0, TRANSPORT_DEFAULTS.errorDescriptionMaxChars);
    this.link[SEND_ANSWER](ws, serializeFrame([4, id, wireCode(this.protocol, code), text, details]));
  }

  private answerWithResult(ws: WebSocket, id: string, action: string, known: boolean, result: unknown): void {
    if (!isObject(result)) {
      return this.sendCallError(ws, id, 'InternalError', `${action} handler returned no payload object`);
    }
    if (this.validate && known) {
      const violation = validatePayload(this.protocol, action, 'conf', result);
      if (violation !== undefined) {
        return this.sendCallError(ws, id, 'InternalError', `${action} handler answer invalid: ${violation.message}`);
      }
    }
    this.link[SEND_ANSWER](ws, serializeFrame([3, id, result]));
  }

  private answerWithError(ws: WebSocket, id: string, error: unknown): void {
    if (error instanceof OcppError) return this.sendCallError(ws, id, error.code, error.message, error.details);
    this.sendCallError(ws, id, 'InternalError', error instanceof Error ? error.message : String(error));
  }
}

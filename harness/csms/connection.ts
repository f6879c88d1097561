/**
 * Wires one station's ocpp-rpc client to the CSMS: handlers for its version, the frame log and
 * events in both directions, CALLERROR spelling per version, and protocol-error reporting.
 *
 * Frames are taken from ocpp-rpc's `call` / `response` events, which carry the already parsed
 * array, so nothing is parsed twice. Outbound, ocpp-rpc announces the array in such an event and
 * then hands its JSON text to `sendRaw`; the wrapped `sendRaw` pairs the two, so a frame is logged
 * exactly when (and as) it goes out.
 */
import { createRPCError } from 'ocpp-rpc';
import { OcppError } from '../../simulator/protocol/errors.js';
import { actionsOf } from '../../simulator/protocol/validator.js';
import { TRANSACTION_MESSAGE_ACTIONS } from '../../simulator/vocabulary/transaction-messages.js';
import type { ActionHandler, HandlerContext } from './handlers/handler.js';
import { HANDLERS } from './handlers/registry.js';
import type { RpcBadMessageEvent, RpcFrameEvent, RpcServerClient, RpcValidationFailureEvent } from './rpc-types.js';
import type { CsmsServices } from './services.js';
import type { StationSession } from './session.js';
import type { Refusal } from './strict/checker.js';
import type { StrictConnection } from './strict/types.js';
import { readFrameHead, respellCallError, respellCallErrorText, respellCode } from './wire-errors.js';

/** Keeps the message log bounded when a station sends huge garbage. */
const MAX_LOGGED_RAW_CHARS = 64 * 1024;

export interface StationConnection {
  readonly session: StationSession;
  readonly client: RpcServerClient;
  /** Errors ocpp-rpc raised for answers to our commands that broke the schema. */
  readonly invalidAnswers: WeakSet<Error>;
}

export function attachConnection(client: RpcServerClient, session: StationSession, services: CsmsServices): StationConnection {
  const { bus, store, options } = services;
  const { protocol } = session;
  /** Actions of calls in flight, to name the action on their answers. */
  const inboundActions = new Map<string, string>();
  const outboundActions = new Map<string, string>();
  let announced: unknown[] | undefined;
  const invalidAnswers = new WeakSet<Error>();
  const strict = services.strict;
  const conn = strict.connection(session);
  /** The CALL that arrived last, for its handler (ocpp-rpc calls it at once, in the same tick). */
  let arrived: ArrivedCall | undefined;

  const seen = (at: number): void => {
    session.row.lastSeenAt = at;
    store.saveStation(session.row);
  };

  /** Logs a frame and emits its event; returns the event's seq. */
  const record = (direction: 'in' | 'out', frame: unknown[], action: string | undefined): number => {
    const messageType = frame[0] as number;
    const messageId = String(frame[1]);
    const payload = framePayload(frame);
    const event = bus.emit({
      type: 'frame',
      stationId: session.id,
      direction,
      messageType,
      messageId,
      ...(action !== undefined && { action }),
      payload,
    });
    store.addMessage({
      seq: event.seq,
      at: event.at,
      stationId: session.id,
      direction,
      messageType,
      messageId,
      action: action ?? null,
      payload,
    });
    if (direction === 'in') seen(event.at);
    return event.seq;
  };

  const protocolError = (code: string, reason: string): void => {
    bus.emit({ type: 'protocol-error', stationId: session.id, code, reason });
  };

  // A CALL that arrives again byte for byte while its first copy is still being handled is a retransmission
  // (a duplicating network or proxy): the first copy's answer answers it, so the copy is dropped. ocpp-rpc
  // would refuse it with RpcFrameworkError under the same id, and the station takes that as its answer. A
  // different CALL under an id still in flight is refused by ocpp-rpc as before.
  const inFlightTexts = new Map<string, string>();
  const inFlightIds = new Map<string, string>();
  let arrivingText: string | undefined;
  const rpc = client as unknown as { _onMessage(buffer: Buffer | string): void };
  const readMessage = rpc._onMessage.bind(client);
  rpc._onMessage = (buffer) => {
    const text = buffer.toString();
    const duplicateOf = inFlightTexts.get(text);
    if (duplicateOf !== undefined) return protocolError('DuplicateCall', `CALL ${duplicateOf} received again while in progress; answered once`);
    arrivingText = text;
    try {
      readMessage(buffer);
    } finally {
      arrivingText = undefined;
    }
  };
  const forgetInFlight = (id: string): void => {
    const text = inFlightIds.get(id);
    if (text === undefined) return;
    inFlightIds.delete(id);
    inFlightTexts.delete(text);
  };

  const send = client.sendRaw.bind(client);
  client.sendRaw = (text: string) => {
    const frame = announced;
    announced = undefined;
    if (!frame) {
      send(respellCallErrorText(protocol, text));
      return;
    }
    const wire = respellCallError(protocol, frame) ? JSON.stringify(frame) : text;
    send(wire);
    const id = String(frame[1]);
    let action: string | undefined;
    if (frame[0] === 2) {
      action = frame[2] as string;
      outboundActions.set(id, action);
      strict.commandSent(conn, action, frame[3]);
    } else {
      action = inboundActions.get(id);
      inboundActions.delete(id);
      forgetInFlight(id);
      strict.answered(conn, id);
    }
    record('out', frame, action);
  };

  client.on('call', ({ outbound, payload }: RpcFrameEvent) => {
    if (outbound) {
      announced = payload;
      return;
    }
    const action = payload[2] as string;
    const messageId = String(payload[1]);
    inboundActions.set(messageId, action);
    if (arrivingText !== undefined && !inFlightIds.has(messageId)) {
      inFlightIds.set(messageId, arrivingText);
      inFlightTexts.set(arrivingText, messageId);
    }
    const frameSeq = record('in', payload, action);
    const body = typeof payload[3] === 'object' && payload[3] !== null ? (payload[3] as Record<string, unknown>) : {};
    arrived = { messageId, frameSeq, refusal: strict.frame(conn, { messageId, action, payload: body }, frameSeq) };
  });

  client.on('response', ({ outbound, payload }: RpcFrameEvent) => {
    if (outbound) {
      if (respellCallError(protocol, payload)) protocolError(payload[2] as string, String(payload[3]));
      announced = payload;
      return;
    }
    const id = String(payload[1]);
    const action = outboundActions.get(id);
    outboundActions.delete(id);
    record('in', payload, action);
  });

  client.on('badMessage', ({ buffer, error, response }: RpcBadMessageEvent) => {
    const raw = buffer.toString();
    const head = readFrameHead(raw);
    const event = bus.emit({
      type: 'protocol-error',
      stationId: session.id,
      code: respellCode(protocol, error.rpcErrorCode ?? 'GenericError'),
      reason: error.message,
    });
    store.addMessage({
      seq: event.seq,
      at: event.at,
      stationId: session.id,
      direction: 'in',
      ...head,
      action: null,
      payload: raw.length > MAX_LOGGED_RAW_CHARS ? raw.slice(0, MAX_LOGGED_RAW_CHARS) : raw,
    });
    seen(event.at);
    if (!response) return;
    // ocpp-rpc answers with id '-1' whenever it rejected the frame before reading the id, even for
    // an unknown message type whose id is perfectly readable: give the peer its id back when there is one.
    if (response[1] === '-1' && head.messageId !== null) response[1] = head.messageId;
    announced = response;
  });

  client.on('strictValidationFailure', (e: RpcValidationFailureEvent) => {
    // Inbound CALLs that fail validation are answered with a CALLERROR, reported on the way out;
    // an invalid CALLRESULT to one of our commands is reported here.
    if (e.outbound || e.isCall) return;
    invalidAnswers.add(e.error);
    protocolError(respellCode(protocol, e.error.rpcErrorCode ?? 'FormatViolation'), e.error.message);
  });

  client.on('socketError', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      protocolError('MessageTooBig', `frame larger than ${options.maxPayloadBytes} bytes; socket closed with 1009`);
    } else {
      protocolError('SocketError', error.message);
    }
  });

  const ctx: HandlerContext = { session, services };
  const take = (messageId: string): ArrivedCall => {
    const call = arrived?.messageId === messageId ? arrived : { messageId, frameSeq: 0, refusal: undefined };
    arrived = undefined;
    return call;
  };
  for (const handler of HANDLERS[protocol].values()) {
    client.handle(handler.action, ({ params, messageId }) => dispatch(ctx, handler, params, conn, take(messageId)));
  }
  // ocpp-rpc answers NotImplemented for every action without a handler; that is the answer to an action the
  // protocol does not define. One it defines but the CSMS does not take (a command such as Reset) is NotSupported.
  for (const action of actionsOf(protocol)) {
    if (HANDLERS[protocol].has(action)) continue;
    client.handle(action, () => {
      throw createRPCError('NotSupported', `${action} is not supported by this CSMS`, {});
    });
  }

  return { session, client, invalidAnswers };
}

/** A CALL as it arrived, with what the frame-phase rules found. */
interface ArrivedCall {
  messageId: string;
  frameSeq: number;
  refusal: Refusal | undefined;
}

async function dispatch(ctx: HandlerContext, handler: ActionHandler, params: unknown, conn: StrictConnection, arrived: ArrivedCall): Promise<unknown> {
  const { session, services } = ctx;
  const call = { messageId: arrived.messageId, action: handler.action, payload: params as Record<string, unknown> };
  const found = services.strict.call(conn, call, arrived.frameSeq);
  const refusal = arrived.refusal ?? found;
  if (refusal) throw createRPCError(refusal.rule.errorCode, refusal.message, { rule: refusal.rule.id });
  if (session.bootStatus === 'Rejected' && handler.action !== 'BootNotification') {
    // A station whose boot was rejected may send nothing but BootNotification, strict or not.
    throw createRPCError('SecurityError', 'BootNotification was rejected: only BootNotification is accepted', {});
  }
  try {
    const answer = await handler.handle(ctx, params);
    // What the answer acknowledges (a transaction, its id, a transaction message the station then forgets) is committed before it goes out.
    services.store.commitAnswered(TRANSACTION_MESSAGE_ACTIONS.has(handler.action));
    return answer;
  } catch (error) {
    if (error instanceof OcppError) throw createRPCError(error.code, error.message, error.details);
    services.options.logger.error({ err: error, stationId: session.id, action: handler.action }, 'handler failed');
    throw createRPCError('InternalError', `${handler.action} could not be processed`, {});
  }
}

/** What a frame event and the message log carry: the payload, or a CALLERROR's parts by name. */
function framePayload(frame: unknown[]): unknown {
  switch (frame[0]) {
    case 2:
      return frame[3];
    case 3:
      return frame[2];
    default:
      return { errorCode: frame[2], errorDescription: frame[3], errorDetails: frame[4] };
  }
}

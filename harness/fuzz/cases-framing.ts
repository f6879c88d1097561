/**
 * Fuzz cases on the OCPP-J frame itself: not JSON, not an array, an unknown message type, elements of the
 * wrong type, and CALLRESULT / CALLERROR frames for ids the CSMS never sent (docs/domain.md §2).
 */
import type { GenericCode } from '../../simulator/protocol/errors.js';
import { overOnePeer, pick, type FuzzCase } from './case.js';
import { describeExpect, type Expect } from './expect.js';

/** A frame that cannot be read as an RPC message: RpcFrameworkError (1.6: FormationViolation), id "-1"; 1.6 defines no answer, so none is fine too. */
const UNREADABLE: Omit<Expect, 'id'> = { codes: ['RpcFrameworkError', 'FormatViolation'], silence: true };
/** A readable id with a broken rest: the CALLERROR carries the id. */
const BROKEN_CALL: readonly GenericCode[] = ['RpcFrameworkError', 'FormatViolation'];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(32 + Math.floor(random() * 95));
  return text;
}

export const invalidJson: FuzzCase = {
  name: 'invalid-json',
  title: 'Text that is not JSON',
  expects: (p) => describeExpect({ id: undefined, ...UNREADABLE }, p),
  weight: 1,
  minFrames: 10,
  maxFrames: 500,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, (peer) => {
      const id = ctx.id();
      const valid = JSON.stringify([2, id, 'Heartbeat', {}]);
      const text = pick(ctx.random, [
        () => valid.slice(0, 1 + Math.floor(ctx.random() * (valid.length - 2))),
        () => `${valid}]`,
        () => `{${randomText(ctx.random, 12)}`,
        () => randomText(ctx.random, 1 + Math.floor(ctx.random() * 40)),
        () => valid.replace(/"/g, "'"),
        () => `[2, ${id}, Heartbeat, {}]`,
      ])();
      // Text that happens to parse would be another case: make sure it does not.
      return ctx.probe(peer, isJson(text) ? `${text}}` : text, { id: undefined, ...UNREADABLE });
    }),
};

export const notAnArray: FuzzCase = {
  name: 'not-an-array',
  title: 'JSON that is not an array',
  expects: (p) => describeExpect({ id: undefined, ...UNREADABLE }, p),
  weight: 1,
  minFrames: 6,
  maxFrames: 300,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, (peer) => {
      const id = ctx.id();
      const value = pick(ctx.random, [{}, { 0: 2, 1: id, 2: 'Heartbeat', 3: {} }, 'Heartbeat', 42, null, true, { messageTypeId: 2, messageId: id }]);
      return ctx.probe(peer, JSON.stringify(value), { id: undefined, ...UNREADABLE });
    }),
};

export const wrongMessageType: FuzzCase = {
  name: 'wrong-message-type',
  title: 'A message type number other than 2, 3 or 4',
  expects: (p) => describeExpect({ id: 'x', codes: ['MessageTypeNotSupported'] }, p),
  weight: 1,
  minFrames: 6,
  maxFrames: 300,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, (peer) => {
      const id = ctx.id();
      const type = pick(ctx.random, [0, 1, 5, 6, 7, 9, 42, -2, 2.5, 1e6]);
      // OCPP 2.0.1 §4.4 (extension fallback): an unknown message type is answered MessageTypeNotSupported with its id.
      return ctx.probe(peer, JSON.stringify([type, id, 'Heartbeat', {}]), { id, codes: ['MessageTypeNotSupported'] });
    }),
};

export const wrongElementTypes: FuzzCase = {
  name: 'wrong-element-types',
  title: 'Message id, message type, action or payload of the wrong JSON type',
  expects: (p) =>
    `id not a string: ${describeExpect({ id: undefined, ...UNREADABLE }, p)}; action not a string or type not a number: ${describeExpect({ id: 'x', codes: BROKEN_CALL }, p)}; payload not an object: ${describeExpect({ id: 'x', codes: [...BROKEN_CALL, 'TypeConstraintViolation'] }, p)}`,
  weight: 2,
  minFrames: 10,
  maxFrames: 600,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, (peer) => {
      const id = ctx.id();
      const variant = Math.floor(ctx.random() * 5);
      switch (variant) {
        case 0: {
          const badId = pick(ctx.random, [123, null, true, { id }, [id], 1.5]);
          return ctx.probe(peer, JSON.stringify([2, badId, 'Heartbeat', {}]), { id: undefined, ...UNREADABLE });
        }
        case 1: {
          const action = pick(ctx.random, [42, null, true, {}, ['Heartbeat']]);
          return ctx.probe(peer, JSON.stringify([2, id, action, {}]), { id, codes: BROKEN_CALL });
        }
        case 2: {
          // The payload is typed `object` by the frame format and by the schema's root: either reading is per spec.
          const payload = pick(ctx.random, ['Heartbeat', 42, [], [{}], true, null]);
          return ctx.probe(peer, JSON.stringify([2, id, 'Heartbeat', payload]), { id, codes: [...BROKEN_CALL, 'TypeConstraintViolation'] });
        }
        case 3: {
          const type = pick(ctx.random, ['2', null, [2], { type: 2 }]);
          return ctx.probe(peer, JSON.stringify([type, id, 'Heartbeat', {}]), { id, codes: BROKEN_CALL });
        }
        default:
          // A CALL without its payload element.
          return ctx.probe(peer, JSON.stringify([2, id, 'Heartbeat']), { id, codes: [...BROKEN_CALL, 'TypeConstraintViolation'] });
      }
    }),
};

export const answersForUnknownIds: FuzzCase = {
  name: 'answer-for-unknown-id',
  title: 'CALLRESULT and CALLERROR for message ids the CSMS never sent',
  expects: () => 'no answer (a CALLRESULT or CALLERROR is never answered); the connection stays open',
  weight: 1,
  minFrames: 6,
  maxFrames: 400,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, (peer) => {
      const id = ctx.id();
      const frame = ctx.random() < 0.5 ? [3, id, pick(ctx.random, [{}, { status: 'Accepted' }, { currentTime: new Date().toISOString() }])] : [4, id, pick(ctx.random, ['GenericError', 'InternalError', 'NotSupported']), 'fuzz', {}];
      return ctx.probe(peer, JSON.stringify(frame), { id, silence: true });
    }),
};

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

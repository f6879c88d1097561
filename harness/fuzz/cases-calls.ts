/**
 * Fuzz cases on CALLs that are well framed but wrong: unknown actions, actions of the other direction,
 * payloads that break the schema, CALLs before BootNotification, a second CALL in flight, and message ids
 * sent twice or used again.
 */
import type { GenericCode } from '../../simulator/protocol/errors.js';
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { overOnePeer, pick, type FuzzCase } from './case.js';
import { describeExpect, judge } from './expect.js';
import { PAYLOAD_TEMPLATES, mutate, type Mutation } from './payload-templates.js';

/** What each schema violation may be answered with: the specific code, or the generic "payload not valid". */
export const SCHEMA_CODES: Record<Mutation, readonly GenericCode[]> = {
  'wrong-type': ['TypeConstraintViolation', 'FormatViolation'],
  'missing-field': ['OccurrenceConstraintViolation', 'FormatViolation'],
  'extra-field': ['PropertyConstraintViolation', 'OccurrenceConstraintViolation', 'FormatViolation'],
  'bad-enum': ['PropertyConstraintViolation', 'FormatViolation'],
};

/** A busy CSMS may refuse a CALL that overlaps another of the station's (OCPP-J: one CALL in flight per direction). */
const OVERLAP: readonly GenericCode[] = ['RpcFrameworkError'];

function heartbeat(id: string): string {
  return JSON.stringify([2, id, 'Heartbeat', {}]);
}

export const unknownAction: FuzzCase = {
  name: 'unknown-action',
  title: 'An action the protocol does not define',
  expects: (p) => describeExpect({ id: 'x', codes: ['NotImplemented'] }, p),
  weight: 1,
  minFrames: 5,
  maxFrames: 300,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, async (peer) => {
      const id = ctx.id();
      const action = pick(ctx.random, ['FuzzAction', 'heartbeat', 'HEARTBEAT', 'Heartbeat2', 'BootNotificationX', '', ' ', 'Reset.req', `Vendor${Math.floor(ctx.random() * 1e6)}`]);
      await ctx.probe(peer, JSON.stringify([2, id, action, {}]), { id, codes: ['NotImplemented'] });
    }),
};

/** Commands the CSMS sends, each with a valid payload: a CSMS knows them but does not take them from a station. */
const OTHER_DIRECTION: Record<OcppProtocol, readonly [string, JsonObject][]> = {
  'ocpp1.6': [
    ['Reset', { type: 'Soft' }],
    ['ClearCache', {}],
    ['GetLocalListVersion', {}],
    ['UnlockConnector', { connectorId: 1 }],
    ['RemoteStopTransaction', { transactionId: 1 }],
    ['ChangeAvailability', { connectorId: 0, type: 'Operative' }],
  ],
  'ocpp2.0.1': [
    ['Reset', { type: 'Immediate' }],
    ['ClearCache', {}],
    ['GetLocalListVersion', {}],
    ['UnlockConnector', { evseId: 1, connectorId: 1 }],
    ['RequestStopTransaction', { transactionId: 'fuzz-1' }],
    ['ChangeAvailability', { operationalStatus: 'Operative' }],
  ],
};

export const otherDirectionAction: FuzzCase = {
  name: 'other-direction-action',
  title: 'A CSMS-to-station command sent by the station (known to the protocol, not handled by a CSMS)',
  expects: (p) => describeExpect({ id: 'x', codes: ['NotSupported'] }, p),
  weight: 1,
  minFrames: 6,
  maxFrames: 200,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, async (peer) => {
      const id = ctx.id();
      const [action, payload] = pick(ctx.random, OTHER_DIRECTION[ctx.protocol]);
      // "Recognized but not supported by the receiver" is NotSupported; NotImplemented is for unknown actions.
      await ctx.probe(peer, JSON.stringify([2, id, action, payload]), { id, codes: ['NotSupported'] });
    }),
};

export const schemaViolations: FuzzCase = {
  name: 'schema-violation',
  title: 'Payloads with a wrong type, a missing required field, an extra field or an enum value out of range',
  expects: (p) =>
    (Object.keys(SCHEMA_CODES) as Mutation[]).map((m) => `${m}: ${describeExpect({ id: 'x', codes: SCHEMA_CODES[m] }, p)}`).join('; '),
  weight: 4,
  minFrames: 12,
  maxFrames: 1_000,
  run: (ctx, frames) => {
    const templates = PAYLOAD_TEMPLATES[ctx.protocol];
    return overOnePeer(ctx, frames, async (peer) => {
      const id = ctx.id();
      const template = pick(ctx.random, templates);
      const mutation = pick(ctx.random, template.mutations);
      const payload = mutate(template, mutation, ctx.random);
      await ctx.probe(peer, JSON.stringify([2, id, template.action, payload]), { id, codes: SCHEMA_CODES[mutation] });
    });
  },
};

export const callBeforeBoot: FuzzCase = {
  name: 'call-before-boot',
  title: 'CALLs other than BootNotification on a connection that has not booted',
  expects: (p) => describeExpect({ id: 'x', result: true, codes: ['SecurityError'] }, p),
  weight: 1,
  minFrames: 4,
  maxFrames: 200,
  run: async (ctx, frames) => {
    let peer = await ctx.peer({ boot: false });
    const templates = PAYLOAD_TEMPLATES[ctx.protocol].filter((t) => t.action !== 'BootNotification');
    for (let i = 0; i < frames; i++) {
      // A new station each few frames: the CSMS must not have seen a boot of it anywhere.
      if (i % 5 === 0 || !peer.open) {
        await peer.close();
        peer = await ctx.peer({ boot: false });
      }
      const id = ctx.id();
      const template = pick(ctx.random, templates);
      // 2.0.1 B02/B03 and 1.6 §4.2: a CSMS may refuse with SecurityError or answer; it must not stay silent.
      await ctx.probe(peer, JSON.stringify([2, id, template.action, template.valid()]), { id, result: true, codes: ['SecurityError'] });
    }
    await peer.close();
  },
};

export const secondCallInFlight: FuzzCase = {
  name: 'second-call-in-flight',
  title: 'A second CALL sent before the first is answered',
  expects: (p) => `both answered: first ${describeExpect({ id: 'x', result: true }, p)}, second ${describeExpect({ id: 'x', result: true, codes: OVERLAP }, p)}`,
  weight: 1,
  minFrames: 6,
  maxFrames: 400,
  run: (ctx, frames) => {
    const templates = PAYLOAD_TEMPLATES[ctx.protocol];
    return overOnePeer(ctx, frames, async (peer) => {
      const first = ctx.id();
      const second = ctx.id();
      const template = pick(ctx.random, templates);
      peer.send(JSON.stringify([2, first, template.action, template.valid()]));
      await Promise.all([
        ctx.probe(peer, heartbeat(second), { id: second, result: true, codes: OVERLAP }),
        waitAnswer(ctx, peer, first),
      ]);
    }, 2);
  },
};

/** The first CALL of a pair sent without a probe: judged here (an answer is required, a CALLRESULT for a valid one). */
async function waitAnswer(ctx: Parameters<FuzzCase['run']>[0], peer: Awaited<ReturnType<Parameters<FuzzCase['run']>[0]['peer']>>, id: string): Promise<void> {
  const answer = peer.received.find((r) => r.frame?.[1] === id) ?? (await peer.next((r) => r.frame?.[1] === id, ctx.answerTimeoutMs));
  const observed = { answers: answer?.frame === undefined ? [] : [answer.frame] };
  ctx.record(`CALL ${id} (the first of two)`, judge({ id, result: true }, observed, ctx.protocol));
}

/**
 * The id must be unique per sender, so an identical copy is a retransmission: answered once (deduplicated),
 * or twice (a CALLRESULT each, or RpcFrameworkError for the copy). Never left unanswered.
 */
const DUPLICATE = { id: 'x', result: true, codes: OVERLAP, answers: 2, minAnswers: 1 } as const;

export const duplicateMessageId: FuzzCase = {
  name: 'duplicate-message-id',
  title: 'The same CALL (same message id) sent twice at once',
  expects: (p) => describeExpect(DUPLICATE, p),
  weight: 1,
  minFrames: 4,
  maxFrames: 300,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, async (peer) => {
      const id = ctx.id();
      const text = heartbeat(id);
      peer.send(text);
      await ctx.probe(peer, text, { ...DUPLICATE, id });
    }, 2),
};

export const reusedMessageId: FuzzCase = {
  name: 'reused-message-id',
  title: 'A message id used again after its CALL was answered',
  expects: (p) => describeExpect({ id: 'x', result: true, codes: OVERLAP }, p),
  weight: 1,
  minFrames: 4,
  maxFrames: 300,
  run: (ctx, frames) =>
    overOnePeer(ctx, frames, async (peer) => {
      const id = ctx.id();
      await ctx.probe(peer, heartbeat(id), { id, result: true });
      await ctx.probe(peer, heartbeat(id), { id, result: true, codes: OVERLAP });
    }, 2),
};

/** Builders that keep each case to what differs: its metadata, and the frames it sends and checks. */
import type { JsonObject } from '../../../simulator/protocol/frames.js';
import type { CaseContext } from '../context.js';
import type { IncomingCall } from '../test-station.js';
import type { Feature, PreconditionName } from '../types.js';
import type { TestCase } from '../test-case.js';

export type CaseSpec = Omit<TestCase, 'feature' | 'preconditions' | 'useCases' | 'requirements' | 'titleSource'> &
  Partial<Pick<TestCase, 'feature' | 'preconditions' | 'useCases' | 'requirements' | 'titleSource'>>;

export function defineCase(spec: CaseSpec): TestCase {
  return {
    feature: 'Core' as Feature,
    preconditions: ['Booted'] as PreconditionName[],
    useCases: [],
    requirements: [],
    titleSource: 'summary',
    ...spec,
  };
}

export interface CommandSpec extends Omit<CaseSpec, 'run' | 'steps'> {
  /** The OCPP action the CSMS must send after the manual action. */
  action: string;
  /** What the manual action asks for; the bundled adapter posts it as the command body. */
  request: JsonObject | ((ctx: CaseContext) => JsonObject);
  instruction: string;
  /** The station's answer. */
  reply: JsonObject | ((ctx: CaseContext, call: IncomingCall) => JsonObject);
  /** Checks of the CSMS's request (the schema is checked for every frame anyway). */
  check?: (ctx: CaseContext, call: IncomingCall) => void;
  /** Frames before the manual action (after the preconditions). */
  before?: (ctx: CaseContext) => Promise<void>;
  /** Frames after the answer. */
  after?: (ctx: CaseContext, call: IncomingCall) => Promise<void>;
  /** Extra steps in words, after the manual action and the answer. */
  afterSteps?: readonly string[];
}

/** The common OCTT CSMS pattern: manual action → the CSMS sends a request → the tool answers → (more frames). */
export function commandCase(spec: CommandSpec): TestCase {
  const { action, request, instruction, reply, check, before, after, afterSteps, ...meta } = spec;
  return defineCase({
    ...meta,
    steps: [`Manual action: ${instruction}`, `The CSMS sends ${action}Request`, `The station answers ${describeReply(reply)}`, ...(afterSteps ?? [])],
    run: async (ctx) => {
      await before?.(ctx);
      const call = await ctx.manual(action, typeof request === 'function' ? request(ctx) : request, instruction);
      check?.(ctx, call);
      ctx.reply(call, typeof reply === 'function' ? reply(ctx, call) : reply);
      await after?.(ctx, call);
    },
  });
}

function describeReply(reply: CommandSpec['reply']): string {
  if (typeof reply === 'function') return 'as the case needs';
  return JSON.stringify(reply);
}

/** A field of a request payload by dotted path. */
export function field(call: IncomingCall, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], call.payload);
}

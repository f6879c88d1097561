/** `steps:` → typed steps, with the checks the schema cannot express. */
import { formatDurationMs, parseDurationMs } from '../../../simulator/duration.js';
import { actionsSentBy, isSentBy } from '../../../simulator/protocol/actions.js';
import { tokenProblem } from '../../../simulator/protocol/id-tokens.js';
import { validatePayload } from '../../../simulator/protocol/validator.js';
import type { FaultParams } from '../../../simulator/faults/registry.js';
import type { BuildContext } from './context.js';
import type { FaultParamsValidator } from './fault-params.js';
import { SCENARIO_DEFAULTS } from './model.js';
import type { FaultKind, FaultStep, Step } from './model.js';
import type { RawStep } from './raw.js';
import { closest } from './spelling.js';

/** Names `after:` gives a meaning of its own in connector expectations. */
export const RESERVED_STEP_NAMES: readonly string[] = ['technician-visit', 'end'];

export function buildSteps(raws: readonly RawStep[], ctx: BuildContext, validateFaultParams: FaultParamsValidator): Step[] {
  const steps: Step[] = [];
  const names = new Map<string, number>();
  let previousAtMs = 0;
  raws.forEach((raw, index) => {
    const path = `/steps/${index}`;
    const atMs = parseDurationMs(raw.at) as number;
    if (atMs < previousAtMs) {
      ctx.report(`${path}/at`, `${raw.at} is before the previous step's ${formatDurationMs(previousAtMs)}: steps are in time order`, [`${formatDurationMs(previousAtMs)} or later`]);
    }
    previousAtMs = Math.max(previousAtMs, atMs);
    if (raw.name !== undefined) {
      const first = names.get(raw.name);
      if (first !== undefined) ctx.report(`${path}/name`, `step name "${raw.name}" is already used by step ${first}`);
      else if (RESERVED_STEP_NAMES.includes(raw.name)) ctx.report(`${path}/name`, `"${raw.name}" is reserved for connector expectations`);
      else names.set(raw.name, index);
    }
    const base = { index, ...(raw.name === undefined ? {} : { name: raw.name }), atMs, source: ctx.at(path) };
    const step = buildStep(raw, base, path, ctx, validateFaultParams, steps);
    if (step) steps.push(step);
  });
  return steps;
}

type Base = Pick<Step, 'index' | 'name' | 'atMs' | 'source'>;

function buildStep(
  raw: RawStep,
  base: Base,
  path: string,
  ctx: BuildContext,
  validateFaultParams: FaultParamsValidator,
  earlier: readonly Step[],
): Step | undefined {
  if (raw.wait) return { ...base, kind: 'wait' };
  if (raw.restartCsms) return { ...base, kind: 'restart-csms' };
  if (raw.session) {
    const session = raw.session;
    const target = ctx.target(`${path}/session`, session);
    ctx.connector(`${path}/session/connector`, session.connector);
    // 2.0.1 sends the token with the type its format implies (hex card UID, eMAID, else Local).
    const tokenError = session.idTag === undefined ? undefined : tokenProblem(ctx.protocol, session.idTag);
    if (tokenError !== undefined) ctx.report(`${path}/session/idTag`, `${tokenError} for an ${ctx.protocol} station`);
    if (!target) return undefined;
    return {
      ...base,
      kind: 'session',
      target,
      connectorId: session.connector ?? SCENARIO_DEFAULTS.sessionConnectorId,
      ...(session.idTag === undefined ? {} : { idTag: session.idTag }),
      durationMs: session.duration === undefined ? SCENARIO_DEFAULTS.sessionDurationMs : (parseDurationMs(session.duration) as number),
      ...(session.power === undefined ? {} : { powerW: Math.round(session.power * 1_000) }),
      unplugAfterMs: session.unplugAfter === undefined ? SCENARIO_DEFAULTS.sessionUnplugAfterMs : (parseDurationMs(session.unplugAfter) as number),
    };
  }
  if (raw.fault) {
    const fault = raw.fault;
    const kind = fault.kind as FaultKind;
    const target = ctx.target(`${path}/fault`, fault);
    ctx.connector(`${path}/fault/connector`, fault.connector);
    if (!target) return undefined;
    const written = fault.params ?? {};
    const context = { protocol: ctx.protocol, target, connectors: ctx.fleet.connectors, ...(fault.connector === undefined ? {} : { connectorId: fault.connector }) };
    const checked = validateFaultParams(kind, written, context);
    for (const problem of checked.problems) ctx.report(`${path}/fault${problem.path}`, problem.message, problem.allowed);
    // Without complete parameters the scenario is refused; the step is still built so later steps can refer to it.
    const params = checked.params ?? (written as unknown as FaultParams);
    return { ...base, kind: 'fault', fault: kind, target, ...(fault.connector === undefined ? {} : { connectorId: fault.connector }), params };
  }
  if (raw.clear) {
    const clear = raw.clear;
    const kind = clear.fault as FaultKind;
    const target = ctx.target(`${path}/clear`, clear);
    ctx.connector(`${path}/clear/connector`, clear.connector);
    if (!target) return undefined;
    const injected = earlier.filter((s): s is FaultStep => s.kind === 'fault' && s.target.stationIds.some((id) => target.stationIds.includes(id)));
    if (!injected.some((s) => s.fault === kind)) {
      const kinds = [...new Set(injected.map((s) => s.fault))];
      const near = closest(kind, kinds);
      ctx.report(
        `${path}/clear/fault`,
        `no earlier step injects "${kind}" into ${describeTarget(target.stationIds)}${near ? ` (did you mean "${near}"?)` : ''}`,
        kinds,
      );
    }
    return { ...base, kind: 'clear', fault: kind, target, ...(clear.connector === undefined ? {} : { connectorId: clear.connector }) };
  }
  if (raw.command) {
    const command = raw.command;
    const target = ctx.target(`${path}/command`, command);
    const payload = command.payload ?? {};
    if (!isSentBy(ctx.protocol, 'csms', command.action)) {
      ctx.report(`${path}/command/action`, `"${command.action}" is not a command of ${ctx.protocol}`, actionsSentBy(ctx.protocol, 'csms'));
    } else {
      const violation = validatePayload(ctx.protocol, command.action, 'req', payload);
      if (violation) ctx.report(`${path}/command/payload`, `not a valid ${ctx.protocol} ${command.action} request: ${violation.message}`);
    }
    if (!target) return undefined;
    return { ...base, kind: 'command', action: command.action, target, payload };
  }
  if (raw.replay) return replayStep(raw.replay, base, `${path}/replay`, ctx);
  return undefined;
}

/** A recorded frame: the action must be the station's (send) or the CSMS's (answer) in the scenario's protocol, the payload valid. */
function replayStep(replay: NonNullable<RawStep['replay']>, base: Base, path: string, ctx: BuildContext): Step | undefined {
  const target = ctx.target(path, { station: replay.station });
  const mode = replay.send !== undefined ? 'send' : 'answer';
  const action = (replay.send ?? replay.answer) as string;
  const sender = mode === 'send' ? 'station' : 'csms';
  if (!isSentBy(ctx.protocol, sender, action)) {
    ctx.report(`${path}/${mode}`, `"${action}" is not sent by the ${sender === 'csms' ? 'CSMS' : 'station'} in ${ctx.protocol}`, actionsSentBy(ctx.protocol, sender));
  } else {
    const violation = validatePayload(ctx.protocol, action, mode === 'send' ? 'req' : 'conf', replay.payload);
    if (violation) ctx.report(`${path}/payload`, `not a valid ${ctx.protocol} ${action} ${mode === 'send' ? 'request' : 'answer'}: ${violation.message}`);
  }
  const recordedAtMs = replay.recordedAt === undefined ? undefined : Date.parse(replay.recordedAt);
  if (recordedAtMs !== undefined && Number.isNaN(recordedAtMs)) ctx.report(`${path}/recordedAt`, `"${replay.recordedAt}" is not a moment`, ['an ISO 8601 date-time, e.g. 2026-11-30T18:02:11.250Z']);
  if (mode === 'answer' && (replay.recordedAt !== undefined || replay.recordedAnswer !== undefined)) {
    ctx.report(path, 'recordedAt and recordedAnswer go with send, not answer');
  }
  if (!target) return undefined;
  return {
    ...base,
    kind: 'replay',
    target,
    mode,
    action,
    payload: replay.payload,
    ...(recordedAtMs !== undefined && !Number.isNaN(recordedAtMs) ? { recordedAtMs } : {}),
    ...(replay.recordedAnswer === undefined ? {} : { recordedAnswer: replay.recordedAnswer }),
  };
}

export function describeTarget(stationIds: readonly string[]): string {
  return stationIds.length <= 3 ? stationIds.join(', ') : `${stationIds.slice(0, 3).join(', ')} and ${stationIds.length - 3} more`;
}

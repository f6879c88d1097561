/** `expect:` → typed expectations: anchors for `within`, deadlines inside the scenario, ids inside the fleet. */
import type { IssueType } from '../../issues/catalogue.js';
import type { EscalationTarget } from '../../issues/teams.js';
import { DURATION_HELP, formatDurationMs, parseDurationMs } from '../../../simulator/duration.js';
import { actionsSentBy, isSentBy } from '../../../simulator/protocol/actions.js';
import type { BuildContext } from './context.js';
import { CONNECTOR_STATUSES, METRICS } from './model.js';
import type { OcppConnectorStatus } from '../../../simulator/vocabulary/connector-status.js';
import type { Anchor, Expectation, MetricName, Step, TechnicianSpec } from './model.js';
import type { RawExpectation } from './raw.js';
import { siteOfStation } from '../../../simulator/vocabulary/site.js';
import { closest } from './spelling.js';
import { RESERVED_STEP_NAMES } from './steps.js';

/** The scenario's steps and times, which expectations are checked against while they are built. */
export interface ScenarioSchedule {
  steps: readonly Step[];
  /** When the scenario ends. */
  endMs: number;
  /** The last step's time, which `duration` counts from. */
  lastStepAtMs: number;
  technician: TechnicianSpec;
}

interface Scope {
  stationId?: string;
  siteId?: string;
  connectorId?: number;
}

export function buildExpectations(raws: readonly RawExpectation[], ctx: BuildContext, timeline: ScenarioSchedule): Expectation[] {
  const expectations: Expectation[] = [];
  raws.forEach((raw, index) => {
    const built = buildExpectation(raw, index, `/expect/${index}`, ctx, timeline);
    if (built) expectations.push(built);
  });
  return expectations;
}

function buildExpectation(raw: RawExpectation, index: number, path: string, ctx: BuildContext, timeline: ScenarioSchedule): Expectation | undefined {
  const base = { index, source: ctx.at(path) };
  // Same order as the schema's if/then chain: `escalation` may carry `issue`, and `issue` may carry `connector`.
  if (raw.escalation !== undefined) {
    const scope = checkScope(raw, path, ctx);
    const timed = timing(raw, path, scope, ctx, timeline);
    if (!timed) return undefined;
    return {
      ...base,
      kind: 'escalation',
      target: raw.escalation as EscalationTarget,
      ...(raw.issue === undefined ? {} : { issue: raw.issue as IssueType }),
      ...optional('stationId', scope.stationId),
      ...optional('siteId', scope.siteId),
      ...timed,
    };
  }
  if (raw.command !== undefined) {
    const scope = checkScope(raw, path, ctx);
    commandOfProtocol(raw.command, `${path}/command`, ctx);
    const timed = timing(raw, path, scope, ctx, timeline);
    if (!timed) return undefined;
    return {
      ...base,
      kind: 'command',
      action: raw.command,
      stationId: raw.station as string,
      ...optional('connectorId', scope.connectorId),
      ...optional('payload', raw.payload),
      ...timed,
    };
  }
  if (raw.never !== undefined) {
    const never = raw.never;
    ctx.station(`${path}/never/station`, never.station);
    commandOfProtocol(never.command, `${path}/never/command`, ctx);
    return { ...base, kind: 'never', action: never.command, ...optional('stationId', never.station), ...optional('payload', never.payload) };
  }
  if (raw.uptime !== undefined) {
    const uptime = raw.uptime;
    ctx.station(`${path}/uptime/station`, uptime.station);
    ctx.connector(`${path}/uptime/connector`, uptime.connector);
    return { ...base, kind: 'uptime', ...optional('stationId', uptime.station), ...optional('connectorId', uptime.connector), atLeastPercent: uptime.atLeast };
  }
  if (raw.metric !== undefined) return buildMetric(raw.metric, base, `${path}/metric`, ctx);
  if (raw.issue !== undefined) {
    const scope = checkScope(raw, path, ctx);
    const timed = timing(raw, path, scope, ctx, timeline);
    if (!timed) return undefined;
    return {
      ...base,
      kind: 'issue',
      issue: raw.issue as IssueType,
      ...optional('stationId', scope.stationId),
      ...optional('siteId', scope.siteId),
      ...optional('connectorId', scope.connectorId),
      ...timed,
    };
  }
  if (typeof raw.connector === 'object') {
    const connector = raw.connector;
    const statusPath = `${path}/connector/status`;
    ctx.station(`${path}/connector/station`, connector.station);
    ctx.connector(`${path}/connector/connector`, connector.connector);
    const statuses: readonly string[] = CONNECTOR_STATUSES[ctx.protocol];
    if (!statuses.includes(connector.status)) ctx.report(statusPath, `"${connector.status}" is not a connector status of ${ctx.protocol}`, statuses);
    const after = connector.after ?? 'end';
    if (after === 'technician-visit') technicianInTime(connector.station, `${path}/connector/after`, ctx, timeline);
    return { ...base, kind: 'connector', stationId: connector.station, connectorId: connector.connector, status: connector.status as OcppConnectorStatus, after };
  }
  return undefined;
}

/** Ids of the expectation checked against the fleet; a station and a site must agree. */
function checkScope(raw: RawExpectation, path: string, ctx: BuildContext): Scope {
  ctx.station(`${path}/station`, raw.station);
  ctx.site(`${path}/site`, raw.site);
  const connectorId = typeof raw.connector === 'number' ? raw.connector : undefined;
  ctx.connector(`${path}/connector`, connectorId);
  if (raw.station !== undefined && raw.site !== undefined && siteOfStation(raw.station) !== raw.site) {
    ctx.report(`${path}/site`, `station ${raw.station} is not at site ${raw.site}`, [siteOfStation(raw.station)]);
  }
  return { ...optional('stationId', raw.station), ...optional('siteId', raw.site), ...optional('connectorId', connectorId) };
}

/** `from`, `withinMs` and `deadlineMs`, or undefined (with a problem) when there is nothing to measure from. */
function timing(
  raw: RawExpectation,
  path: string,
  scope: Scope,
  ctx: BuildContext,
  timeline: ScenarioSchedule,
): { from: Anchor; withinMs: number; deadlineMs: number } | undefined {
  const from = anchorOf(raw, path, scope, ctx, timeline.steps, raw.within === undefined);
  if (!from) return undefined;
  if (raw.within === undefined) return { from, withinMs: timeline.endMs - from.atMs, deadlineMs: timeline.endMs };
  const withinMs = parseDurationMs(raw.within) as number;
  const deadlineMs = from.atMs + withinMs;
  if (deadlineMs > timeline.endMs) {
    const step = from.stepIndex === undefined ? 'the start' : `step ${from.stepIndex}${from.stepName ? ` (${from.stepName})` : ''} at ${formatDurationMs(from.atMs)}`;
    ctx.report(
      `${path}/within`,
      `${raw.within} from ${step} ends at ${formatDurationMs(deadlineMs)}, after the scenario ends at ${formatDurationMs(timeline.endMs)} ` +
        `(last step at ${formatDurationMs(timeline.lastStepAtMs)} + duration ${formatDurationMs(timeline.endMs - timeline.lastStepAtMs)}); shorten it or lengthen duration`,
      [`at most ${formatDurationMs(timeline.endMs - from.atMs)}`],
    );
  }
  return { from, withinMs, deadlineMs };
}

/**
 * The step `within` counts from: the one named by `after`, else the last fault step touching the
 * expectation's station, site or connector (the fault that should cause it), else the last step of
 * any kind touching them. With `optional`, no such step means the start of the scenario.
 */
function anchorOf(raw: RawExpectation, path: string, scope: Scope, ctx: BuildContext, steps: readonly Step[], optional: boolean): Anchor | undefined {
  const named = [...new Set(steps.filter((s) => s.name !== undefined && !RESERVED_STEP_NAMES.includes(s.name)).map((s) => s.name as string))];
  if (raw.after !== undefined) {
    const step = steps.find((s) => s.name === raw.after);
    if (!step) {
      const near = closest(raw.after, named);
      ctx.report(`${path}/after`, `no step is named "${raw.after}"${near ? ` (did you mean "${near}"?)` : ''}`, named);
      return undefined;
    }
    return anchor(step);
  }
  const touching = steps.filter((s) => 'target' in s && inScope(s, scope));
  const faults = touching.filter((s) => s.kind === 'fault');
  const step = faults.at(-1) ?? touching.at(-1);
  if (step) return anchor(step);
  if (optional) return { atMs: 0 };
  const where = scope.stationId ?? scope.siteId;
  ctx.report(
    path,
    `nothing to measure "within" from: no step touches ${where ?? 'any station'}; name the step with "after"`,
    named,
  );
  return undefined;
}

function inScope(step: Step, scope: Scope): boolean {
  if (!('target' in step)) return false;
  if (scope.stationId !== undefined && !step.target.stationIds.includes(scope.stationId)) return false;
  if (scope.siteId !== undefined && !step.target.siteIds.includes(scope.siteId)) return false;
  const connectorId = 'connectorId' in step ? step.connectorId : undefined;
  return scope.connectorId === undefined || connectorId === undefined || connectorId === scope.connectorId;
}

function anchor(step: Step): Anchor {
  return { stepIndex: step.index, ...optional('stepName', step.name), atMs: step.atMs };
}

function commandOfProtocol(action: string, path: string, ctx: BuildContext): void {
  if (!isSentBy(ctx.protocol, 'csms', action)) ctx.report(path, `"${action}" is not a command of ${ctx.protocol}`, actionsSentBy(ctx.protocol, 'csms'));
}

/** A technician can only be seen if the scenario lasts past the earliest possible visit. */
function technicianInTime(stationId: string, path: string, ctx: BuildContext, timeline: ScenarioSchedule): void {
  const fault = timeline.steps.filter((s) => s.kind === 'fault' && s.target.stationIds.includes(stationId)).at(-1);
  if (!fault) {
    ctx.report(path, `no fault step touches ${stationId}, so no technician will visit it`, ['end']);
    return;
  }
  const { travelMs, repairMs } = timeline.technician;
  const earliestMs = fault.atMs + travelMs + repairMs;
  if (earliestMs > timeline.endMs) {
    ctx.report(
      path,
      `the technician's visit ends at ${formatDurationMs(earliestMs)} at the earliest (fault at ${formatDurationMs(fault.atMs)} + travel ${formatDurationMs(travelMs)} + repair ${formatDurationMs(repairMs)}), after the scenario ends at ${formatDurationMs(timeline.endMs)}`,
      [`duration of at least ${formatDurationMs(earliestMs - timeline.lastStepAtMs)}`, 'a shorter technician travelTime or repairTime'],
    );
  }
}

function buildMetric(
  raw: NonNullable<RawExpectation['metric']>,
  base: { index: number; source: Expectation['source'] },
  path: string,
  ctx: BuildContext,
): Expectation {
  const metric = raw.name as MetricName;
  const unit = METRICS[metric];
  const bound = (key: 'atMost' | 'atLeast'): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (unit === 'ms') {
      const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
      if (ms === undefined) ctx.report(`${path}/${key}`, `${JSON.stringify(value)} is not a duration (${metric} is a time)`, [DURATION_HELP]);
      return ms;
    }
    if (typeof value !== 'number' || value < 0 || value > 100) {
      ctx.report(`${path}/${key}`, `${JSON.stringify(value)} is not a percentage (${metric} is a rate)`, ['a number from 0 to 100']);
      return undefined;
    }
    return value;
  };
  const atMost = bound('atMost');
  const atLeast = bound('atLeast');
  if (atMost !== undefined && atLeast !== undefined && atLeast > atMost) {
    ctx.report(`${path}/atLeast`, `atLeast is above atMost: no value can pass`);
  }
  return { ...base, kind: 'metric', metric, unit, ...optional('atMost', atMost), ...optional('atLeast', atLeast) };
}

/** `{ key: value }` when value is set, else `{}`: keeps absent fields absent in the model. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

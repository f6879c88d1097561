/**
 * Scored drills: a trainee takes a station, the trainer's fault goes in through the fleet's control layer,
 * the automatic playbook stands back for that station (the detector still raises its issue), and the trainee's
 * actions (classify, remote actions through the CSMS, escalate, work order, verify, close) are recorded with
 * the station's answers. Closing scores the drill (scoring.ts) and writes a debrief beside the playbook's own
 * timeline (drill-plan.ts). Several trainees drill at once, each on their own stations.
 */
import type { Clock } from '../../simulator/clock.js';
import { FAULT_KINDS, isFaultKind } from '../../simulator/faults/registry.js';
import { under, type Problem } from '../../simulator/problems.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ControlFaults } from '../control/faults.js';
import { BodyReader, ControlInputError, ControlRefusal } from '../control/input.js';
import { CommandError } from '../csms/command-errors.js';
import type { StationView as CsmsStationView } from '../csms/station-view.js';
import type { Desk } from '../desk/desk.js';
import { ISSUE_TYPES, SEVERITIES, type Severity } from '../issues/catalogue.js';
import { ISSUE_RAISED_BY_FAULT } from '../issues/raised-by-fault.js';
import { ESCALATION_TARGETS, type EscalationTarget } from '../issues/teams.js';
import { PART_BY_ERROR_CODE } from '../playbook/parts.js';
import { parsePlaybookConfig } from '../playbook/config.js';
import { drillPlan, type DrillIssueFacts } from './drill-plan.js';
import { DRILL_ACTION_TYPES, playbookTimeline, type DrillAction, type DrillActionType, type DrillDebrief, type DrillView } from './drill-types.js';
import { buildRemoteAction } from './remote-actions.js';
import { scoreDrill } from './scoring.js';
import { connectorStatus } from './station-status.js';

/** Every part a work order may name: by error code, then each issue type's own. */
export const PARTS: readonly string[] = [...new Set([...Object.values(PART_BY_ERROR_CODE), ...Object.values(ISSUE_TYPES).map((record) => record.part)])].sort();

export interface DrillDeps {
  clock: Clock;
  /** The fleet's control faults: a drill's fault goes in (and is listed) there. */
  faults: ControlFaults;
  /** The fleet's stations with their protocol and connector count. */
  fleetStation(id: string): { protocol: OcppProtocol; connectors: number } | undefined;
  fleetStationIds(): string[];
  /** What the CSMS sees of a station (the operator's view). */
  csmsStation(id: string): CsmsStationView | undefined;
  sendCommand(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Undefined without a desk: drills then run without the playbook to hold back, and are scored by its defaults. */
  desk: Desk | undefined;
}

const ACTION_FIELDS: Record<DrillActionType, readonly string[]> = {
  classify: ['severity'],
  'remote-action': ['action', 'params'],
  escalate: ['tier'],
  'work-order': ['part'],
  verify: [],
  close: [],
};

interface Drill {
  view: DrillView;
  startedAtMs: number;
}

export class DrillBook {
  private readonly drills = new Map<string, Drill>();
  private next = 0;

  constructor(private readonly deps: DrillDeps) {}

  list(): DrillView[] {
    return [...this.drills.values()].map((drill) => copy(drill.view));
  }

  get(id: string): DrillView {
    return copy(this.drillOf(id).view);
  }

  /** `{trainee, station, connector?, fault: {kind, params?}}`: injects the fault and hands the station to the trainee. */
  start(body: Record<string, unknown>): DrillView {
    const input = new BodyReader(body, ['trainee', 'station', 'connector', 'fault']);
    const trainee = input.text('trainee', { required: true, allowed: ["the trainee's name"] });
    const ids = this.deps.fleetStationIds();
    const stationId = input.text('station', { required: true, allowed: ids });
    const station = stationId === undefined ? undefined : this.deps.fleetStation(stationId);
    if (stationId !== undefined && station === undefined) input.report({ path: '/station', message: `unknown station ${JSON.stringify(stationId)}`, allowed: ids });
    const connectorId = input.integer('connector', 1, station?.connectors ?? 1);
    const fault = this.faultOf(input);
    input.done('cannot start a drill');
    const id = stationId as string;
    const busy = [...this.drills.values()].find((drill) => drill.view.state === 'running' && drill.view.stationIds.includes(id));
    if (busy) throw new ControlRefusal(409, `${id} is already in drill ${busy.view.id} (${busy.view.trainee})`);
    const playbook = this.deps.desk?.playbook;
    // Before the fault: the desk must not take in the issue the fault raises.
    playbook?.setHandsOff(id, true);
    let injected;
    try {
      injected = this.deps.faults.inject({ kind: fault.kind, station: id, ...(connectorId !== undefined && { connector: connectorId }), ...(fault.params !== undefined && { params: fault.params }) });
    } catch (error) {
      playbook?.setHandsOff(id, false);
      if (error instanceof ControlInputError) throw new ControlInputError(error.problems.map(underFault), 'cannot start a drill');
      throw error;
    }
    const startedAtMs = this.deps.clock.now();
    const view: DrillView = {
      id: `d${++this.next}`,
      trainee: trainee as string,
      stationIds: injected.targets.stationIds,
      ...(injected.targets.connectorId !== undefined && { connectorId: injected.targets.connectorId }),
      fault: { kind: injected.kind, params: injected.params as unknown as Record<string, unknown>, controlFaultId: injected.id },
      state: 'running',
      startedAt: new Date(startedAtMs).toISOString(),
      actions: [],
    };
    for (const other of view.stationIds) playbook?.setHandsOff(other, true);
    this.drills.set(view.id, { view, startedAtMs });
    return copy(view);
  }

  /** Records one action of the trainee; `close` scores the drill. 409 once the drill is closed. */
  async act(id: string, body: Record<string, unknown>): Promise<DrillView> {
    const drill = this.drillOf(id);
    const rawType = body['type'];
    const type = typeof rawType === 'string' && (DRILL_ACTION_TYPES as readonly string[]).includes(rawType) ? (rawType as DrillActionType) : undefined;
    const input = new BodyReader(body, ['type', ...(type === undefined ? [] : ACTION_FIELDS[type])]);
    if (type === undefined) input.report({ path: '/type', message: rawType === undefined ? 'is required' : `${JSON.stringify(rawType)} is not allowed`, allowed: [...DRILL_ACTION_TYPES] });
    const heading = `cannot record ${type ?? 'the action'} in drill ${id}`;
    if (type === undefined) input.done(heading);
    if (drill.view.state === 'closed') throw new ControlRefusal(409, `drill ${id} is closed`);
    const stamp = this.stamp(drill);
    const stationId = drill.view.stationIds[0] as string;
    const connectorId = drill.view.connectorId ?? 1;
    switch (type as DrillActionType) {
      case 'classify': {
        const severity = input.text('severity', { required: true, allowed: SEVERITIES });
        if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) input.report({ path: '/severity', message: `${JSON.stringify(severity)} is not allowed`, allowed: [...SEVERITIES] });
        input.done(heading);
        this.record(drill, { ...stamp, type: 'classify', severity: severity as Severity });
        break;
      }
      case 'remote-action':
        await this.remoteAction(drill, input, heading, stationId, connectorId);
        break;
      case 'escalate': {
        const tier = input.text('tier', { required: true, allowed: ESCALATION_TARGETS });
        if (tier !== undefined && !(ESCALATION_TARGETS as readonly string[]).includes(tier)) input.report({ path: '/tier', message: `${JSON.stringify(tier)} is not allowed`, allowed: [...ESCALATION_TARGETS] });
        input.done(heading);
        this.record(drill, { ...stamp, type: 'escalate', tier: tier as EscalationTarget });
        break;
      }
      case 'work-order': {
        const part = input.text('part', { required: true, allowed: PARTS });
        if (part !== undefined && !PARTS.includes(part)) input.report({ path: '/part', message: `${JSON.stringify(part)} is not allowed`, allowed: [...PARTS] });
        input.done(heading);
        this.record(drill, { ...stamp, type: 'work-order', part: part as string });
        break;
      }
      case 'verify': {
        input.done(heading);
        // A station that is not connected shows its last status, which proves nothing now.
        const station = this.deps.csmsStation(stationId);
        const status = station?.connected === false ? 'offline' : (connectorStatus(station, connectorId) ?? 'unknown');
        this.record(drill, { ...stamp, type: 'verify', available: status === 'Available', status });
        break;
      }
      case 'close':
        input.done(heading);
        this.record(drill, { ...stamp, type: 'close' });
        this.close(drill);
        break;
    }
    return copy(drill.view);
  }

  /** Ends every drill (a training reset): the stations go back to the desk. */
  clear(): number {
    const count = this.drills.size;
    for (const drill of this.drills.values()) this.release(drill);
    this.drills.clear();
    return count;
  }

  private async remoteAction(drill: Drill, input: BodyReader, heading: string, stationId: string, connectorId: number): Promise<void> {
    const action = input.text('action', { required: true, allowed: ['Reset', 'UnlockConnector', 'ChangeAvailability', 'TriggerMessage', 'or another OCPP action with params as its payload'] });
    const params = input.object('params') ?? {};
    const protocol = this.deps.fleetStation(stationId)?.protocol ?? 'ocpp1.6';
    const built = action === undefined ? undefined : buildRemoteAction(action, params, protocol, connectorId);
    if (built !== undefined && !built.ok) built.problems.forEach((problem) => input.report(problem));
    input.done(heading);
    const { built: command } = built as Extract<typeof built, { ok: true }>;
    const stamp = this.stamp(drill);
    const base = { ...stamp, type: 'remote-action' as const, action: command.action, payload: command.payload, ...(command.step !== undefined && { step: command.step }) };
    try {
      const response = await this.deps.sendCommand(stationId, command.action, command.payload);
      this.record(drill, { ...base, response });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      this.record(drill, { ...base, error: { code: error.code, message: error.message } });
    }
  }

  private close(drill: Drill): void {
    const now = this.deps.clock.now();
    const { view } = drill;
    const { facts, issueAfterMs, source } = this.issueOf(drill);
    const config = this.deps.desk?.playbook.config ?? parsePlaybookConfig();
    const plan = drillPlan(facts, config);
    view.state = 'closed';
    view.closedAt = new Date(now).toISOString();
    view.score = scoreDrill({ plan, actions: view.actions, issueAfterMs });
    const classified = [...view.actions].reverse().find((action): action is Extract<DrillAction, { type: 'classify' }> => action.type === 'classify');
    const debrief: DrillDebrief = {
      issue: { type: plan.issueType, ...(plan.errorCode !== undefined && { errorCode: plan.errorCode }), severity: plan.severity, raisedAfterMs: issueAfterMs, source },
      classification: { ...(classified !== undefined && { given: classified.severity }), expected: plan.severity },
      trainee: view.actions.map((action) => ({ afterMs: action.afterMs, what: describe(action) })),
      playbook: playbookTimeline(plan.playbook, issueAfterMs),
    };
    view.debrief = debrief;
    this.release(drill);
  }

  /** The detector's issue on the drilled station since the drill began; else what the fault raises by the catalogue. */
  private issueOf(drill: Drill): { facts: DrillIssueFacts; issueAfterMs: number; source: 'detector' | 'fault' } {
    const { view, startedAtMs } = drill;
    const expectedType = isFaultKind(view.fault.kind) ? ISSUE_RAISED_BY_FAULT[view.fault.kind] : undefined;
    const stationId = view.stationIds[0] as string;
    const raised = (this.deps.desk?.issues({ stationId }) ?? []).filter((issue) => issue.raisedAt.simMs >= startedAtMs - 1_000).sort((a, b) => a.raisedAt.simMs - b.raisedAt.simMs);
    const issue = raised.find((candidate) => candidate.type === expectedType) ?? raised[0];
    const connected = this.deps.csmsStation(stationId)?.connected;
    if (issue !== undefined) {
      const errorCode = issue.details['errorCode'];
      const likelyCause = issue.details['likelyCause'];
      return {
        facts: { issueType: issue.type, ...(typeof errorCode === 'string' && { errorCode }), ...(typeof likelyCause === 'string' && { likelyCause }), ...(connected !== undefined && { connected }) },
        issueAfterMs: Math.max(0, Math.round(issue.raisedAt.simMs - startedAtMs)),
        source: 'detector',
      };
    }
    // Not raised (yet): the fault's issue type, with the error code the station reports to the CSMS.
    const reported = this.deps.csmsStation(stationId)?.connectors.find((c) => c.errorCode !== null && c.errorCode !== 'NoError')?.errorCode ?? undefined;
    return {
      facts: { issueType: expectedType ?? 'connector-faulted', ...(reported !== undefined && { errorCode: reported }), ...(connected !== undefined && { connected }) },
      issueAfterMs: 0,
      source: 'fault',
    };
  }

  private faultOf(input: BodyReader): { kind: string; params?: Record<string, unknown> } {
    const fault = input.object('fault');
    if (fault === undefined) {
      if (!input.has('fault')) input.report({ path: '/fault', message: 'is required', allowed: ['{kind, params?}'] });
      return { kind: '' };
    }
    const reader = new BodyReader(fault, ['kind', 'params']);
    const kind = reader.text('kind', { required: true, allowed: FAULT_KINDS });
    if (kind !== undefined && !isFaultKind(kind)) reader.report({ path: '/kind', message: `${JSON.stringify(kind)} is not a fault kind`, allowed: [...FAULT_KINDS] });
    const params = reader.object('params');
    for (const problem of under('/fault', reader.problems)) input.report(problem);
    return { kind: kind ?? '', ...(params !== undefined && { params }) };
  }

  private stamp(drill: Drill): { at: string; afterMs: number } {
    const now = this.deps.clock.now();
    return { at: new Date(now).toISOString(), afterMs: Math.max(0, Math.round(now - drill.startedAtMs)) };
  }

  private record(drill: Drill, action: DrillAction): void {
    drill.view.actions.push(action);
  }

  private release(drill: Drill): void {
    for (const stationId of drill.view.stationIds) this.deps.desk?.playbook.setHandsOff(stationId, false);
  }

  private drillOf(id: string): Drill {
    const drill = this.drills.get(id);
    if (!drill) throw new ControlRefusal(404, `unknown drill ${id}`);
    return drill;
  }
}

/** The control layer's problems are about the fault, except the connector, which is the drill's own field. */
function underFault(problem: Problem): Problem {
  return problem.path.startsWith('/connector') ? problem : { ...problem, path: `/fault${problem.path}` };
}

function describe(action: DrillAction): string {
  switch (action.type) {
    case 'classify':
      return `classified ${action.severity}`;
    case 'remote-action': {
      const answer = action.error ? `error ${action.error.code}` : typeof action.response?.['status'] === 'string' ? action.response['status'] : 'answered';
      return `${action.action} ${JSON.stringify(action.payload)}: ${answer}`;
    }
    case 'escalate':
      return `escalated to ${action.tier}`;
    case 'work-order':
      return `work order: ${action.part}`;
    case 'verify':
      return `verified: ${action.status}`;
    case 'close':
      return 'closed';
  }
}

function copy(view: DrillView): DrillView {
  return structuredClone(view);
}

/** The drill view's model: the trainee's action bodies, the score line and the debrief's two timelines side by side. */
import { formatDuration } from './format.js';
import type { ConsoleConfig, DrillAction, DrillScore, TimelineEntry } from './types.js';

export type DrillActionType = 'classify' | 'remote-action' | 'escalate' | 'work-order' | 'verify' | 'close';

/**
 * The remote actions a trainee may send in a drill, in the drill API's words (docs/training.md, "Actions"); the
 * API sends each to the drill's own connector, spelled for the station's OCPP version.
 */
export const DRILL_REMOTE_ACTIONS = [
  { id: 'soft-reset', label: 'Reset (soft)', action: 'Reset', params: { type: 'Soft' } },
  { id: 'hard-reset', label: 'Reset (hard)', action: 'Reset', params: { type: 'Hard' } },
  { id: 'unlock-connector', label: 'Unlock connector', action: 'UnlockConnector', params: {} },
  { id: 'make-inoperative', label: 'Change availability: Inoperative', action: 'ChangeAvailability', params: { type: 'Inoperative' } },
  { id: 'make-operative', label: 'Change availability: Operative', action: 'ChangeAvailability', params: { type: 'Operative' } },
  { id: 'trigger-status', label: 'Trigger StatusNotification', action: 'TriggerMessage', params: { requestedMessage: 'StatusNotification' } },
] as const;

/** The body of `POST /api/drills/:id/actions`; throws naming what is missing or not offered. */
export function drillActionBody(type: DrillActionType, form: { severity?: string; remote?: string; tier?: string; part?: string }): Record<string, unknown> {
  const required = (name: string, value: string | undefined): string => {
    if (value === undefined || value.trim() === '') throw new Error(`${name}: choose one first`);
    return value;
  };
  switch (type) {
    case 'classify':
      return { type, severity: required('severity', form.severity) };
    case 'remote-action': {
      const id = required('remote action', form.remote);
      const choice = DRILL_REMOTE_ACTIONS.find((a) => a.id === id);
      if (!choice) throw new Error(`remote action: ${JSON.stringify(id)} is not allowed, expected one of ${DRILL_REMOTE_ACTIONS.map((a) => a.id).join(', ')}`);
      return { type, action: choice.action, params: { ...choice.params } };
    }
    case 'escalate':
      return { type, tier: required('tier', form.tier) };
    case 'work-order':
      return { type, part: required('part', form.part) };
    case 'verify':
    case 'close':
      return { type };
  }
}

export interface DebriefRow {
  /** Simulated ms since the drill started. */
  afterMs: number;
  trainee?: string;
  playbook?: string;
}

/** Both timelines merged by time; entries at the same moment share a row so the two can be read across. */
export function debriefRows(trainee: readonly TimelineEntry[], playbook: readonly TimelineEntry[]): DebriefRow[] {
  const rows: DebriefRow[] = [];
  let i = 0;
  let j = 0;
  while (i < trainee.length || j < playbook.length) {
    const t = trainee[i];
    const p = playbook[j];
    if (t && p && t.afterMs === p.afterMs) {
      rows.push({ afterMs: t.afterMs, trainee: t.what, playbook: p.what });
      i++;
      j++;
    } else if (t && (!p || t.afterMs < p.afterMs)) {
      rows.push({ afterMs: t.afterMs, trainee: t.what });
      i++;
    } else if (p) {
      rows.push({ afterMs: p.afterMs, playbook: p.what });
      j++;
    }
  }
  return rows;
}

/** "+2 min 5 s": simulated time since the drill started. */
export function sinceStart(afterMs: number): string {
  return `+${formatDuration(afterMs)}`;
}

export function scoreLine(score: DrillScore): string {
  const percent = score.max > 0 ? Math.round((score.total / score.max) * 100) : 0;
  return `${score.total} of ${score.max} points (${percent} %)`;
}

/** What the station said to a remote action: its answer, or why there was none. */
export function stationAnswer(action: Extract<DrillAction, { type: 'remote-action' }>): string {
  if (action.error) return `no answer: ${action.error.code}, ${action.error.message}`;
  return `station answered ${JSON.stringify(action.response ?? {})}`;
}

/** A short line for one of the drill's recorded actions. */
export function actionLine(action: DrillAction): string {
  switch (action.type) {
    case 'classify':
      return `classified ${action.severity}`;
    case 'remote-action':
      return `${action.action} ${JSON.stringify(action.payload)}: ${stationAnswer(action)}`;
    case 'escalate':
      return `escalated to ${action.tier}`;
    case 'work-order':
      return `work order: ${action.part}`;
    case 'verify':
      return action.available ? 'verified: the connector is Available' : `verified: the connector is ${action.status}, not Available`;
    case 'close':
      return 'closed';
  }
}

/** What a CSMS without `GET /api/console/config` (a plain csms, 404) offers: no fleet control, no drills. */
export const UNKNOWN_CONFIG: ConsoleConfig = { control: false, drills: false, timeScale: null, paused: false };

/** The config from the route's answer; anything malformed is an error naming the field. */
export function parseConsoleConfig(status: number, body: unknown): ConsoleConfig {
  if (status === 404) return UNKNOWN_CONFIG;
  if (status !== 200) throw new Error(`GET /api/console/config answered ${status}`);
  if (typeof body !== 'object' || body === null) throw new Error('GET /api/console/config: expected a JSON object');
  const b = body as Record<string, unknown>;
  for (const flag of ['control', 'drills', 'paused'] as const) {
    if (b[flag] !== undefined && typeof b[flag] !== 'boolean') throw new Error(`GET /api/console/config: ${flag} must be true or false`);
  }
  if (b['timeScale'] !== undefined && b['timeScale'] !== null && typeof b['timeScale'] !== 'number') throw new Error('GET /api/console/config: timeScale must be a number');
  return {
    control: b['control'] === true,
    drills: b['drills'] === true,
    timeScale: typeof b['timeScale'] === 'number' ? b['timeScale'] : null,
    paused: b['paused'] === true,
  };
}

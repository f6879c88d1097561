/** The drill view's model: the trainee's action bodies, the score line and the debrief's two timelines side by side. */
import type { ConsoleConfig, Drill, TimelineEntry } from './types.js';

export type DrillActionType = 'classify' | 'remote-action' | 'escalate' | 'work-order' | 'verify' | 'close';

/** The body of `POST /api/drills/:id/actions`; throws naming what is missing. */
export function drillActionBody(type: DrillActionType, form: { severity?: string; action?: string; params?: Record<string, unknown>; tier?: string; part?: string }): Record<string, unknown> {
  const required = (name: string, value: string | undefined): string => {
    if (value === undefined || value.trim() === '') throw new Error(`${name}: choose one first`);
    return value;
  };
  switch (type) {
    case 'classify':
      return { type, severity: required('severity', form.severity) };
    case 'remote-action':
      return { type, action: required('action', form.action), params: form.params ?? {} };
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
  at: number;
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
    if (t && p && t.at === p.at) {
      rows.push({ at: t.at, trainee: t.label, playbook: p.label });
      i++;
      j++;
    } else if (t && (!p || t.at < p.at)) {
      rows.push({ at: t.at, trainee: t.label });
      i++;
    } else if (p) {
      rows.push({ at: p.at, playbook: p.label });
      j++;
    }
  }
  return rows;
}

export function scoreLine(score: NonNullable<Drill['score']>): string {
  const percent = score.max > 0 ? Math.round((score.total / score.max) * 100) : 0;
  return `${score.total} of ${score.max} points (${percent} %)`;
}

/** A short line for one of the drill's recorded actions. */
export function actionLine(action: Drill['actions'][number]): string {
  const rest = Object.entries(action)
    .filter(([key]) => key !== 'at' && key !== 'type')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return rest.length > 0 ? `${action.type} (${rest.join(', ')})` : action.type;
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

/**
 * A station's recorded OCPP traffic → a scenario that replays the station's side (docs/replay.md): its CALLs at
 * their recorded times after the boot, its answers to the CSMS's CALLs. The fleet's own boot stands for the
 * recorded first BootNotification; everything after it is replayed, Heartbeats included (the station's own are muted).
 */
import { stringify } from 'yaml';
import { parseDurationMs } from '../../simulator/duration.js';
import { ISSUE_TYPES, type IssueType } from '../issues/catalogue.js';
import type { Problem } from '../../simulator/problems.js';
import { isSentBy } from '../../simulator/protocol/actions.js';
import { validatePayload } from '../../simulator/protocol/validator.js';
import { PROTOCOLS, type OcppProtocol } from '../../simulator/protocol/versions.js';
import { parseStationId } from '../../simulator/vocabulary/site.js';
import type { TraceFrame } from './trace.js';

export interface ReplayImportOptions {
  /** Which station of the trace to replay; needed when the trace holds several. */
  traceStation?: string;
  /** Its id in the scenario; default the trace's id when it ends in `S<n>-CP<m>`, else S1-CP1. */
  as?: string;
  /** Default: the protocol whose messages the trace uses. */
  protocol?: OcppProtocol;
  name?: string;
  timeScale: number;
  /** Simulated ms observed after the last replayed frame. */
  tailMs: number;
  /** Issues the replay must raise on the station; without any, it may raise whatever it raises. */
  expect: readonly IssueType[];
  /** Where the trace came from, for the summary. */
  source: string;
}

export type ReplayImport = { ok: true; yaml: string; steps: number; warnings: string[] } | { ok: false; problems: Problem[] };

const START_STEP = 'replay-start';

export function importReplay(all: readonly TraceFrame[], options: ReplayImportOptions): ReplayImport {
  const ids = [...new Set(all.flatMap((f) => (f.stationId === undefined ? [] : [f.stationId])))];
  const traceStation = options.traceStation ?? (ids.length === 1 ? ids[0] : undefined);
  if (options.traceStation !== undefined && ids.length > 0 && !ids.includes(options.traceStation)) {
    return refuse('--station', `station ${JSON.stringify(options.traceStation)} is not in the trace`, ids);
  }
  if (traceStation === undefined && ids.length > 1) return refuse('--station', 'the trace holds several stations: name the one to replay', ids);
  const frames = all.filter((f) => traceStation === undefined || f.stationId === undefined || f.stationId === traceStation);
  const protocol = options.protocol ?? protocolOf(frames);
  if (protocol === undefined) return refuse('--protocol', 'the trace\'s messages do not tell the OCPP version', [...PROTOCOLS]);
  const stationId = options.as ?? /S\d+-CP\d+$/.exec(traceStation ?? '')?.[0] ?? 'S1-CP1';
  const place = parseStationId(stationId);
  if (place === undefined) return refuse('--as', `${JSON.stringify(stationId)} is not a scenario station id`, ['S<site>-CP<n>, e.g. S1-CP1']);

  const warnings: string[] = [];
  const boot = frames.find((f) => f.fromStation && f.messageType === 2 && f.action === 'BootNotification');
  const bootAnswer = boot && frames.find((f) => !f.fromStation && f.messageType === 3 && f.messageId === boot.messageId);
  const startMs = bootAnswer?.atMs ?? boot?.atMs ?? frames[0]?.atMs ?? 0;
  const answers = new Map(frames.filter((f) => f.messageType !== 2).map((f) => [`${f.fromStation}:${f.messageId}`, f]));
  const steps: Record<string, unknown>[] = [];
  let triggerMs = 0;
  for (const frame of frames) {
    if (frame.messageType !== 2 || frame === boot || frame.atMs < startMs || frame.action === undefined) continue;
    const atMs = Math.round(frame.atMs - startMs);
    const answer = answers.get(`${!frame.fromStation}:${frame.messageId}`);
    if (frame.fromStation) {
      const problem = validatePayload(protocol, frame.action, 'req', frame.payload);
      if (problem) {
        warnings.push(`skipped ${frame.action} at ${durationText(atMs)}: not a valid ${protocol} request (${problem.message})`);
        continue;
      }
      const recorded = answer?.messageType === 3 ? (answer.payload as Record<string, unknown>) : undefined;
      steps.push({
        at: durationText(atMs),
        replay: {
          station: stationId,
          send: frame.action,
          payload: frame.payload,
          recordedAt: new Date(frame.atMs).toISOString(),
          ...(recorded !== undefined && typeof recorded['transactionId'] === 'number' && { recordedAnswer: recorded }),
        },
      });
      triggerMs = atMs;
    } else if (answer?.messageType === 3 && validatePayload(protocol, frame.action, 'conf', answer.payload) === undefined) {
      // Armed when the station's last CALL before it went out: before the CSMS can ask.
      steps.push({ at: durationText(triggerMs), replay: { station: stationId, answer: frame.action, payload: answer.payload } });
    } else {
      warnings.push(`the station's answer to ${frame.action} at ${durationText(atMs)} is ${answer === undefined ? 'not in the trace' : answer.messageType === 4 ? 'a CALLERROR' : 'not a valid answer'}: it will answer as the simulator does`);
    }
  }
  if (steps.length === 0) return refuse('', 'nothing to replay: the trace holds no CALL after the boot', ['a trace with the station\'s CALLs']);
  steps.sort((a, b) => msOf(a) - msOf(b));
  (steps[0] as Record<string, unknown>)['name'] = START_STEP;
  const firstMs = msOf(steps[0] as Record<string, unknown>);
  const endMs = msOf(steps.at(-1) as Record<string, unknown>) + options.tailMs;
  const interval = bootAnswer && typeof (bootAnswer.payload as { interval?: unknown }).interval === 'number' ? (bootAnswer.payload as { interval: number }).interval : undefined;
  const scenario = {
    name: options.name ?? `replay-${stationId.toLowerCase()}`,
    summary: `Replays ${traceStation ?? 'a station'}'s recorded OCPP traffic from ${options.source} as ${stationId}: its CALLs at their recorded times after the boot, its answers to the CSMS's CALLs.`,
    tags: ['replay'],
    protocol,
    timeScale: options.timeScale,
    fleet: { sites: place.site, stationsPerSite: place.n, connectors: connectorsOf(frames), ...(interval !== undefined && interval > 0 && { heartbeatInterval: `${interval}s` }) },
    // The trace already holds what the field did; the simulated technician must not add a visit of its own.
    technician: { travelTime: durationText(endMs + 3_600_000), testSession: false },
    duration: durationText(options.tailMs),
    steps,
    expect: options.expect.map((issue) => ({ issue, station: stationId, after: START_STEP, within: durationText(endMs - firstMs) })),
    allowIssues: (Object.keys(ISSUE_TYPES) as IssueType[]).filter((type) => !options.expect.includes(type)),
  };
  const yaml = `# Written by chargedrill replay-import (docs/replay.md).\n${stringify(scenario, { lineWidth: 0 })}`;
  return { ok: true, yaml, steps: steps.length, warnings };
}

function refuse(path: string, message: string, allowed: string[]): ReplayImport {
  return { ok: false, problems: [{ path, message, allowed }] };
}

/** The one protocol that has every action of the trace on the side that sent it. */
function protocolOf(frames: readonly TraceFrame[]): OcppProtocol | undefined {
  const calls = frames.filter((f) => f.messageType === 2 && f.action !== undefined);
  const fits = PROTOCOLS.filter((p) => calls.every((f) => isSentBy(p, f.fromStation ? 'station' : 'csms', f.action as string)));
  return fits.length === 1 ? fits[0] : undefined;
}

/** The highest connector (1.6 connectorId, 2.0.1 evseId or evse.id) the trace names, at least 1. */
function connectorsOf(frames: readonly TraceFrame[]): number {
  let highest = 1;
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(item));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, key === 'evse' && k === 'id' ? 'evseId' : k);
    else if ((key === 'connectorId' || key === 'evseId') && typeof value === 'number' && Number.isInteger(value)) highest = Math.max(highest, Math.min(32, value));
  };
  for (const frame of frames) visit(frame.payload);
  return highest;
}

/** Exact: `1h2m3s450ms`, `0s`; the scenario's duration form. */
function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const parts: [number, string][] = [[Math.floor(total / 3_600_000), 'h'], [Math.floor(total / 60_000) % 60, 'm'], [Math.floor(total / 1_000) % 60, 's'], [total % 1_000, 'ms']];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('') || '0s';
}

function msOf(step: Record<string, unknown>): number {
  return parseDurationMs(String(step['at'])) as number;
}

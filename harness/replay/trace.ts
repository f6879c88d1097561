/**
 * Reading a station's OCPP message log into frames: the bundled CSMS's export (`GET /api/stations/:id/messages`,
 * a JSON array of rows) or JSON lines, one frame a line: `{"at", "direction", "frame", "stationId"?}` (docs/replay.md).
 * Every problem names its line (or array index) and what is allowed.
 */
import type { Problem } from '../../simulator/problems.js';

export interface TraceFrame {
  /** Epoch ms. */
  atMs: number;
  stationId: string | undefined;
  /** True for what the station sent (its CALLs and its answers). */
  fromStation: boolean;
  messageType: 2 | 3 | 4;
  messageId: string;
  /** The CALL's action; for answers, the action of the CALL they answer when known. */
  action: string | undefined;
  payload: unknown;
}

/** `in`/`out` as the CSMS's export says them (into and out of the CSMS), or named from the station's side. */
export const DIRECTIONS: Record<string, boolean> = { 'in': true, 'out': false, 'station-to-csms': true, 'csms-to-station': false };

export function readTrace(text: string): { frames: TraceFrame[]; problems: Problem[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let rows: unknown;
    try {
      rows = JSON.parse(trimmed);
    } catch (error) {
      return { frames: [], problems: [{ path: '', message: `not JSON: ${(error as Error).message}`, allowed: ['the JSON array of GET /api/stations/:id/messages', 'JSON lines'] }] };
    }
    return collect((rows as unknown[]).map((row, i) => frameOf(row, `/${i}`)));
  }
  const lines = text.split('\n');
  return collect(
    lines.flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [frameOf(JSON.parse(line), `line ${i + 1}`)];
      } catch (error) {
        return [{ problem: { path: `line ${i + 1}`, message: `not JSON: ${(error as Error).message}`, allowed: ['one JSON object a line'] } }];
      }
    }),
  );
}

type Read = { frame: TraceFrame } | { problem: Problem };

function collect(reads: Read[]): { frames: TraceFrame[]; problems: Problem[] } {
  const frames = reads.flatMap((r) => ('frame' in r ? [r.frame] : []));
  const problems = reads.flatMap((r) => ('problem' in r ? [r.problem] : []));
  // Answers learn their action from the CALL they answer (JSON lines do not name it).
  const calls = new Map<string, string>();
  for (const frame of frames) {
    if (frame.messageType === 2 && frame.action) calls.set(`${frame.fromStation}:${frame.messageId}`, frame.action);
    else if (frame.action === undefined) frame.action = calls.get(`${!frame.fromStation}:${frame.messageId}`);
  }
  return { frames: frames.sort((a, b) => a.atMs - b.atMs), problems };
}

function frameOf(raw: unknown, where: string): Read {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: { path: where, message: 'is not an object', allowed: ['{at, direction, frame}', 'an exported message row'] } };
  const row = raw as Record<string, unknown>;
  const direction = typeof row['direction'] === 'string' ? DIRECTIONS[row['direction']] : undefined;
  if (direction === undefined) return { problem: { path: `${where}/direction`, message: `${JSON.stringify(row['direction'])} is not a direction`, allowed: Object.keys(DIRECTIONS) } };
  const atMs = typeof row['at'] === 'number' ? row['at'] : typeof row['at'] === 'string' ? Date.parse(row['at']) : Number.NaN;
  if (!Number.isFinite(atMs)) return { problem: { path: `${where}/at`, message: `${JSON.stringify(row['at'])} is not a time`, allowed: ['epoch milliseconds', 'an ISO 8601 date-time'] } };
  const stationId = typeof row['stationId'] === 'string' ? row['stationId'] : undefined;
  if ('frame' in row) {
    let frame = row['frame'];
    if (typeof frame === 'string') {
      try {
        frame = JSON.parse(frame);
      } catch {
        frame = undefined;
      }
    }
    if (!Array.isArray(frame) || ![2, 3, 4].includes(frame[0] as number)) return { problem: { path: `${where}/frame`, message: 'is not an OCPP-J frame', allowed: ['[2, id, action, payload]', '[3, id, payload]', '[4, id, code, description, details]'] } };
    const type = frame[0] as 2 | 3 | 4;
    return {
      frame: {
        atMs,
        stationId,
        fromStation: direction,
        messageType: type,
        messageId: String(frame[1]),
        action: type === 2 ? String(frame[2]) : undefined,
        payload: type === 2 ? frame[3] : type === 3 ? frame[2] : { errorCode: frame[2], errorDescription: frame[3] },
      },
    };
  }
  // An exported row: messageType, messageId, action, payload.
  const type = row['messageType'];
  if (type !== 2 && type !== 3 && type !== 4) return { problem: { path: `${where}/messageType`, message: `${JSON.stringify(type)} is not a frame type`, allowed: ['2', '3', '4'] } };
  return {
    frame: {
      atMs,
      stationId,
      fromStation: direction,
      messageType: type,
      messageId: String(row['messageId']),
      action: typeof row['action'] === 'string' ? row['action'] : undefined,
      payload: row['payload'],
    },
  };
}

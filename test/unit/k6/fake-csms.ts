/**
 * Drives a k6 StationMachine in simulated real time without sockets: every CALL it sends is checked against the
 * OCPP JSON schema of its version and answered (schema-valid) at the next step.
 */
import type { CallFrame } from '../../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { validatePayload } from '../../../simulator/protocol/validator.js';
import { dialectOf } from '../../../deploy/k6/lib/messages.js';
import type { K6Plan } from '../../../deploy/k6/lib/plan.js';
import { StationMachine } from '../../../deploy/k6/lib/station.js';
import { LOAD_MIX_DEFAULTS } from '../../../simulator/fleet/station-load.js';

export type Answer = (action: string, payload: Record<string, unknown>) => Record<string, unknown> | undefined;

export interface Drive {
  calls: CallFrame[];
  /** Schema problems of the calls (and of the answers given), "<action>: <message>". */
  invalid: string[];
  /** A CALL sent while another was still unanswered. */
  overlapping: number;
  closedAtMs: number | undefined;
  machine: StationMachine;
}

export function plan(overrides: Partial<K6Plan> = {}): K6Plan {
  const { sessionMinS, sessionMaxS, sessionPowerMinW, sessionPowerMaxW, finishingDwellS } = LOAD_MIX_DEFAULTS;
  return {
    profile: 'unit',
    stations: 1,
    connectors: 2,
    timeScale: 3600,
    stages: [{ name: 'charge', durationMs: 10_000, target: 1, sessionsPerHour: 1 }],
    session: { sessionMinS, sessionMaxS, sessionPowerMinW, sessionPowerMaxW, finishingDwellS },
    meterValuesIntervalS: 300,
    thresholds: {},
    untranslated: [],
    ...overrides,
  };
}

let transactionIds = 100;

/** Answers every call as the bundled CSMS would for an accepting, tariffed site. */
export function accepting(protocol: OcppProtocol, bootStatus = 'Accepted'): Answer {
  const now = new Date(0).toISOString();
  const accepted = protocol === 'ocpp1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
  return (action) => {
    switch (action) {
      case 'BootNotification':
        return { status: bootStatus, currentTime: now, interval: bootStatus === 'Accepted' ? 300 : 60 };
      case 'Heartbeat':
        return { currentTime: now };
      case 'Authorize':
        return accepted;
      case 'StartTransaction':
        return { ...accepted, transactionId: transactionIds++ };
      case 'StopTransaction':
        return {};
      default:
        return {};
    }
  };
}

/** Runs the machine from 0 to `untilMs` in `stepMs` steps (open at 0, end of plan at `endMs`). */
export function drive(protocol: OcppProtocol, options: { plan?: K6Plan; untilMs: number; endMs: number; stepMs?: number; seed?: number; connection?: number; answer?: Answer }): Drive {
  const result: Drive = { calls: [], invalid: [], overlapping: 0, closedAtMs: undefined, machine: undefined as unknown as StationMachine };
  const answer = options.answer ?? accepting(protocol);
  const p = options.plan ?? plan();
  let unanswered: CallFrame[] = [];
  let now = 0;
  const machine = new StationMachine(
    { stationId: 'S1-CP1', dialect: dialectOf(protocol), plan: p, timeScale: p.timeScale, seed: options.seed ?? 7, connection: options.connection ?? 1, startMs: 0, endMs: options.endMs, callTimeoutMs: 5_000, closeGraceMs: 2_000 },
    {
      send: (text) => {
        const frame = JSON.parse(text) as CallFrame;
        if (frame[0] !== 2) return;
        if (unanswered.length > 0) result.overlapping++;
        const problem = validatePayload(protocol, frame[2], 'req', frame[3]);
        if (problem) result.invalid.push(`${frame[2]}: ${problem.message}`);
        result.calls.push(frame);
        unanswered.push(frame);
      },
      close: () => {
        result.closedAtMs ??= now;
      },
      call: () => {},
    },
  );
  result.machine = machine;
  machine.open(0);
  for (now = 0; now <= options.untilMs && result.closedAtMs === undefined; now += options.stepMs ?? 50) {
    const due = unanswered;
    unanswered = [];
    for (const [, id, action, payload] of due) {
      const reply = answer(action, payload);
      if (reply === undefined) continue;
      const problem = validatePayload(protocol, action, 'conf', reply);
      if (problem) result.invalid.push(`${action} answer: ${problem.message}`);
      machine.receive(JSON.stringify([3, id, reply]), now);
    }
    machine.tick(now);
  }
  return result;
}

/** The calls' actions, with the status for StatusNotification and the event type for TransactionEvent. */
export function script(calls: CallFrame[], connector?: number): string[] {
  return calls
    .filter(([, , , p]) => connector === undefined || p.connectorId === connector || p.evseId === connector || (p.evse as { id?: number } | undefined)?.id === connector)
    .map(([, , action, p]) => (action === 'StatusNotification' ? `Status:${String(p.status ?? p.connectorStatus)}` : action === 'TransactionEvent' ? `TransactionEvent:${String(p.eventType)}` : action));
}

/**
 * Replay steps (docs/replay.md): a station sends recorded CALLs at their times and answers the CSMS's CALLs as it
 * did in the recording. A replayed station sends only what the trace holds: its own heartbeat is muted for the
 * scenario (the trace's Heartbeats are replayed). Recorded timestamps keep their distance to the moment they were
 * sent; a 1.6 transactionId the CSMS assigned in the recording stands for the one it assigns now.
 */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { VirtualStation } from '../../simulator/station/station.js';
import type { ObservationLog } from './observations.js';
import type { ScenarioFleet } from './scenario-fleet.js';
import type { ReplayStep, Step } from './scenario/model.js';

const TIME_KEYS = new Set(['timestamp', 'generatedAt']);

export class StationReplay {
  /** Per station and CSMS action: answers still to give, and the last one given. */
  private readonly answers = new Map<string, Map<string, { queue: JsonObject[]; last?: JsonObject }>>();
  /** Per station: recorded 1.6 transaction id → the one the CSMS assigned in this run. */
  private readonly transactionIds = new Map<string, Map<number, number>>();

  constructor(
    private readonly fleet: ScenarioFleet,
    private readonly log: ObservationLog,
  ) {}

  /** Mutes the own heartbeat of every station that replays CALLs, before the first step. */
  prepare(steps: readonly Step[]): void {
    const senders = new Set(steps.flatMap((s) => (s.kind === 'replay' && s.mode === 'send' ? s.target.stationIds : [])));
    for (const id of senders) this.fleet.station(id).behaviour.heartbeatMuted = true;
  }

  run(step: ReplayStep, atMs: number): void {
    const stationId = step.target.stationIds[0] as string;
    const station = this.fleet.station(stationId);
    if (step.mode === 'answer') return this.arm(station, step.action, step.payload as JsonObject);
    const payload = this.rewrite(stationId, step.payload, step.recordedAtMs === undefined ? 0 : station.clock.now() - step.recordedAtMs) as JsonObject;
    station.transport.call(step.action, payload).then(
      (answer) => this.learn(stationId, step, answer),
      (error: unknown) => this.log.note(this.log.relative(station.clock.now()), 'step', `replayed ${step.action} from ${stationId} failed: ${(error as Error).message}`, { stationId }),
    );
    this.log.note(atMs, 'step', `replayed ${step.action} from ${stationId}`, { stationId });
  }

  /** From now on the station answers the CSMS's `action` from the recording instead of acting on it. */
  private arm(station: VirtualStation, action: string, payload: JsonObject): void {
    const byAction = this.answers.get(station.id) ?? new Map<string, { queue: JsonObject[]; last?: JsonObject }>();
    this.answers.set(station.id, byAction);
    const existing = byAction.get(action);
    if (existing) {
      existing.queue.push(payload);
      return;
    }
    const answers: { queue: JsonObject[]; last?: JsonObject } = { queue: [payload] };
    byAction.set(action, answers);
    station.transport.handle(action, (request) => {
      // Still observed as a command the CSMS sent, as the station's own handlers are.
      station.emit('command', action, request);
      const answer = answers.queue.shift() ?? answers.last ?? payload;
      answers.last = answer;
      return answer;
    });
  }

  private learn(stationId: string, step: ReplayStep, answer: JsonObject): void {
    const recorded = step.recordedAnswer?.['transactionId'];
    const assigned = answer['transactionId'];
    if (typeof recorded !== 'number' || typeof assigned !== 'number') return;
    const ids = this.transactionIds.get(stationId) ?? new Map<number, number>();
    ids.set(recorded, assigned);
    this.transactionIds.set(stationId, ids);
  }

  /** The payload with its timestamps moved by `shiftMs` and recorded transaction ids replaced by this run's. */
  private rewrite(stationId: string, value: unknown, shiftMs: number, key?: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.rewrite(stationId, item, shiftMs));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rewrite(stationId, v, shiftMs, k)]));
    }
    if (key !== undefined && TIME_KEYS.has(key) && typeof value === 'string' && shiftMs !== 0) {
      const at = Date.parse(value);
      return Number.isNaN(at) ? value : new Date(at + shiftMs).toISOString();
    }
    if (key === 'transactionId' && typeof value === 'number') return this.transactionIds.get(stationId)?.get(value) ?? value;
    return value;
  }
}

/**
 * One k6 virtual user as one charging station, without k6: BootNotification (retried after Pending/Rejected),
 * heartbeats, a StatusNotification per connector, and charging sessions as a Poisson process at the running stage's
 * rate: Authorize, the connector taken (1.6 Preparing / 2.0.1 Occupied), the start (StartTransaction / TransactionEvent
 * Started), MeterValues while charging (TransactionEvent Updated in 2.0.1), the stop, Finishing and Available again.
 * Badge swipes (an Authorize alone) at the stage mix's rate. At `endMs` running sessions are stopped and the socket
 * closed. Poll-driven: the caller passes the time to open / receive / tick; nothing here reads a clock or sets a timer.
 */
import { exponential, seededRandom } from '../../../simulator/random.js';
import { CallQueue, type CallRecord } from './calls.js';
import type { Dialect, TransactionFacts } from './messages.js';
import { stageAt, type K6Plan, type PlanStage } from './plan.js';

export interface StationOptions {
  stationId: string;
  dialect: Dialect;
  plan: K6Plan;
  timeScale: number;
  seed: number;
  /** Which connection of this station this is (1, 2, ... after reconnects): keeps transaction ids unique. */
  connection?: number;
  /** Real ms the plan's stages are counted from (k6: the test's start, from setup()). */
  startMs: number;
  /** Real ms at which the station stops its sessions and leaves. */
  endMs: number;
  callTimeoutMs: number;
  /** Real ms after `endMs` at which the socket is closed even with calls unanswered. */
  closeGraceMs?: number;
}

export interface StationEvents {
  send(text: string): void;
  close(): void;
  call(record: CallRecord): void;
  boot?(status: string): void;
  session?(kind: 'started' | 'completed' | 'refused' | 'failed'): void;
  problem?(message: string): void;
}

type SessionPhase = 'authorizing' | 'starting' | 'charging' | 'stopping' | 'finishing';

interface Connector {
  id: number;
  /** The meter register in Wh: it only grows, across sessions. */
  registerWh: number;
  session: { phase: SessionPhase; tx: TransactionFacts; powerW: number; endsAtMs: number; nextMeterAtMs: number; meteredAtMs: number; dwellUntilMs: number } | undefined;
}

export type StationState = 'connecting' | 'booting' | 'running' | 'leaving' | 'closed';

export class StationMachine {
  state: StationState = 'connecting';
  readonly counts = { sessionsStarted: 0, sessionsCompleted: 0, swipes: 0 };
  private readonly calls: CallQueue;
  private readonly random: () => number;
  private readonly connectors: Connector[];
  private stage: PlanStage | undefined;
  private heartbeatS = 0;
  private nextHeartbeatMs = Infinity;
  private nextSessionMs = Infinity;
  private nextSwipeMs = Infinity;
  private nextBootMs = Infinity;
  private txCounter = 0;

  constructor(
    private readonly options: StationOptions,
    private readonly events: StationEvents,
  ) {
    this.random = seededRandom(options.seed);
    this.connectors = Array.from({ length: options.plan.connectors }, (_, i) => ({ id: i + 1, registerWh: Math.floor(this.random() * 1_000_000), session: undefined }));
    this.calls = new CallQueue({
      protocol: options.dialect.protocol,
      send: (text) => events.send(text),
      timeoutMs: options.callTimeoutMs,
      onCall: (record) => events.call(record),
      onProblem: (message) => events.problem?.(message),
    });
  }

  /** The socket is open: boot. */
  open(nowMs: number): void {
    this.state = 'booting';
    this.boot(nowMs);
  }

  receive(text: string, nowMs: number): void {
    this.calls.receive(text, nowMs);
    this.tick(nowMs);
  }

  /** The socket closed (either side): nothing more is sent. */
  closed(): void {
    this.state = 'closed';
    this.calls.clear();
  }

  tick(nowMs: number): void {
    if (this.state === 'closed' || this.state === 'connecting') return;
    this.calls.tick(nowMs);
    if (this.state === 'booting') {
      if (nowMs >= this.nextBootMs) this.boot(nowMs);
      if (nowMs >= this.options.endMs) this.leave();
      return;
    }
    if (this.state === 'running' && nowMs >= this.options.endMs) this.state = 'leaving';
    if (this.state === 'running') this.followStage(nowMs);
    for (const connector of this.connectors) this.advance(connector, nowMs);
    if (this.state === 'leaving') {
      const quiet = this.calls.idle && this.connectors.every((c) => c.session === undefined);
      if (quiet || nowMs >= this.options.endMs + (this.options.closeGraceMs ?? 10_000)) this.leave();
      return;
    }
    if (nowMs >= this.nextHeartbeatMs) {
      this.nextHeartbeatMs = nowMs + this.realMs(this.heartbeatS);
      this.calls.call('Heartbeat', {}, nowMs);
    }
    if (nowMs >= this.nextSessionMs) {
      this.nextSessionMs = nowMs + this.wait(this.stage?.sessionsPerHour ?? 0);
      const free = this.connectors.filter((c) => c.session === undefined);
      const connector = free[Math.floor(this.random() * free.length)];
      if (connector !== undefined) this.startSession(connector, nowMs);
    }
    if (nowMs >= this.nextSwipeMs) {
      this.nextSwipeMs = nowMs + this.wait(this.stage?.mix?.authorizePerHour ?? 0);
      this.counts.swipes++;
      this.calls.call('Authorize', this.options.dialect.authorize(this.token()), nowMs);
    }
  }

  private boot(nowMs: number): void {
    this.nextBootMs = Infinity;
    const { dialect } = this.options;
    this.calls.call('BootNotification', dialect.boot('chargedrill', `k6-${dialect.protocol}`), nowMs, (outcome, at) => {
      if (outcome.kind !== 'result') {
        this.nextBootMs = at + this.realMs(60);
        return;
      }
      const answer = dialect.bootAnswer(outcome.payload);
      this.events.boot?.(answer.status);
      if (answer.status !== 'Accepted') {
        this.nextBootMs = at + this.realMs(answer.intervalS > 0 ? answer.intervalS : 60);
        return;
      }
      this.state = 'running';
      this.heartbeatS = answer.intervalS > 0 ? answer.intervalS : 300;
      this.nextHeartbeatMs = at + this.realMs(this.heartbeatS);
      this.stage = undefined;
      this.followStage(at);
      for (const connector of this.connectors) this.calls.call('StatusNotification', dialect.available(connector.id, iso(at)), at);
    });
  }

  /** On a stage change: its session and swipe rates and heartbeat override apply from now. */
  private followStage(nowMs: number): void {
    const stage = stageAt(this.options.plan.stages, nowMs - this.options.startMs);
    if (stage === this.stage) return;
    this.stage = stage;
    const heartbeatS = stage.mix?.heartbeatIntervalS;
    if (heartbeatS !== undefined && heartbeatS !== this.heartbeatS) {
      this.heartbeatS = heartbeatS;
      this.nextHeartbeatMs = nowMs + this.realMs(heartbeatS);
    }
    this.nextSessionMs = nowMs + this.wait(stage.sessionsPerHour);
    this.nextSwipeMs = nowMs + this.wait(stage.mix?.authorizePerHour ?? 0);
  }

  private startSession(connector: Connector, nowMs: number): void {
    const { dialect, plan } = this.options;
    const shape = plan.session;
    const durationS = shape.sessionMinS + this.random() * (shape.sessionMaxS - shape.sessionMinS);
    const powerW = shape.sessionPowerMinW + this.random() * (shape.sessionPowerMaxW - shape.sessionPowerMinW);
    const tx: TransactionFacts = { connectorId: connector.id, idToken: this.token(), localId: `${this.options.stationId}-${this.options.connection ?? 1}-${++this.txCounter}`, meterStartWh: connector.registerWh, registerWh: connector.registerWh, seqNo: 0 };
    const session = { phase: 'authorizing' as SessionPhase, tx, powerW, endsAtMs: Infinity, nextMeterAtMs: Infinity, meteredAtMs: nowMs, dwellUntilMs: Infinity };
    connector.session = session;
    this.calls.call('Authorize', dialect.authorize(tx.idToken), nowMs, (outcome, at) => {
      if (outcome.kind !== 'result' || dialect.tokenStatus(outcome.payload) !== 'Accepted') {
        connector.session = undefined;
        this.events.session?.(outcome.kind === 'result' ? 'refused' : 'failed');
        return;
      }
      session.phase = 'starting';
      this.calls.call('StatusNotification', dialect.occupied(connector.id, iso(at)), at);
      const start = dialect.start(tx, iso(at));
      this.calls.call(start.action, start.payload, at, (started, startedAt) => {
        tx.seqNo++;
        if (started.kind !== 'result') {
          this.events.session?.('failed');
          this.finishing(connector, startedAt);
          return;
        }
        tx.transactionId = dialect.transactionIdOf(tx, started.payload);
        this.counts.sessionsStarted++;
        this.events.session?.('started');
        session.phase = 'charging';
        session.meteredAtMs = startedAt;
        session.endsAtMs = startedAt + this.realMs(durationS);
        session.nextMeterAtMs = startedAt + this.realMs(this.meterIntervalS());
        const charging = dialect.charging(connector.id, iso(startedAt));
        if (charging !== undefined) this.calls.call('StatusNotification', charging, startedAt);
        // A start the CSMS refused (1.6 idTagInfo not Accepted) still opened a transaction: stop it at once.
        if (dialect.tokenStatus(started.payload) !== 'Accepted') session.endsAtMs = startedAt;
      });
    });
  }

  /** Meter samples, the stop when the session is over (or the station leaves), the dwell before Available. */
  private advance(connector: Connector, nowMs: number): void {
    const session = connector.session;
    if (session === undefined) return;
    const { dialect } = this.options;
    if (session.phase === 'charging') {
      if (nowMs >= session.nextMeterAtMs || nowMs >= session.endsAtMs || this.state === 'leaving') this.meter(connector, nowMs);
      if (nowMs >= session.endsAtMs || this.state === 'leaving') {
        session.phase = 'stopping';
        const stop = dialect.stop(session.tx, iso(nowMs));
        this.calls.call(stop.action, stop.payload, nowMs, (outcome, at) => {
          this.counts.sessionsCompleted++;
          this.events.session?.(outcome.kind === 'result' ? 'completed' : 'failed');
          this.finishing(connector, at);
        });
      } else if (nowMs >= session.nextMeterAtMs) {
        session.nextMeterAtMs = nowMs + this.realMs(this.meterIntervalS());
        const meter = dialect.meter(session.tx, iso(nowMs));
        session.tx.seqNo += meter.action === 'TransactionEvent' ? 1 : 0;
        this.calls.call(meter.action, meter.payload, nowMs);
      }
    } else if (session.phase === 'finishing' && (nowMs >= session.dwellUntilMs || this.state === 'leaving')) {
      connector.session = undefined;
      this.calls.call('StatusNotification', dialect.available(connector.id, iso(nowMs)), nowMs);
    }
  }

  /** Brings the register up to `nowMs` at the session's power. */
  private meter(connector: Connector, nowMs: number): void {
    const session = connector.session;
    if (session === undefined) return;
    const hours = ((nowMs - session.meteredAtMs) * this.options.timeScale) / 3_600_000;
    session.meteredAtMs = nowMs;
    connector.registerWh += session.powerW * hours;
    session.tx.registerWh = connector.registerWh;
  }

  private finishing(connector: Connector, nowMs: number): void {
    const session = connector.session;
    if (session === undefined) return;
    session.phase = 'finishing';
    session.dwellUntilMs = nowMs + this.realMs(this.options.plan.session.finishingDwellS);
    const finishing = this.options.dialect.finishing(connector.id, iso(nowMs));
    if (finishing !== undefined) this.calls.call('StatusNotification', finishing, nowMs);
  }

  private leave(): void {
    if (this.state === 'closed') return;
    this.closed();
    this.events.close();
  }

  private meterIntervalS(): number {
    return this.stage?.mix?.meterValuesIntervalS ?? this.options.plan.meterValuesIntervalS;
  }

  /** Simulated seconds → real ms. */
  private realMs(simulatedS: number): number {
    return (simulatedS * 1000) / this.options.timeScale;
  }

  /** Real ms to the next event of a Poisson process of `perHour` per simulated hour; Infinity for none. */
  private wait(perHour: number): number {
    return perHour > 0 ? exponential(this.random, this.realMs(3600 / perHour)) : Infinity;
  }

  /** An ISO 14443 card UID (4 bytes, 8 hex digits): valid as a 1.6 idTag and a 2.0.1 ISO14443 idToken. */
  private token(): string {
    return Math.floor(this.random() * 0x1_0000_0000).toString(16).toUpperCase().padStart(8, '0');
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

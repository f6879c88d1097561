/**
 * What a case works with: the test station (reconnected after a reboot), the manual-action adapter, the tokens
 * the CSMS knows, and checks that turn a wrong answer into a FAIL naming the rule and the frame.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ManualAdapter } from './adapters.js';
import type { TokenSet } from './input-files.js';
import type { ConformanceSecurity } from './security.js';
import { ConnectError, TestStation, type IncomingCall, type StationCredentials, type StationOptions } from './test-station.js';
import { CaseFailure, Inconclusive, type CapturedFrame, type FailRule } from './types.js';

/** Shared by every case of one run against one CSMS. */
export interface RunMemory {
  /** 1.6 transaction ids the CSMS handed out in this run: a CSMS must never hand out one twice. */
  transactionIds16: Set<number>;
}

export class CaseContext {
  readonly connectorId = 1;
  readonly evseId = 1;
  /** 2.0.1: the transaction the station has open, and its next seqNo. */
  transactionId: string | undefined;
  seqNo = 0;
  /** 1.6: the transaction id the CSMS assigned to the open transaction. */
  transactionId16: number | undefined;
  /** 1.6: the version of the full local list a case set up first. */
  initialListVersion: number | undefined;
  private readonly earlierFrames: CapturedFrame[] = [];
  private current: TestStation | undefined;

  constructor(
    station: TestStation | undefined,
    private readonly stationOptions: StationOptions,
    readonly adapter: ManualAdapter,
    readonly tokens: TokenSet,
    readonly memory: RunMemory,
    /** The run's security profile and the station's credentials for it. */
    readonly security: ConformanceSecurity,
  ) {
    this.current = station;
  }

  get station(): TestStation {
    if (this.current === undefined) throw new Inconclusive('the case has no open connection');
    return this.current;
  }

  get hasStation(): boolean {
    return this.current !== undefined;
  }

  get csmsUrl(): string {
    return this.stationOptions.url;
  }

  get protocol(): OcppProtocol {
    return this.stationOptions.protocol;
  }

  get stationId(): string {
    return this.stationOptions.stationId;
  }

  get callTimeoutMs(): number {
    return this.stationOptions.callTimeoutMs;
  }

  /** Every frame of the case, across reconnects. */
  get frames(): CapturedFrame[] {
    return [...this.earlierFrames, ...(this.current?.frames ?? [])];
  }

  /** The first rule the CSMS broke on any connection of this case. */
  get protocolFailure(): CaseFailure | undefined {
    return this.current?.protocolFailure;
  }

  call(action: string, payload: JsonObject): Promise<JsonObject> {
    return this.station.call(action, payload);
  }

  /**
   * Opens a connection with `credentials` in place of the run's (a security case tests exactly them). The one open
   * before is closed first. Resolves with the ConnectError instead of throwing it: refusing is what some cases expect.
   */
  async connectWith(credentials: StationCredentials | undefined): Promise<TestStation | ConnectError> {
    const failure = this.current?.protocolFailure;
    if (this.current !== undefined) {
      await this.current.close();
      this.earlierFrames.push(...this.current.frames);
      this.current = undefined;
    }
    try {
      const options: StationOptions = { ...this.stationOptions };
      delete options.credentials;
      if (credentials !== undefined) options.credentials = credentials;
      this.current = await TestStation.connect(options);
      this.current.protocolFailure = failure;
      return this.current;
    } catch (error) {
      if (error instanceof ConnectError) return error;
      throw error;
    }
  }

  /** A reboot: the connection closes and a new one opens (the caller then boots again). */
  async reconnect(): Promise<void> {
    const failure = this.station.protocolFailure;
    await this.station.close();
    this.earlierFrames.push(...this.station.frames);
    this.current = await TestStation.connect(this.stationOptions);
    this.current.protocolFailure = failure;
  }

  /**
   * A manual action: has the adapter request it, then waits for the CSMS's CALL of `action`. No CALL is a FAIL,
   * unless the adapter could not even make the request: then the case is INCONCLUSIVE.
   */
  async manual(action: string, payload: JsonObject, instruction: string): Promise<IncomingCall> {
    let outcome: { done: boolean; reason?: string } | undefined;
    const requested = this.adapter
      .perform({ stationId: this.stationId, protocol: this.protocol, action, payload, instruction })
      .then((o) => (outcome = o));
    const waiting = this.station.expectCall(action);
    // A request the adapter could not make ends the wait at once instead of after the whole call timeout.
    waiting.catch(() => undefined);
    const refused = requested.then((o) => (o.done ? new Promise<never>(() => undefined) : o));
    try {
      const first = await Promise.race([waiting, refused]);
      if ('messageId' in first) return first;
    } catch (error) {
      if (outcome === undefined) await Promise.race([requested, new Promise((r) => setTimeout(r, 200))]);
      if (!outcome || outcome.done) throw error;
    }
    throw new Inconclusive(`manual action "${instruction}" could not be requested: ${outcome?.reason ?? ''}`);
  }

  reply(call: IncomingCall, payload: JsonObject): void {
    this.station.reply(call, payload);
  }

  /** FAILs unless `actual` equals `expected`. */
  equal(actual: unknown, expected: unknown, what: string, frame?: string, rule: FailRule = 'wrong-value'): void {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new CaseFailure(rule, `${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`, frame);
    }
  }

  /** FAILs unless `actual` is one of `allowed` (a status check). */
  oneOf(actual: unknown, allowed: readonly unknown[], what: string, frame?: string, rule: FailRule = 'wrong-status'): void {
    if (!allowed.includes(actual)) throw new CaseFailure(rule, `${what} is ${JSON.stringify(actual)}, expected ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`, frame);
  }

  /** FAILs when a field the case needs is absent. */
  present(value: unknown, what: string, frame?: string): void {
    if (value === undefined || value === null) throw new CaseFailure('missing-field', `${what} is missing`, frame);
  }

  /** FAILs when a field the case forbids is there. */
  absent(value: unknown, what: string, frame?: string): void {
    if (value !== undefined) throw new CaseFailure('wrong-value', `${what} must be absent, got ${JSON.stringify(value)}`, frame);
  }

  fail(rule: FailRule, message: string, frame?: string): never {
    throw new CaseFailure(rule, message, frame);
  }

  /** The text of the last frame the CSMS sent, for the report of a wrong value in it. */
  lastCsmsFrame(): string | undefined {
    return [...(this.current?.frames ?? [])].reverse().find((f) => f.direction === 'csms->station')?.text;
  }

  now(): string {
    return new Date().toISOString();
  }

  /** A fresh 2.0.1 transaction id; seqNo restarts at 0 (E01.FR.07 is about exactly this). */
  newTransaction(): string {
    this.transactionId = `cdtx-${randomUUID().slice(0, 18)}`;
    this.seqNo = 0;
    return this.transactionId;
  }
}

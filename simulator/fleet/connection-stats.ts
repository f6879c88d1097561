/**
 * Every connection attempt of a fleet and how it ended: opened, or failed by reason (refused, http-404 ...);
 * open connections the CSMS closed (by close code), and each station's recovery from a lost connection.
 * Per-station state is a slot in typed arrays indexed by the station's plan index, not an object per station.
 */
import { connectFailureDetail, connectFailureReason, type ConnectFailureReason } from '../transport/connect-failure.js';
import type { ConnectFailure } from '../transport/types.js';
import { encodeHistogram, latencyStats, newLatencyHistogram, recordMs, type LatencyStats } from './latency.js';

export interface ConnectionCounts {
  attempts: number;
  opened: number;
  failed: Partial<Record<ConnectFailureReason, number>>;
  firstFailure?: { reason: ConnectFailureReason; message: string; count: number };
  closedByPeer: Record<string, number>;
  /** Lost while the run was not stopping them: closed by the CSMS or the network (not by a simulated fault). */
  disconnects: number;
  /** Lost because the simulation dropped them (a network fault, a reboot). */
  droppedBySimulation: number;
  recovered: number;
  timeToRecover: LatencyStats;
  /** The recovery histogram, encoded (latency.ts), so shards' results merge exactly. */
  timeToRecoverHistogram: string;
  /** Real ms a ramp waited with stations due because `maxConnecting` handshakes were in flight, and that limit. */
  rampHeld?: { ms: number; maxConnecting: number };
}

/** Distinct failure lines kept for the per-station "why it never booted". */
const MAX_DETAILS = 1_000;

export class ConnectionStats {
  attempts = 0;
  opened = 0;
  /** Connections open now. */
  connected = 0;
  /** WebSocket handshakes in flight now: attempts neither opened nor failed yet, of stations still running. */
  handshaking = 0;
  /** Each station's handshake in flight (1), so an attempt is counted once whatever ends it. */
  private readonly inHandshake: Uint8Array;
  private heldMs = 0;
  private heldSince: number | undefined;
  private heldCap = 0;
  private readonly failed = new Map<ConnectFailureReason, number>();
  private first: { reason: ConnectFailureReason; message: string } | undefined;
  private readonly closedByPeer = new Map<string, number>();
  private disconnects = 0;
  private droppedBySimulation = 0;
  private recovered = 0;
  private readonly recovery = newLatencyHistogram();
  /** Real ms (performance.now) each station lost its connection; NaN when it is not waiting to recover. */
  private lostAt: Float64Array;
  /** Each station's last failure reason, as an index into `reasons` (0: none). */
  private lastFailure: Uint16Array;
  private readonly reasons: ConnectFailureReason[] = [];
  /** Each station's last failure in words (e.g. `HTTP 403 Forbidden`), as an index into `details` (0: none). */
  private lastDetail: Uint16Array;
  private readonly details: string[] = [];
  private readonly detailIndex = new Map<string, number>();

  constructor(stations: number) {
    this.lostAt = new Float64Array(stations).fill(Number.NaN);
    this.inHandshake = new Uint8Array(stations);
    this.lastFailure = new Uint16Array(stations);
    this.lastDetail = new Uint16Array(stations);
  }

  /** Open connections lost while the run was not stopping them, so far. */
  get disconnectCount(): number {
    return this.disconnects;
  }

  get failures(): number {
    let n = 0;
    for (const count of this.failed.values()) n += count;
    return n;
  }

  attempt(index: number): void {
    this.attempts++;
    if (this.inHandshake[index] === 1) return;
    this.inHandshake[index] = 1;
    this.handshaking++;
  }

  /** The station's handshake ended: it opened, failed, or the station was taken off while it was under way. */
  handshakeEnded(index: number): void {
    if (this.inHandshake[index] !== 1) return;
    this.inHandshake[index] = 0;
    this.handshaking--;
  }

  /**
   * A ramp step: `held` when stations were due but `maxConnecting` handshakes were in flight. Sums the real time
   * the ramp was held back, for the report (a CSMS or a process that cannot keep up with the ramp asked for).
   */
  rampStep(held: boolean, maxConnecting: number, nowMs: number): void {
    if (held) {
      this.heldSince ??= nowMs;
      this.heldCap = maxConnecting;
    } else if (this.heldSince !== undefined) {
      this.heldMs += nowMs - this.heldSince;
      this.heldSince = undefined;
    }
  }

  open(index: number): void {
    this.handshakeEnded(index);
    this.opened++;
    this.connected++;
    this.lastFailure[index] = 0;
    this.lastDetail[index] = 0;
  }

  connectFailed(index: number, failure: ConnectFailure): void {
    this.handshakeEnded(index);
    const reason = connectFailureReason(failure);
    this.failed.set(reason, (this.failed.get(reason) ?? 0) + 1);
    this.first ??= { reason, message: connectFailureDetail(failure) };
    let code = this.reasons.indexOf(reason);
    if (code === -1) code = this.reasons.push(reason) - 1;
    this.lastFailure[index] = code + 1;
    this.lastDetail[index] = this.internDetail(connectFailureDetail(failure));
  }

  /** Distinct failure lines are few (a status, a TLS error, a refused port); past the cap the category stands alone. */
  private internDetail(detail: string): number {
    let code = this.detailIndex.get(detail);
    if (code === undefined) {
      if (this.details.length >= MAX_DETAILS) return 0;
      code = this.details.push(detail);
      this.detailIndex.set(detail, code);
    }
    return code;
  }

  /** The words of the station's last failed attempt (`HTTP 403 Forbidden`), if its last attempt failed. */
  lastFailureDetailOf(index: number): string | undefined {
    const code = this.lastDetail[index] as number;
    return code === 0 ? undefined : this.details[code - 1];
  }

  /** An open connection ended. `stopping`: the run closed it; `local`: the simulation dropped it. */
  closed(index: number, code: number, local: boolean, stopping: boolean): void {
    this.connected--;
    if (stopping) return;
    if (local) {
      this.droppedBySimulation++;
      return;
    }
    this.disconnects++;
    const key = String(code);
    this.closedByPeer.set(key, (this.closedByPeer.get(key) ?? 0) + 1);
    if (Number.isNaN(this.lostAt[index] as number)) this.lostAt[index] = performance.now();
  }

  /** The station is back in service after a disconnect (reconnected with its registration, or booted Accepted). */
  back(index: number): void {
    const lostAt = this.lostAt[index] as number;
    if (Number.isNaN(lostAt)) return;
    this.lostAt[index] = Number.NaN;
    this.recovered++;
    recordMs(this.recovery, performance.now() - lostAt);
  }

  /** The reason the station's last attempt failed, if its last attempt failed. */
  lastFailureOf(index: number): ConnectFailureReason | undefined {
    const code = this.lastFailure[index] as number;
    return code === 0 ? undefined : this.reasons[code - 1];
  }

  snapshot(): ConnectionCounts {
    const first = this.first;
    return {
      attempts: this.attempts,
      opened: this.opened,
      failed: Object.fromEntries([...this.failed.entries()].sort()),
      ...(first !== undefined && { firstFailure: { ...first, count: this.failed.get(first.reason) ?? 0 } }),
      closedByPeer: Object.fromEntries([...this.closedByPeer.entries()].sort()),
      disconnects: this.disconnects,
      droppedBySimulation: this.droppedBySimulation,
      recovered: this.recovered,
      timeToRecover: latencyStats(this.recovery),
      timeToRecoverHistogram: encodeHistogram(this.recovery),
      ...(this.heldCap > 0 && { rampHeld: { ms: Math.round(this.heldMs + (this.heldSince === undefined ? 0 : performance.now() - this.heldSince)), maxConnecting: this.heldCap } }),
    };
  }
}

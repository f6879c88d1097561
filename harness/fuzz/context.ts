/**
 * What a fuzz case runs in: fresh connections under new station ids, fresh message ids, and `probe`, which
 * sends one hostile frame, waits for the CSMS's reaction, follows it with a sentinel Heartbeat (the
 * connection must still work, and a CSMS that counts consecutive bad frames starts again) and judges it.
 */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { CaseContext } from './case.js';
import { UNREADABLE_ID, judge, type Expect, type Verdict } from './expect.js';
import { FuzzPeer, type Received } from './peer.js';

/** At most this many wrong or dropped frames are kept per case, as examples. */
const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 160;

export interface FrameSample {
  sent: string;
  outcome: 'wrong' | 'dropped';
  got: string;
  expected: string;
}

export interface CaseTally {
  /** Hostile frames put on the wire (sentinels and boots not counted). */
  framesSent: number;
  /** Frames whose answer was judged: perSpec + wrong + dropped. */
  judged: number;
  perSpec: number;
  wrong: number;
  dropped: number;
  /** Sentinel Heartbeats after a probe that got no answer on a socket still open. */
  sentinelsDropped: number;
  /** Close codes the CSMS sent on the case's connections, each once. */
  closeCodes: number[];
  /** What came back, counted by kind (`CALLERROR FormationViolation`, `no answer`, `close 1009`). */
  answers: Record<string, number>;
  samples: FrameSample[];
}

export interface ContextSettings {
  protocol: OcppProtocol;
  url: string;
  random: () => number;
  answerTimeoutMs: number;
  maxPayloadBytes: number;
  holdMs: number;
  stationPrefix: string;
  idPrefix: string;
}

const BOOT: Record<OcppProtocol, () => JsonObject> = {
  'ocpp1.6': () => ({ chargePointVendor: 'Chargedrill', chargePointModel: 'Fuzz' }),
  'ocpp2.0.1': () => ({ reason: 'PowerUp', chargingStation: { vendorName: 'Chargedrill', model: 'Fuzz' } }),
};

export class FuzzCaseContext implements CaseContext {
  readonly tally: CaseTally = { framesSent: 0, judged: 0, perSpec: 0, wrong: 0, dropped: 0, sentinelsDropped: 0, closeCodes: [], answers: {}, samples: [] };
  readonly protocol: OcppProtocol;
  readonly random: () => number;
  readonly url: string;
  readonly answerTimeoutMs: number;
  readonly maxPayloadBytes: number;
  readonly holdMs: number;
  private readonly peers = new Set<FuzzPeer>();
  private stations = 0;
  private ids = 0;

  constructor(private readonly settings: ContextSettings) {
    this.protocol = settings.protocol;
    this.random = settings.random;
    this.url = settings.url;
    this.answerTimeoutMs = settings.answerTimeoutMs;
    this.maxPayloadBytes = settings.maxPayloadBytes;
    this.holdMs = settings.holdMs;
  }

  id(): string {
    return `${this.settings.idPrefix}${(this.ids += 1).toString(36)}`;
  }

  bootPayload(): JsonObject {
    return BOOT[this.protocol]();
  }

  async peer(options: { boot?: boolean; health?: boolean } = {}): Promise<FuzzPeer> {
    const stationId = `${this.settings.stationPrefix}-${options.health ? 'H' : ''}${(this.stations += 1).toString(36)}`;
    const peer = await FuzzPeer.open(this.url, stationId, this.protocol, this.answerTimeoutMs);
    this.peers.add(peer);
    peer.onSend = () => (this.tally.framesSent += 1);
    if (options.boot === false) return peer;
    const id = this.id();
    const answered = peer.next((r) => r.frame?.[1] === id, this.answerTimeoutMs);
    peer.send(JSON.stringify([2, id, 'BootNotification', this.bootPayload()]), { counted: false });
    const answer = await answered;
    if (answer?.frame?.[0] !== 3) {
      await peer.close();
      throw new Error(`station ${stationId} could not boot: ${answer === undefined ? `no answer within ${this.answerTimeoutMs} ms${peer.closeCode === undefined ? '' : ` (closed ${peer.closeCode})`}` : answer.text.slice(0, MAX_SAMPLE_CHARS)}`);
    }
    return peer;
  }

  async reopen(peer: FuzzPeer): Promise<FuzzPeer> {
    if (peer.open) return peer;
    this.noteClose(peer);
    return this.peer();
  }

  async probe(peer: FuzzPeer, data: string | Buffer, expect: Expect, options: { binary?: boolean } = {}): Promise<Verdict> {
    const since = peer.received.length;
    const id = expect.id ?? UNREADABLE_ID;
    const matches = (r: Received): boolean => (r.frame?.[0] === 3 || r.frame?.[0] === 4) && r.frame[1] === id;
    const count = (): number => peer.received.slice(since).filter(matches).length;
    peer.send(data, { binary: options.binary === true });
    // Waits for the fewest answers that are per spec; more (up to `answers`) arrive before the sentinel's.
    const wanted = expect.minAnswers ?? expect.answers ?? 1;
    if (!expect.silence) {
      const deadline = performance.now() + this.answerTimeoutMs;
      while (count() < wanted && peer.open && performance.now() < deadline) {
        await peer.next(matches, deadline - performance.now());
      }
    }
    await this.sentinel(peer);
    const answers = peer.received
      .slice(since)
      .filter(matches)
      .map((r) => r.frame as unknown[]);
    const closeCode = peer.open || peer.closedByUs ? undefined : peer.closeCode;
    const verdict = judge(expect, { answers, ...(closeCode !== undefined && { closeCode }) }, this.protocol);
    this.record(describeSent(data, options.binary === true), verdict, closeCode);
    return verdict;
  }

  record(sent: string, verdict: Verdict, closeCode?: number): void {
    const { tally } = this;
    tally.judged += 1;
    if (closeCode !== undefined && !tally.closeCodes.includes(closeCode)) tally.closeCodes.push(closeCode);
    tally.answers[verdict.got] = (tally.answers[verdict.got] ?? 0) + 1;
    if (verdict.outcome === 'per-spec') {
      tally.perSpec += 1;
      return;
    }
    tally[verdict.outcome === 'wrong' ? 'wrong' : 'dropped'] += 1;
    if (tally.samples.length < MAX_SAMPLES) tally.samples.push({ sent: sent.slice(0, MAX_SAMPLE_CHARS), outcome: verdict.outcome, got: verdict.got, expected: verdict.expected });
  }

  /** Closes every connection the case left open, noting the close codes the CSMS sent on them. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.peers].map((peer) => peer.close(500)));
    for (const peer of this.peers) this.noteClose(peer);
    this.peers.clear();
  }

  /** A Heartbeat after a probe: answered while the socket is open, or the connection is broken. */
  private async sentinel(peer: FuzzPeer): Promise<void> {
    if (!peer.open) return;
    const id = this.id();
    const answered = peer.next((r) => r.frame?.[1] === id, this.answerTimeoutMs);
    peer.send(JSON.stringify([2, id, 'Heartbeat', {}]), { counted: false });
    if ((await answered) === undefined && peer.open) this.tally.sentinelsDropped += 1;
  }

  private noteClose(peer: FuzzPeer): void {
    const code = peer.closeCode;
    if (code !== undefined && !peer.closedByUs && !this.tally.closeCodes.includes(code)) this.tally.closeCodes.push(code);
  }
}

function describeSent(data: string | Buffer, binary: boolean): string {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const shown = text.length > 80 ? `${text.slice(0, 80)}… (${Buffer.byteLength(text)} bytes)` : text;
  return binary ? `binary: ${JSON.stringify(shown)}` : shown;
}

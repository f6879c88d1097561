/**
 * The shape of one fuzz case and the context it runs in. A case sends hostile frames through `probe`, which
 * judges each against the spec's answer and counts it; cases never judge by hand except where a probe
 * cannot express the check (sockets that stop reading, handshakes left half-done).
 */
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { Expect, Verdict } from './expect.js';
import type { FuzzPeer } from './peer.js';

export interface CaseContext {
  readonly protocol: OcppProtocol;
  /** The case's own seeded random source. */
  readonly random: () => number;
  /** OCPP endpoint base, e.g. ws://127.0.0.1:9000/ocpp. */
  readonly url: string;
  /** Real milliseconds a frame waits for its answer before it counts as dropped. */
  readonly answerTimeoutMs: number;
  /** Largest frame the CSMS accepts (bytes): the oversize case sends one byte more. */
  readonly maxPayloadBytes: number;
  /** Real milliseconds a slow socket case holds its socket. */
  readonly holdMs: number;
  /** A fresh connection under a new station id; booted (BootNotification answered) unless `boot` is false. */
  peer(options?: { boot?: boolean }): Promise<FuzzPeer>;
  /** `peer` if still open, else a fresh booted one. */
  reopen(peer: FuzzPeer): Promise<FuzzPeer>;
  /** Sends one hostile frame, waits for what the CSMS does, judges it against `expect` and counts it. */
  probe(peer: FuzzPeer, data: string | Buffer, expect: Expect, options?: { binary?: boolean }): Promise<Verdict>;
  /** Counts a frame the case judged itself. */
  record(sent: string, verdict: Verdict, closeCode?: number): void;
  /** A message id never used before in this run. */
  id(): string;
  /** A valid BootNotification payload for the protocol. */
  bootPayload(): JsonObject;
}

/** One named hostile input with its seeded generator and the spec's answer. */
export interface FuzzCase {
  /** Stable kebab-case name (reports, JUnit, docs/robustness.md). */
  readonly name: string;
  readonly title: string;
  /** What the spec expects, in words; the table in docs/robustness.md shows it with the per-version spelling. */
  readonly expects: (protocol: OcppProtocol) => string;
  /** Share of the run's frame budget (relative). */
  readonly weight: number;
  /** Frames this case sends at least and at most, whatever the budget. */
  readonly minFrames: number;
  readonly maxFrames: number;
  /** Sends about `frames` hostile frames. */
  run(ctx: CaseContext, frames: number): Promise<void>;
}

/** A random element of `items`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * Sends about `frames` frames, `framesPerStep` per call of `step`, over one booted peer that is reopened
 * whenever the CSMS has closed it (the loop of most cases).
 */
export async function overOnePeer(ctx: CaseContext, frames: number, step: (peer: FuzzPeer) => Promise<unknown>, framesPerStep = 1): Promise<void> {
  let peer = await ctx.peer();
  for (let i = 0; i < frames; i += framesPerStep) {
    peer = await ctx.reopen(peer);
    await step(peer);
  }
  await peer.close();
}

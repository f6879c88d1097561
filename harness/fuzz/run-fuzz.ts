/**
 * A fuzz run: every case of the catalogue against one CSMS endpoint, a control fleet beside it, and after
 * each case a health check (a fresh station must still boot). Bounded by a frame budget and a duration.
 */
import { deriveSeed, seededRandom } from '../../simulator/random.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { FuzzCase } from './case.js';
import { FUZZ_CASES, frameBudget } from './catalogue.js';
import { ControlFleet, type ControlReport } from './control.js';
import { FuzzCaseContext, type CaseTally } from './context.js';
import type { FuzzPeer } from './peer.js';

export const FUZZ_DEFAULTS = {
  seed: 1,
  frames: 1_000,
  durationMs: 60_000,
  controlStations: 20,
  /** Simulated seconds per real second of the control fleet: a 300 s heartbeat interval beats every second. */
  controlTimeScale: 300,
  answerTimeoutMs: 5_000,
  /** The bundled CSMS's default maximum message size. */
  maxPayloadBytes: 1024 * 1024,
  holdMs: 1_000,
} as const;

export interface FuzzOptions {
  /** OCPP endpoint base, e.g. ws://127.0.0.1:9000/ocpp (the station id is appended). */
  csmsUrl: string;
  protocol: OcppProtocol;
  seed?: number;
  /** Hostile frames to send over all cases (each case sends at least its minimum). */
  frames?: number;
  /** Real milliseconds the run may take; cases not started by then are reported as not run. */
  durationMs?: number;
  controlStations?: number;
  controlTimeScale?: number;
  answerTimeoutMs?: number;
  maxPayloadBytes?: number;
  /** Real milliseconds the slow-socket cases hold their sockets. */
  holdMs?: number;
  /** Only these cases (names); default all. */
  cases?: readonly string[];
  /** Called after each case. */
  onCase?: (result: FuzzCaseResult) => void;
}

export interface FuzzCaseResult extends CaseTally {
  name: string;
  title: string;
  expected: string;
  ran: boolean;
  /** Why the case did not run or did not finish. */
  error?: string;
  durationMs: number;
  /** After the case, a fresh station could connect and boot. */
  csmsUp: boolean;
  control: { calls: number; errors: number; disconnects: number; heartbeats: number; disturbed: boolean };
  passed: boolean;
}

export interface FuzzResult {
  schemaVersion: 1;
  csmsUrl: string;
  protocol: OcppProtocol;
  seed: number;
  startedAt: string;
  durationMs: number;
  cases: FuzzCaseResult[];
  totals: { framesSent: number; judged: number; perSpec: number; wrong: number; dropped: number; casesFailed: number; casesNotRun: number };
  control: ControlReport;
  passed: boolean;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const seed = options.seed ?? FUZZ_DEFAULTS.seed;
  const durationMs = options.durationMs ?? FUZZ_DEFAULTS.durationMs;
  const answerTimeoutMs = options.answerTimeoutMs ?? FUZZ_DEFAULTS.answerTimeoutMs;
  const cases = selectCases(options.cases);
  const budget = frameBudget(cases, options.frames ?? FUZZ_DEFAULTS.frames);
  const began = performance.now();
  const deadline = began + durationMs;
  const startedAt = new Date().toISOString();
  // Ids of this run never met by the CSMS before, whatever it remembers of earlier runs.
  const runTag = Date.now().toString(36).slice(-5);
  const control = await ControlFleet.start({
    csmsUrl: options.csmsUrl,
    protocol: options.protocol,
    stations: options.controlStations ?? FUZZ_DEFAULTS.controlStations,
    seed,
    timeScale: options.controlTimeScale ?? FUZZ_DEFAULTS.controlTimeScale,
    bootTimeoutMs: Math.max(10_000, answerTimeoutMs * 2),
  });
  const results: FuzzCaseResult[] = [];
  try {
    for (const [index, fuzzCase] of cases.entries()) {
      const ctx = new FuzzCaseContext({
        protocol: options.protocol,
        url: options.csmsUrl,
        random: seededRandom(deriveSeed(seed, index)),
        answerTimeoutMs,
        maxPayloadBytes: options.maxPayloadBytes ?? FUZZ_DEFAULTS.maxPayloadBytes,
        holdMs: options.holdMs ?? FUZZ_DEFAULTS.holdMs,
        stationPrefix: `FZ${runTag}-${index + 1}`,
        idPrefix: `fz${runTag}.${index + 1}.`,
      });
      const result = await runCase(fuzzCase, ctx, budget.get(fuzzCase.name) ?? fuzzCase.minFrames, deadline, control, options.protocol);
      results.push(result);
      options.onCase?.(result);
    }
  } finally {
    await control.stop();
  }
  const controlReport = control.report();
  const totals = {
    framesSent: sum(results, (r) => r.framesSent),
    judged: sum(results, (r) => r.judged),
    perSpec: sum(results, (r) => r.perSpec),
    wrong: sum(results, (r) => r.wrong),
    dropped: sum(results, (r) => r.dropped),
    casesFailed: results.filter((r) => !r.passed).length,
    casesNotRun: results.filter((r) => !r.ran).length,
  };
  return {
    schemaVersion: 1,
    csmsUrl: options.csmsUrl,
    protocol: options.protocol,
    seed,
    startedAt,
    durationMs: performance.now() - began,
    cases: results,
    totals,
    control: controlReport,
    passed: totals.casesFailed === 0 && !controlReport.disturbed,
  };
}

function selectCases(names: readonly string[] | undefined): readonly FuzzCase[] {
  if (names === undefined) return FUZZ_CASES;
  const unknown = names.filter((name) => !FUZZ_CASES.some((c) => c.name === name));
  if (unknown.length > 0) throw new RangeError(`unknown fuzz case ${unknown.join(', ')}; cases: ${FUZZ_CASES.map((c) => c.name).join(', ')}`);
  return FUZZ_CASES.filter((c) => names.includes(c.name));
}

async function runCase(fuzzCase: FuzzCase, ctx: FuzzCaseContext, frames: number, deadline: number, control: ControlFleet, protocol: OcppProtocol): Promise<FuzzCaseResult> {
  const base = { name: fuzzCase.name, title: fuzzCase.title, expected: fuzzCase.expects(protocol) };
  const began = performance.now();
  const mark = control.mark();
  let error: string | undefined;
  let ran = true;
  if (began >= deadline) {
    ran = false;
    error = 'not run: the run\'s --duration was used up';
  } else {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`did not finish within the run's --duration`), deadline - began)));
    error = await Promise.race([fuzzCase.run(ctx, frames).then(() => undefined, (e: unknown) => `case failed to run: ${e instanceof Error ? e.message : String(e)}`), timedOut]);
    clearTimeout(timer);
  }
  await ctx.closeAll();
  const csmsUp = await healthCheck(ctx);
  const disturbance = control.since(mark);
  const tally = ctx.tally;
  const passed = ran && error === undefined && tally.wrong === 0 && tally.dropped === 0 && tally.sentinelsDropped === 0 && csmsUp && !disturbance.disturbed;
  return { ...base, ...tally, ran, ...(error !== undefined && { error }), durationMs: performance.now() - began, csmsUp, control: disturbance, passed };
}

/** A fresh station connects and gets its BootNotification answered. */
async function healthCheck(ctx: FuzzCaseContext): Promise<boolean> {
  let peer: FuzzPeer | undefined;
  try {
    peer = await ctx.peer({ boot: true, health: true });
    return true;
  } catch {
    return false;
  } finally {
    await peer?.close();
  }
}

function sum(results: readonly FuzzCaseResult[], of: (r: FuzzCaseResult) => number): number {
  return results.reduce((total, r) => total + of(r), 0);
}

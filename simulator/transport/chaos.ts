/**
 * Network chaos inside the process, without root or tc: a layer the station's WebSocket client applies to
 * each socket it opens (one hook in ws-client.ts). Per station and seeded, so the same seed drops and
 * duplicates the same frames: latency and jitter on frames in either direction, lost and duplicated frames,
 * refused and delayed (re)connects, and half-open sockets that stop reading and writing without closing.
 *
 * Frames keep their order under latency and jitter, as TCP keeps it: a frame is never delivered before the
 * one sent ahead of it, so each frame's added delay lies in [latencyMs, latencyMs + jitterMs].
 */
import type WebSocket from 'ws';
import { parseDurationMs } from '../duration.js';
import { exponential, seededRandom } from '../random.js';
import type { Problem } from '../problems.js';

export interface ChaosOptions {
  /** Seed of this station's chaos; a fleet derives one per station from its own seed when absent. */
  seed?: number;
  /** Real milliseconds added to every frame, in each direction. */
  latencyMs?: number;
  /** Up to this many real milliseconds more, drawn per frame (uniform). */
  jitterMs?: number;
  /** Probability (0..1) that a frame the station sends is lost. */
  dropOut?: number;
  /** Probability (0..1) that a frame for the station is lost. */
  dropIn?: number;
  /** Probability (0..1) that a frame the station sends arrives twice. */
  duplicateOut?: number;
  /** Probability (0..1) that a frame for the station arrives twice. */
  duplicateIn?: number;
  /** After a connection ends, connect attempts are refused for this many real milliseconds (the link is down). */
  reconnectDelayMs?: number;
  /** Probability (0..1) that any connect attempt is refused. */
  refuseConnect?: number;
  /** Mean real milliseconds an open connection lasts before it goes half-open (exponential); absent: never. */
  halfOpenAfterMs?: number;
  /** Real milliseconds a half-open socket stays before it is cut (as a TCP keepalive would). Default 30 s. */
  halfOpenForMs?: number;
}

export const CHAOS_DEFAULTS = { halfOpenForMs: 30_000, seed: 1 } as const;

/** What the layer did, per station: tests and reports read it. */
export interface ChaosStats {
  sent: number;
  received: number;
  droppedOut: number;
  droppedIn: number;
  duplicatedOut: number;
  duplicatedIn: number;
  refusedConnects: number;
  halfOpens: number;
  /** Added delay (ms) of every delivered frame, in order; kept only when `recordDelays` is on. */
  delaysMs: number[];
}

/** One station's chaos: decides, per frame and per connect, from its own seeded random source. */
export class ChaosLayer {
  readonly stats: ChaosStats = { sent: 0, received: 0, droppedOut: 0, droppedIn: 0, duplicatedOut: 0, duplicatedIn: 0, refusedConnects: 0, halfOpens: 0, delaysMs: [] };
  /** Keep each frame's added delay in `stats.delaysMs` (tests). */
  recordDelays = false;
  private readonly random: () => number;
  private linkDownUntilMs = 0;

  constructor(readonly options: ChaosOptions) {
    const problems = checkChaosOptions(options);
    if (problems.length > 0) throw new RangeError(`chaos: ${problems.map((p) => `${p.path.slice(1)} ${p.message}`).join('; ')}`);
    this.random = seededRandom(options.seed ?? CHAOS_DEFAULTS.seed);
  }

  /** Applies the layer to a socket just created (still connecting): the one hook of ws-client.ts. */
  attach(ws: WebSocket): void {
    new ChaosSocket(this, ws);
  }

  /** Whether the next connect attempt is refused. */
  refuseConnect(): boolean {
    const refused = performance.now() < this.linkDownUntilMs || this.chance(this.options.refuseConnect);
    if (refused) this.stats.refusedConnects += 1;
    return refused;
  }

  /** A connection ended: the link stays down for `reconnectDelayMs`. */
  linkLost(): void {
    if (this.options.reconnectDelayMs) this.linkDownUntilMs = performance.now() + this.options.reconnectDelayMs;
  }

  chance(probability: number | undefined): boolean {
    return probability !== undefined && probability > 0 && this.random() < probability;
  }

  delayMs(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.options;
    return latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
  }

  halfOpenAfterMs(): number | undefined {
    const mean = this.options.halfOpenAfterMs;
    return mean === undefined ? undefined : exponential(this.random, mean);
  }
}

type Direction = 'out' | 'in';

/** One socket under chaos: its send, pong and emit are replaced on the instance. */
class ChaosSocket {
  private halfOpen = false;
  /** Only the end of a connection that was open takes the link down; a refused attempt ending does not. */
  private opened = false;
  /** Latest delivery time per direction, so frames keep their order. */
  private readonly lastDueMs: Record<Direction, number> = { out: 0, in: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly send: WebSocket['send'];
  private readonly emit: WebSocket['emit'];

  constructor(
    private readonly layer: ChaosLayer,
    private readonly ws: WebSocket,
  ) {
    this.send = ws.send.bind(ws);
    this.emit = ws.emit.bind(ws);
    const pong = ws.pong.bind(ws);
    ws.send = ((data: unknown) => this.outgoing(data)) as WebSocket['send'];
    // A half-open socket does not answer pings either: the peer's keepalive is what finds it.
    ws.pong = ((...args: Parameters<WebSocket['pong']>) => {
      if (!this.halfOpen) pong(...args);
    }) as WebSocket['pong'];
    ws.emit = ((event: string | symbol, ...args: unknown[]) => this.incoming(event, args)) as WebSocket['emit'];
    if (layer.refuseConnect()) ws.terminate();
  }

  private outgoing(data: unknown): void {
    const { layer } = this;
    layer.stats.sent += 1;
    if (this.halfOpen || layer.chance(layer.options.dropOut)) {
      layer.stats.droppedOut += 1;
      return;
    }
    const copies = layer.chance(layer.options.duplicateOut) ? 2 : 1;
    if (copies === 2) layer.stats.duplicatedOut += 1;
    for (let i = 0; i < copies; i++) this.deliver('out', () => this.send(data as string));
  }

  private incoming(event: string | symbol, args: unknown[]): boolean {
    if (event === 'open') {
      this.opened = true;
      this.armHalfOpen();
    }
    if (event === 'close') this.ended();
    if (event !== 'message') return this.emit(event, ...args);
    const { layer } = this;
    layer.stats.received += 1;
    if (this.halfOpen || layer.chance(layer.options.dropIn)) {
      layer.stats.droppedIn += 1;
      return true;
    }
    const copies = layer.chance(layer.options.duplicateIn) ? 2 : 1;
    if (copies === 2) layer.stats.duplicatedIn += 1;
    for (let i = 0; i < copies; i++) this.deliver('in', () => this.emit('message', ...args));
    return true;
  }

  /** Runs `deliver` after the frame's delay, never before the frame ahead of it in the same direction. */
  private deliver(direction: Direction, deliver: () => void): void {
    const { layer } = this;
    const { latencyMs = 0, jitterMs = 0 } = layer.options;
    if (latencyMs === 0 && jitterMs === 0) {
      if (layer.recordDelays) layer.stats.delaysMs.push(0);
      return deliver();
    }
    const nowMs = performance.now();
    const dueMs = Math.max(nowMs + layer.delayMs(), this.lastDueMs[direction]);
    this.lastDueMs[direction] = dueMs;
    if (layer.recordDelays) layer.stats.delaysMs.push(dueMs - nowMs);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // A frame still on its way when the socket closed is lost with it.
      if (this.ws.readyState === this.ws.OPEN) deliver();
    }, Math.max(0, dueMs - nowMs));
    this.timers.add(timer);
  }

  private armHalfOpen(): void {
    const afterMs = this.layer.halfOpenAfterMs();
    if (afterMs === undefined) return;
    const timer = setTimeout(() => {
      this.halfOpen = true;
      this.layer.stats.halfOpens += 1;
      const cut = setTimeout(() => this.ws.terminate(), this.layer.options.halfOpenForMs ?? CHAOS_DEFAULTS.halfOpenForMs);
      this.timers.add(cut);
    }, afterMs);
    this.timers.add(timer);
  }

  private ended(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.opened) this.layer.linkLost();
  }
}

const PROBABILITIES = ['dropOut', 'dropIn', 'duplicateOut', 'duplicateIn', 'refuseConnect'] as const;
const DURATIONS = ['latencyMs', 'jitterMs', 'reconnectDelayMs', 'halfOpenAfterMs', 'halfOpenForMs'] as const;

/** What is wrong with `options` (JSON pointer paths), or nothing. */
export function checkChaosOptions(options: ChaosOptions): Problem[] {
  const problems: Problem[] = [];
  for (const key of PROBABILITIES) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      problems.push({ path: `/${key}`, message: `must be a probability from 0 to 1, got ${String(value)}` });
    }
  }
  for (const key of DURATIONS) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      problems.push({ path: `/${key}`, message: `must be real milliseconds >= 0, got ${String(value)}` });
    }
  }
  if (options.halfOpenAfterMs === 0) problems.push({ path: '/halfOpenAfterMs', message: 'must be greater than 0 (leave it out for never)' });
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0)) {
    problems.push({ path: '/seed', message: `must be a whole number >= 0, got ${String(options.seed)}` });
  }
  return problems;
}

/** The keys of a chaos spec, as `--chaos` and scenario files write them, and the option(s) each sets. */
export const CHAOS_SPEC_KEYS = {
  latency: { sets: ['latencyMs'], kind: 'duration', describe: 'added to every frame, each direction' },
  jitter: { sets: ['jitterMs'], kind: 'duration', describe: 'up to this much more per frame' },
  drop: { sets: ['dropOut', 'dropIn'], kind: 'percent', describe: 'frames lost, each direction' },
  'drop-out': { sets: ['dropOut'], kind: 'percent', describe: 'frames the station sends that are lost' },
  'drop-in': { sets: ['dropIn'], kind: 'percent', describe: 'frames for the station that are lost' },
  duplicate: { sets: ['duplicateOut', 'duplicateIn'], kind: 'percent', describe: 'frames that arrive twice, each direction' },
  'duplicate-out': { sets: ['duplicateOut'], kind: 'percent', describe: 'frames the station sends that arrive twice' },
  'duplicate-in': { sets: ['duplicateIn'], kind: 'percent', describe: 'frames for the station that arrive twice' },
  'reconnect-delay': { sets: ['reconnectDelayMs'], kind: 'duration', describe: 'connects refused for this long after a connection ends' },
  'refuse-connect': { sets: ['refuseConnect'], kind: 'percent', describe: 'connect attempts refused' },
  'half-open-after': { sets: ['halfOpenAfterMs'], kind: 'duration', describe: 'mean time before a connection goes half-open' },
  'half-open-for': { sets: ['halfOpenForMs'], kind: 'duration', describe: 'how long a half-open socket lingers before it is cut' },
  seed: { sets: ['seed'], kind: 'integer', describe: 'seed of the chaos (default: derived per station)' },
} as const satisfies Record<string, { sets: readonly (keyof ChaosOptions)[]; kind: 'duration' | 'percent' | 'integer'; describe: string }>;

export type ChaosSpecKey = keyof typeof CHAOS_SPEC_KEYS;

const KIND_HELP = { duration: 'a duration like 50ms or 2s', percent: 'a percentage like 1% or 0.5%, or a fraction from 0 to 1', integer: 'a whole number >= 0' } as const;

/** Reads one value of a spec key (a string from a flag, or a string/number from YAML); undefined when not allowed. */
function readValue(kind: 'duration' | 'percent' | 'integer', raw: string | number): number | undefined {
  if (kind === 'integer') {
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  if (kind === 'duration') return typeof raw === 'number' ? undefined : parseDurationMs(raw);
  const text = String(raw).trim();
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  return text !== '' && text !== '%' && Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/**
 * Chaos options from `key: value` pairs (a scenario's `chaos` entry, or a parsed `--chaos` spec). Problems
 * name the key (JSON pointer) and what it allows.
 */
export function chaosFromEntries(entries: Readonly<Record<string, string | number>>): { options: ChaosOptions; problems: Problem[] } {
  const options: ChaosOptions = {};
  const problems: Problem[] = [];
  for (const [key, raw] of Object.entries(entries)) {
    const spec = (CHAOS_SPEC_KEYS as Record<string, (typeof CHAOS_SPEC_KEYS)[ChaosSpecKey]>)[key];
    if (spec === undefined) {
      problems.push({ path: `/${key}`, message: `"${key}" is not a chaos setting`, allowed: Object.keys(CHAOS_SPEC_KEYS) });
      continue;
    }
    const value = readValue(spec.kind, raw);
    if (value === undefined) {
      problems.push({ path: `/${key}`, message: `${JSON.stringify(raw)} is not allowed`, allowed: [KIND_HELP[spec.kind]] });
      continue;
    }
    for (const option of spec.sets) options[option] = value;
  }
  if (problems.length === 0) {
    // Said with the key as written, not the option's name.
    const keyOf = (option: string) => Object.entries(CHAOS_SPEC_KEYS).find(([, spec]) => (spec.sets as readonly string[]).includes(option))?.[0] ?? option;
    problems.push(...checkChaosOptions(options).map((p) => ({ ...p, path: `/${keyOf(p.path.slice(1))}` })));
  }
  return { options, problems };
}

/**
 * Parses a chaos spec such as `latency=50ms,jitter=20ms,drop=1%` (the `--chaos` flag of the CLI and load
 * profiles). Throws a RangeError naming the part that is wrong and what is allowed.
 */
export function parseChaosSpec(spec: string): ChaosOptions {
  const entries: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      problems.push(`"${part}" is not key=value`);
      continue;
    }
    const key = part.slice(0, eq).trim();
    if (key in entries) problems.push(`"${key}" is given twice`);
    entries[key] = part.slice(eq + 1).trim();
  }
  if (Object.keys(entries).length === 0 && problems.length === 0) problems.push('no settings given');
  const { options, problems: valueProblems } = chaosFromEntries(entries);
  for (const problem of valueProblems) {
    const allowed = problem.allowed ? ` (allowed: ${problem.allowed.join(', ')})` : '';
    problems.push(`${problem.path.slice(1)}: ${problem.message}${allowed}`);
  }
  if (problems.length > 0) throw new RangeError(`chaos spec ${JSON.stringify(spec)}: ${problems.join('; ')}`);
  return options;
}

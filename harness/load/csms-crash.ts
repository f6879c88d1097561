/**
 * A CSMS crash in a load run (`--csms-restart-at 20s --csms-down-for 5s`): at its time the bundled CSMS child is
 * SIGKILLed (no close frame, its unflushed writes lost, as a machine that dies), and after `downForMs` a new one is
 * started on the same SQLite file and port. The stations see their sockets drop, reconnect with their jittered
 * backoff and replay the durable messages they kept. Recorded: when, how long down, the disconnects it caused,
 * when every station online was connected again, and the CSMS's simulated time either side of the restart (it
 * must not run backwards: harness/csms/clock-anchor.ts).
 */
import type { Fleet } from '../../simulator/fleet/fleet.js';
import type { BundledCsms } from './bundled-csms.js';
import type { CsmsRestart } from './result.js';

export interface CsmsCrashSpec {
  /** Real ms from the start of the run to the SIGKILL. */
  atMs: number;
  /** Real ms the CSMS stays down before the new one starts. */
  downForMs: number;
}

/** How often recovery is looked for, real ms. */
const RECOVERY_POLL_MS = 50;
/** A station's backlog is delivered once it has no more calls unsettled than this (one in flight, one just made). */
const DRAINED_UNSETTLED = 2;

export class CsmsCrash {
  private timer: NodeJS.Timeout | undefined;
  private done: Promise<void> | undefined;
  private record: CsmsRestart | undefined;
  private stopped = false;
  /** Why the restart failed, if it did: the run fails with it. */
  failure: string | undefined;

  constructor(
    private readonly spec: CsmsCrashSpec,
    private readonly csms: BundledCsms,
    private readonly fleet: Fleet,
    private readonly elapsedMs: () => number,
  ) {}

  start(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.done = this.crash().catch((error: Error) => {
        this.failure = `the bundled CSMS could not be restarted: ${error.message}`;
      });
    }, Math.max(0, this.spec.atMs - this.elapsedMs()));
  }

  /** The restart as it happened (absent before the kill). */
  result(): CsmsRestart[] {
    return this.record === undefined ? [] : [{ ...this.record }];
  }

  /** Disconnects the crash caused, to add to the run's allowance (they are the point of the exercise). */
  get disconnects(): number {
    return this.record?.disconnects ?? 0;
  }

  /** Waits (at most `timeoutMs`) for the restart and the fleet's recovery; false if the crash has not recovered. */
  async settle(timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    if (this.timer !== undefined) return true;
    await this.done;
    while (this.record !== undefined && this.record.drainedAfterS === undefined && this.failure === undefined && performance.now() < until) {
      await delay(RECOVERY_POLL_MS);
    }
    return this.record === undefined || this.record.drainedAfterS !== undefined;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async crash(): Promise<void> {
    const { csms, fleet } = this;
    if (csms.kill === undefined || csms.restart === undefined) throw new Error('only a bundled CSMS in its own process can be killed and restarted');
    const clockBeforeMs = await csmsNow(csms.url);
    const disconnectsBefore = fleet.metrics.connections.disconnectCount;
    const killedAtMs = this.elapsedMs();
    const record: CsmsRestart = { atS: seconds(killedAtMs), downForS: 0, connectedAtKill: fleet.metrics.connected, disconnects: 0 };
    if (clockBeforeMs !== undefined) record.clockBeforeMs = clockBeforeMs;
    this.record = record;
    await csms.kill();
    await delay(Math.max(0, this.spec.downForMs - (this.elapsedMs() - killedAtMs)));
    if (this.stopped) return;
    await csms.restart();
    record.downForS = seconds(this.elapsedMs() - killedAtMs);
    const clockAfterMs = await csmsNow(csms.url);
    if (clockAfterMs !== undefined) record.clockAfterMs = clockAfterMs;
    // Recovered: every station online has its connection back (a reconnect keeps the registration: no new boot needed).
    while (!this.stopped && fleet.metrics.connected < fleet.online) await delay(RECOVERY_POLL_MS);
    if (this.stopped) return;
    record.recoveredAfterS = seconds(this.elapsedMs() - killedAtMs);
    record.disconnects = fleet.metrics.connections.disconnectCount - disconnectsBefore;
    // Then what the stations kept while the CSMS was down has gone out and been answered.
    while (!this.stopped && backlogged(fleet)) await delay(RECOVERY_POLL_MS);
    if (!this.stopped) record.drainedAfterS = seconds(this.elapsedMs() - killedAtMs);
  }
}

function backlogged(fleet: Fleet): boolean {
  for (let index = 0; index < fleet.size; index++) {
    if ((fleet.stationAt(index)?.transport.unsettledCount ?? 0) > DRAINED_UNSETTLED) return true;
  }
  return false;
}

/** Failure lines of a run's CSMS restarts: one not recovered, a clock that ran backwards. */
export function crashFailures(restarts: readonly CsmsRestart[]): string[] {
  const failures: string[] = [];
  for (const r of restarts) {
    if (r.recoveredAfterS === undefined) failures.push(`the stations did not all reconnect after the CSMS restart at ${r.atS}s`);
    if (r.clockBeforeMs === undefined || r.clockAfterMs === undefined) {
      failures.push(`the CSMS's clock could not be read around the restart at ${r.atS}s (/api/health)`);
    } else if (r.clockAfterMs < r.clockBeforeMs) {
      failures.push(`the CSMS's simulated clock ran backwards across the restart at ${r.atS}s: ${new Date(r.clockBeforeMs).toISOString()} before, ${new Date(r.clockAfterMs).toISOString()} after`);
    }
  }
  return failures;
}

/** The CSMS's simulated time from `/api/health`, or undefined if it did not answer. */
async function csmsNow(apiUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(new URL('/api/health', apiUrl), { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { now?: unknown };
    return typeof body.now === 'number' ? body.now : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The control fleet: ordinary virtual stations (simulator/fleet) that boot and heartbeat beside the fuzzer.
 * A CSMS that copes with hostile input must keep answering them; every failed call, disconnect or station
 * that never booted counts as a disturbance, per fuzz case and for the whole run.
 */
import { ScaledClock } from '../../simulator/clock.js';
import { Fleet } from '../../simulator/fleet/fleet.js';
import type { ActionCounts } from '../../simulator/fleet/call-stats.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

/** One action of the control stations: calls sent, failed ones, and the answered calls' latency (real ms). */
export interface ActionSummary {
  action: string;
  calls: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
  mean: number;
}

function summarise(a: ActionCounts): ActionSummary {
  const callErrors = Object.values(a.callErrors).reduce((sum, n) => sum + n, 0);
  const { p50, p90, p99, p99_9, max, mean } = a.latency;
  return { action: a.action, calls: a.sent, errors: callErrors + a.timedOut + a.cutByDisconnect, p50, p90, p99, p99_9, max, mean };
}

export interface ControlCounts {
  calls: number;
  errors: number;
  disconnects: number;
  heartbeats: number;
}

export interface ControlReport extends ControlCounts {
  stations: number;
  booted: number;
  errorsByCode: Record<string, number>;
  /** Per-action latency of the control stations' calls (real milliseconds). */
  actions: ActionSummary[];
  disturbed: boolean;
  /** Why it counts as disturbed, in words. */
  reasons: string[];
}

export class ControlFleet {
  private readonly counts: ControlCounts = { calls: 0, errors: 0, disconnects: 0, heartbeats: 0 };
  private readonly errorsByCode: Record<string, number> = {};
  private stopping = false;

  private constructor(private readonly fleet: Fleet | undefined) {}

  /** Starts `stations` stations and waits (up to `bootTimeoutMs`) for their boots; 0 stations: a fleet of none. */
  static async start(options: { csmsUrl: string; protocol: OcppProtocol; stations: number; seed: number; timeScale: number; bootTimeoutMs: number }): Promise<ControlFleet> {
    if (options.stations === 0) return new ControlFleet(undefined);
    const fleet = new Fleet({
      csmsUrl: options.csmsUrl,
      clock: new ScaledClock({ timeScale: options.timeScale }),
      stations: options.stations,
      sites: Math.max(1, Math.floor(options.stations / 10)),
      protocol: options.protocol,
      seed: options.seed,
      rampPerS: 200,
    });
    const control = new ControlFleet(fleet);
    const booted = fleet.waitForBoot(options.bootTimeoutMs);
    await fleet.start();
    for (const station of fleet.stations.values()) {
      station.on('callDone', (outcome) => {
        if (control.stopping) return;
        control.counts.calls += 1;
        if (outcome.ok && outcome.action === 'Heartbeat') control.counts.heartbeats += 1;
        if (outcome.ok) return;
        control.counts.errors += 1;
        const code = outcome.errorCode ?? 'unknown';
        control.errorsByCode[code] = (control.errorsByCode[code] ?? 0) + 1;
      });
      station.on('disconnected', () => {
        if (!control.stopping) control.counts.disconnects += 1;
      });
    }
    await booted;
    return control;
  }

  /** Counters now, to compare with `since` after a case. */
  mark(): ControlCounts {
    return { ...this.counts };
  }

  since(mark: ControlCounts): ControlCounts & { disturbed: boolean } {
    const d = {
      calls: this.counts.calls - mark.calls,
      errors: this.counts.errors - mark.errors,
      disconnects: this.counts.disconnects - mark.disconnects,
      heartbeats: this.counts.heartbeats - mark.heartbeats,
    };
    return { ...d, disturbed: d.errors > 0 || d.disconnects > 0 };
  }

  report(): ControlReport {
    const snapshot = this.fleet?.metrics.snapshot();
    const stations = snapshot?.stations ?? 0;
    const booted = snapshot?.booted ?? 0;
    const reasons: string[] = [];
    if (booted < stations) reasons.push(`${stations - booted} of ${stations} stations never booted`);
    if (this.counts.errors > 0) reasons.push(`${this.counts.errors} calls failed (${Object.entries(this.errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')})`);
    if (this.counts.disconnects > 0) reasons.push(`${this.counts.disconnects} disconnects`);
    return { stations, booted, ...this.counts, errorsByCode: { ...this.errorsByCode }, actions: (snapshot?.actions ?? []).map(summarise), disturbed: reasons.length > 0, reasons };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.fleet?.stop();
  }
}

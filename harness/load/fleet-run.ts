/**
 * A load run: optionally start the bundled CSMS in-process, ramp a fleet against it (or against the
 * given CSMS), keep it running for a while, and return the fleet's numbers. The CLI's `fleet` command
 * is a thin layer over this.
 */
import { ScaledClock } from '../../simulator/clock.js';
import { Fleet, type FleetOptions } from '../../simulator/fleet/fleet.js';
import type { FleetSnapshot } from '../../simulator/fleet/metrics.js';
import type { ConnectFailure } from '../../simulator/transport/types.js';
import { planFleet, type ProtocolChoice } from '../../simulator/fleet/plan.js';
import type { Csms } from '../csms/server.js';
import { startReferenceCsms } from '../reference-csms.js';
import { attachFleet, type LoadMetrics } from './prometheus.js';
import { embeddedCsmsSecurity, stationTransports } from '../security/fleet-security.js';
import type { FleetSecurityOptions } from '../security/fleet-security.js';
import type { ChaosOptions } from '../../simulator/transport/chaos.js';
import { startFleetControl, type FleetControlOptions } from '../control/fleet-control.js';

export interface FleetRunOptions {
  /** CSMS OCPP base URL; when absent the bundled CSMS is started in-process on a free loopback port. */
  csmsUrl?: string;
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  rampPerS: number;
  /** Real milliseconds to keep the fleet running after the ramp has finished. */
  durationMs: number;
  seed: number;
  timeScale: number;
  connectors?: number;
  sessionsPerHour?: number;
  /** Real milliseconds allowed for every station to boot, counted from the start of the ramp. */
  bootTimeoutMs?: number;
  /** Vendor behaviour profiles dealt to the stations by seed; default all 'reference'. */
  behaviours?: FleetOptions['behaviours'];
  /** Real milliseconds the end of the run waits for the CSMS to answer the stops of running sessions. */
  stopGraceMs?: number;
  /** Network chaos on every station (simulator/transport/chaos.ts). */
  chaos?: ChaosOptions;
  /** Called about once a second with the live numbers. */
  onProgress?: (elapsedS: number, snapshot: FleetSnapshot) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** Prometheus exporter (createLoadMetrics) fed by every station of the run; the caller closes it. */
  metrics?: LoadMetrics;
  /** Security profile 1-3 of every station, and of the bundled CSMS when it runs in-process (docs/security.md). */
  security?: FleetSecurityOptions;
  /** Serve the live control API (docs/control-api.md) while the fleet runs. */
  control?: FleetControlOptions;
}

export interface FleetRunResult {
  csmsUrl: string;
  embeddedCsms: boolean;
  elapsedS: number;
  /** Real milliseconds from the start of the ramp until the last station booted (undefined if some never did). */
  bootAllMs: number | undefined;
  snapshot: FleetSnapshot;
  /** Stations that never booted, counted by why their last connection attempt failed (e.g. `HTTP 403 Forbidden`). */
  connectFailures?: Record<string, number>;
}

export async function runFleet(options: FleetRunOptions): Promise<FleetRunResult> {
  const clock = new ScaledClock({ timeScale: options.timeScale });
  const { security } = options;
  // Certificates are read before anything starts: a missing file fails the run at once.
  const transportFor = security && (await stationTransports(security, planOf(options)));
  const csmsSecurity = security && options.csmsUrl === undefined ? { security: await embeddedCsmsSecurity(security) } : {};
  const csms =
    options.csmsUrl === undefined ? (await startReferenceCsms({ clock, port: 0, idTags: { accepted: fleetTokens(options) }, ...csmsSecurity })).csms : undefined;
  const csmsUrl = options.csmsUrl ?? (csms as Csms).ocppUrl;
  const fleetOptions: FleetOptions = {
    csmsUrl,
    clock,
    stations: options.stations,
    sites: options.sites,
    protocol: options.protocol,
    seed: options.seed,
    rampPerS: options.rampPerS,
    connectors: options.connectors,
    sessionsPerHour: options.sessionsPerHour,
    stopGraceMs: options.stopGraceMs,
    behaviours: options.behaviours,
    ...(transportFor && { transportFor }),
    ...(options.chaos !== undefined && { chaos: options.chaos }),
  };
  const fleet = new Fleet(fleetOptions);
  if (options.metrics) attachFleet(fleet, options.metrics);
  const lastFailure = new Map<string, string>();
  fleet.on('connectFailed', (stationId: string, failure: ConnectFailure) => lastFailure.set(stationId, failure.reason));
  let control: Awaited<ReturnType<typeof startFleetControl>>;
  const began = performance.now();
  const elapsedS = () => (performance.now() - began) / 1_000;
  const progress = setInterval(
    () => options.onProgress?.(elapsedS(), fleet.metrics.snapshot()),
    options.progressIntervalMs ?? 1_000,
  );
  let bootAllMs: number | undefined;
  try {
    control = await startFleetControl(options.control, fleet, clock);
    const bootTimeoutMs = options.bootTimeoutMs ?? Math.max(30_000, (options.stations / options.rampPerS) * 1_000 * 2 + 10_000);
    const booted = fleet.waitForBoot(bootTimeoutMs).then((all) => {
      if (all) bootAllMs = performance.now() - began;
      return all;
    });
    await fleet.start();
    await waitOrAbort(options.durationMs, options.signal);
    // The run lasts at least `durationMs` after the ramp, and long enough for the boot verdict.
    if (bootAllMs === undefined && !options.signal?.aborted) await booted;
    const ranS = elapsedS();
    clearInterval(progress);
    // Sessions still running end before the snapshot, so it says what happened to every one of them.
    await fleet.stop();
    const connectFailures = failuresOfUnbooted(lastFailure, fleet);
    return { csmsUrl, embeddedCsms: csms !== undefined, elapsedS: ranS, bootAllMs, snapshot: fleet.metrics.snapshot(), ...(connectFailures && { connectFailures }) };
  } finally {
    clearInterval(progress);
    await control?.close();
    await fleet.stop();
    await csms?.close();
  }
}

/** The bundled CSMS knows the fleet's drivers, as an operator's CSMS knows its cards: any other token is Invalid. */
function fleetTokens(options: FleetRunOptions): string[] {
  return planOf(options).flatMap((station) => station.tokens.map((token) => token.idToken));
}

function planOf(options: FleetRunOptions) {
  return planFleet({ stations: options.stations, sites: options.sites, protocol: options.protocol, seed: options.seed, connectors: options.connectors });
}

function failuresOfUnbooted(lastFailure: ReadonlyMap<string, string>, fleet: Fleet): Record<string, number> | undefined {
  const counts: Record<string, number> = {};
  for (const [stationId, reason] of lastFailure) {
    if (fleet.metrics.bootStatus.get(stationId) !== 'Accepted') counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return Object.keys(counts).length > 0 ? counts : undefined;
}

function waitOrAbort(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * The load engine: runs a fleet through a profile's stages (k6-like: ramp to a number of stations over a
 * time, hold, ramp down) against a CSMS, injects scheduled faults, samples a time series once a second and
 * returns the LoadResult (result.ts). Without a URL it starts the bundled CSMS (bundled-csms.ts). What ends
 * or fails a run is in run-checks.ts. The CLI's `load` (alias `fleet`) is a thin layer over `runLoad`.
 */
import { ScaledClock } from '../../simulator/clock.js';
import { Fleet, type FleetOptions } from '../../simulator/fleet/fleet.js';
import { planFleet } from '../../simulator/fleet/plan.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { startFleetControl } from '../control/fleet-control.js';
import { stationTransports } from '../security/fleet-security.js';
import { startBundledCsms, type BundledCsms } from './bundled-csms.js';
import { preflight } from './preflight.js';
import { readPortRange } from './limits-probe.js';
import { urlOf, withSourceAddress } from './routes.js';
import { buildResult } from './build-result.js';
import { DetectionWatcher } from './detection.js';
import { checkFaults, FaultSchedule } from './fault-schedule.js';
import { AbortGate, applyThresholds } from './gates.js';
import { LOAD_EXIT, type LoadParameters, type LoadResult, type StageSpec, type TimeSeriesPoint } from './result.js';
import { attachFleet } from './prometheus.js';
import { ReconnectStorms } from './reconnect-storm.js';
import { crashFailures, CsmsCrash, type CsmsCrashSpec } from './csms-crash.js';
import { crashStore, finishDeliveryCheck, type CrashStore } from './crash-store.js';
import { DeliveryLog } from './delivery-log.js';
import { idsByRunIndex, shardFaults, shardPosition, shardTarget } from './shard.js';
import { endOfRunFailures, FailFast, overdueBoots } from './run-checks.js';
import type { LoadMeasurements } from './thresholds.js';

export type { LoadOptions } from './load-options.js';
import type { LoadOptions } from './load-options.js';

/** Load options that do not make a run; thrown before anything starts. */
export class LoadInputError extends Error {
  override readonly name = 'LoadInputError';
}

export const LOAD_DEFAULTS = { sampleIntervalMs: 1_000, checkIntervalMs: 250, bootTimeoutMs: 30_000, stopGraceMs: 5_000 } as const;

// In a module of its own so the CLI reads its flags without loading the engine (a refused run exits at once).
export { stagesFromFlags } from './flag-stages.js';

export async function runLoad(given: LoadOptions): Promise<LoadResult> {
  const options = given.urls !== undefined && given.urls.length > 0 ? { ...given, url: given.urls[0] } : given;
  const stations = checkOptions(options);
  // Before anything starts or connects: source addresses that cannot reach the targets, a plan past the machine's limits
  // (a shard checks its own part of the fleet).
  const { routing, refused } = await preflight(options, options.shard === undefined ? stations : Math.ceil(stations / options.shard.count));
  if (refused !== undefined) throw new LoadInputError(refused);
  const identity = { ...(options.shard && { shard: options.shard }), firstStation: options.firstStation ?? 0, ...(options.idPrefix !== undefined && { idPrefix: options.idPrefix }) };
  const plan = planFleet({ stations, sites: options.sites, protocol: options.protocol, seed: options.seed, connectors: options.connectors, ...identity });
  const csmsMode = options.url !== undefined ? 'external' : (options.csms ?? 'child-process');
  const desk = options.desk ?? true;
  // Certificates are read before anything starts: a missing file fails the run at once.
  const securityFor = options.security && (await stationTransports(options.security, plan).catch((error: Error) => {
    throw new LoadInputError(error.message);
  }));
  const transportFor = withSourceAddress(securityFor, routing, routing.sourceAddresses.length > 0 ? readPortRange() : undefined);
  const store: CrashStore | string = crashStore(options, csmsMode);
  if (typeof store === 'string') throw new LoadInputError(store);
  let csms: BundledCsms | undefined;
  if (options.url === undefined) {
    const acceptedTokens = plan.flatMap((station) => station.tokens.map((token) => token.idToken));
    csms = await startBundledCsms({
      mode: csmsMode as 'child-process' | 'in-process',
      desk,
      timeScale: options.timeScale,
      acceptedTokens,
      ...(options.security !== undefined && { security: options.security }),
      ...(store.dbPath !== undefined && { dbPath: store.dbPath }),
    }).catch((error: unknown) => {
      store.remove();
      throw error;
    });
  }
  const url = options.url ?? (csms as BundledCsms).ocppUrl;
  const parameters: LoadParameters = {
    profile: options.profile ?? 'flags',
    ...(options.profileFile !== undefined && { profileFile: options.profileFile }),
    stations,
    sites: options.sites,
    protocol: options.protocol,
    connectors: options.connectors ?? 2,
    timeScale: options.timeScale,
    seed: options.seed,
    url,
    csms: csmsMode,
    desk: options.url === undefined ? desk : false,
    behaviours: (options.behaviours ?? ['reference']).map((b) => (typeof b === 'string' ? b : 'custom')),
    stages: options.stages,
    faults: options.faults?.length ?? 0,
    thresholds: (options.thresholds ?? []).map((t) => t.expression),
    bootTimeoutMs: options.bootTimeoutMs,
    maxDisconnects: options.maxDisconnects ?? 0,
    ...(options.firstStation !== undefined && { firstStation: options.firstStation }),
    ...(options.idPrefix !== undefined && { idPrefix: options.idPrefix }),
    ...(options.csmsRestart !== undefined && { csmsRestart: { ...options.csmsRestart } }),
    ...(options.csmsDb !== undefined && { csmsDb: options.csmsDb }),
    argv: options.argv ?? [],
    ...(routing.urls.length > 1 && { urls: routing.urls, urlStrategy: routing.urlStrategy }),
    ...(routing.sourceAddresses.length > 0 && { sourceAddresses: routing.sourceAddresses }),
  };
  const deliveryLog = store.check ? new DeliveryLog() : undefined;
  let checked: LoadResult | undefined;
  try {
    options.onStart?.({ url, csms: csmsMode });
    const protocols: Partial<Record<OcppProtocol, number>> = {};
    for (const planned of plan) protocols[planned.protocol] = (protocols[planned.protocol] ?? 0) + 1;
    const deskApi = csms !== undefined ? (desk ? csms.url : undefined) : options.csmsApi;
    const watch = deskApi !== undefined && (options.faults?.length ?? 0) > 0 && options.detection !== false;
    const detect = watch ? { csmsUrl: deskApi, stationIds: idsByRunIndex(plan, identity.firstStation) } : undefined;
    const urlFor = routing.urls.length > 1 ? (station: { index: number }) => urlOf(routing, station.index) : undefined;
    const crash = options.csmsRestart === undefined ? undefined : { spec: options.csmsRestart, csms: csms as BundledCsms };
    const result = await drive(options, parameters, url, plan.length, protocols, { transportFor, detect, urlFor, crash, deliveryLog });
    if (deliveryLog !== undefined) {
      // The store is read once the CSMS is gone: everything it wrote is in the file.
      await csms?.close();
      checked = result;
    }
    if (options.shard === undefined) return result;
    // A shard's thresholds judge a part of the run (informational): `chargedrill merge` gates the whole, so a shard exits as its run went.
    // One stopped early by an abortOnFail threshold keeps `threshold-failed` (it did not pass) but still exits 0: a Job
    // pod is not retried over a threshold, and the merge fails the run for it.
    const stopped = result.thresholds.some((t) => t.note?.startsWith('stopped the run at') === true);
    const judged = result.verdict === 'threshold-failed' ? { verdict: stopped ? ('threshold-failed' as const) : ('passed' as const), exitCode: LOAD_EXIT.ok } : {};
    return { ...result, ...judged, shard: { ...options.shard } };
  } finally {
    await csms?.close();
    try {
      if (checked !== undefined && deliveryLog !== undefined) finishDeliveryCheck(checked, store, deliveryLog);
    } finally {
      store.remove();
    }
  }
}

function checkOptions(options: LoadOptions): number {
  const { stages } = options;
  if (stages.length === 0) throw new LoadInputError('a load run needs at least one stage');
  const peak = Math.max(...stages.map((s) => s.target));
  const stations = options.stations ?? peak;
  stages.forEach((stage, i) => {
    const where = `stage ${i + 1} (${stage.name})`;
    if (!Number.isInteger(stage.target) || stage.target < 0 || stage.target > stations) {
      throw new LoadInputError(`${where}: target must be a whole number from 0 to ${stations}, got ${stage.target}`);
    }
    if (!(Number.isFinite(stage.durationMs) && stage.durationMs >= 0)) throw new LoadInputError(`${where}: durationMs must be 0 or more, got ${stage.durationMs}`);
    if (!(Number.isFinite(stage.sessionsPerHour) && stage.sessionsPerHour >= 0)) {
      throw new LoadInputError(`${where}: sessionsPerHour must be 0 or more, got ${stage.sessionsPerHour}`);
    }
  });
  if (options.shard !== undefined && options.shard.count > stations) {
    throw new LoadInputError(`${options.shard.count} shards need at least as many stations, got ${stations}`);
  }
  if (!(options.bootTimeoutMs > 0)) throw new LoadInputError(`bootTimeoutMs must be greater than 0, got ${options.bootTimeoutMs}`);
  const problem = checkFaults(options.faults ?? [], stations);
  if (problem !== undefined) throw new LoadInputError(problem);
  return stations;
}

async function drive(
  options: LoadOptions,
  parameters: LoadParameters,
  url: string,
  stations: number,
  protocols: Partial<Record<OcppProtocol, number>>,
  extra: {
    transportFor: FleetOptions['transportFor'];
    detect: { csmsUrl: string; stationIds: string[] } | undefined;
    urlFor: FleetOptions['csmsUrlFor'];
    crash?: { spec: CsmsCrashSpec; csms: BundledCsms } | undefined;
    deliveryLog?: DeliveryLog | undefined;
  },
): Promise<LoadResult> {
  const { transportFor } = extra;
  const clock = new ScaledClock({ timeScale: options.timeScale });
  const first = options.stages[0] as StageSpec;
  const fleet = new Fleet({
    csmsUrl: url,
    clock,
    // The whole run's plan, of which a shard deals its own part.
    stations: parameters.stations,
    sites: options.sites,
    protocol: options.protocol,
    seed: options.seed,
    connectors: options.connectors,
    ...(options.shard !== undefined && { shard: options.shard }),
    ...(options.firstStation !== undefined && { firstStation: options.firstStation }),
    ...(options.idPrefix !== undefined && { idPrefix: options.idPrefix }),
    rampPerS: 1,
    sessionsPerHour: first.sessionsPerHour,
    ...(first.mix !== undefined && { mix: first.mix }),
    stopGraceMs: options.stopGraceMs ?? LOAD_DEFAULTS.stopGraceMs,
    ...(options.maxConnecting !== undefined && { maxConnecting: options.maxConnecting }),
    ...(options.behaviours !== undefined && { behaviours: options.behaviours }),
    ...(options.transport !== undefined && { transport: options.transport }),
    ...(transportFor !== undefined && { transportFor }),
    ...(extra.urlFor !== undefined && { csmsUrlFor: extra.urlFor }),
    ...(options.chaos !== undefined && { chaos: options.chaos }),
  });
  if (options.metrics) attachFleet(fleet, options.metrics);
  extra.deliveryLog?.attach(fleet);
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const beganEpochMs = Date.now();
  const elapsedMs = () => performance.now() - began;
  const detection =
    extra.detect === undefined
      ? undefined
      : await DetectionWatcher.start({
          ...extra.detect,
          timeScale: options.timeScale,
          runStartEpochMs: beganEpochMs,
          onError: (error) => options.onLog?.(`detection: the CSMS's event stream broke (${error.message}); later issues are not matched`),
        });
  const gate = new AbortGate(options.thresholds ?? []);
  const failures: string[] = [];
  let interrupted = false;
  let stage = first.name;
  let bootAllMs: number | undefined;
  const timeSeries: TimeSeriesPoint[] = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let over = false;
  const end = (failure?: string) => {
    if (failure !== undefined && !failures.includes(failure)) failures.push(failure);
    over = true;
    finish();
  };
  const onAbort = () => {
    interrupted = true;
    end();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  fleet.on('booted', () => {
    if (bootAllMs === undefined && fleet.metrics.bootedCount >= stations) bootAllMs = elapsedMs();
  });

  const failFast = new FailFast();
  let lastSampleMs = 0;
  const sample = () => {
    const nowMs = elapsedMs();
    const spanS = Math.max(1e-3, (nowMs - lastSampleMs) / 1_000);
    lastSampleMs = nowMs;
    const second = fleet.metrics.calls.takeSecond();
    const point: TimeSeriesPoint = {
      t: Math.round(nowMs / 10) / 100,
      stage,
      connected: fleet.metrics.connected,
      booted: fleet.bootedOnline,
      callsPerS: Math.round((second.calls / spanS) * 100) / 100,
      errorsPerS: Math.round((second.errors / spanS) * 100) / 100,
      p99ByAction: second.p99ByAction,
      sessionsActive: fleet.sessionsActive,
    };
    timeSeries.push(point);
    options.onSample?.(point);
    options.onProgress?.({
      elapsedS: point.t,
      stage,
      stations: fleet.online,
      connected: point.connected,
      booted: point.booted,
      callsPerS: point.callsPerS,
      calls: fleet.metrics.calls.finished,
      errors: fleet.metrics.calls.errors,
      p99SoFarMs: fleet.metrics.calls.p99SoFarMs(),
      sessionsActive: point.sessionsActive,
    });
    if (!over && gate.active) {
      const stop = gate.check(() => liveMeasurements(), nowMs);
      if (stop !== undefined) {
        options.onLog?.(stop);
        end();
      }
    }
  };
  // The numbers so far, as thresholds read them; only built when an abortOnFail threshold is watched.
  const liveMeasurements = (): LoadMeasurements => {
    const elapsedS = elapsedMs() / 1_000;
    const snapshot = fleet.metrics.snapshot();
    return {
      ...buildResult({ parameters, startedAt, elapsedS, interrupted, failures, snapshot, bootAllMs, timeSeries: [], faultsInjected: [], protocols }),
      ...(detection !== undefined && { detection: detection.result() }),
    };
  };
  const check = () => {
    if (over) return;
    const nowMs = performance.now();
    const failure = failFast.check(fleet, parameters.urls?.join(', ') ?? url, nowMs) ?? overdueBoots(fleet, options.bootTimeoutMs, nowMs);
    if (failure !== undefined) end(failure);
  };
  const ticker = setInterval(sample, options.sampleIntervalMs ?? LOAD_DEFAULTS.sampleIntervalMs);
  // Checked more often than sampled, so a run that cannot connect says so about 2 s after the first failure.
  const checker = setInterval(check, LOAD_DEFAULTS.checkIntervalMs);
  const faults = new FaultSchedule(shardFaults(options.faults ?? [], options.shard), {
    fleet,
    clock,
    began,
    positionOf: (runIndex) => shardPosition(runIndex, options.shard),
    onInjected: (fault) => {
      if (fault.error === undefined) {
        const scheduled = { atMs: fault.atMs, stationIndex: fault.stationIndex, kind: fault.kind, params: {}, expectedIssue: fault.expectedIssue };
        detection?.faultInjected({ ...scheduled, ...(fault.connectorId !== undefined && { connectorId: fault.connectorId }), injectedAtMs: fault.atMs });
      }
      options.onFaultInjected?.(fault);
    },
  });

  const storms = new ReconnectStorms(fleet);
  const crash = extra.crash && new CsmsCrash(extra.crash.spec, extra.crash.csms, fleet, elapsedMs);
  let control: Awaited<ReturnType<typeof startFleetControl>> | undefined;
  try {
    control = await startFleetControl(options.control, fleet, clock);
    faults.start();
    crash?.start();
    for (const spec of options.stages) {
      if (over) break;
      stage = spec.name;
      fleet.setLoad(spec.sessionsPerHour, spec.mix);
      if (spec.disconnect !== undefined) storms.start(spec.disconnect);
      await Promise.race([fleet.rampTo(shardTarget(spec.target, options.shard), spec.durationMs), finished]);
    }
    // The run lasts long enough for the boot verdict of every station online.
    while (!over && !allBooted(fleet)) {
      check();
      await Promise.race([delay(100), finished]);
    }
    // A crash's recovery is part of the run: its reconnect curve and time to recover are measured to the end.
    if (crash !== undefined && !over) {
      await Promise.race([crash.settle(options.bootTimeoutMs), finished]);
      // The curve's top: sampled when the fleet is back, not up to a second later or never (the run may end now).
      sample();
    }
    check();
  } finally {
    clearInterval(ticker);
    clearInterval(checker);
    options.signal?.removeEventListener('abort', onAbort);
    faults.stop();
    storms.stop();
    crash?.stop();
  }
  await control?.close();
  const elapsedS = elapsedMs() / 1_000;
  if (elapsedMs() - lastSampleMs >= 250) sample();
  if (detection !== undefined && !interrupted) await settleDetection(detection, options.detectionGraceMs ?? 5_000);
  detection?.close();
  await options.beforeStop?.();
  // Sessions still running end before the counts are read, so they say what happened to every one of them.
  await fleet.stop();
  const snapshot = fleet.metrics.snapshot();
  if (interrupted) failures.unshift('interrupted before the end of the run');
  failures.push(...endOfRunFailures(snapshot, (options.maxDisconnects ?? 0) + (crash?.disconnects ?? 0)));
  if (crash !== undefined) failures.push(...(crash.failure !== undefined ? [crash.failure] : []), ...crashFailures(crash.result()));
  const result = buildResult({
    parameters, startedAt, elapsedS, interrupted, failures, snapshot, bootAllMs, timeSeries, faultsInjected: faults.injected, protocols,
    ...(detection !== undefined && { detection: detection.result() }),
  });
  if (crash !== undefined) result.csmsRestarts = crash.result();
  applyThresholds(result, options.thresholds ?? [], gate);
  return result;
}

/** Waits (up to `graceMs` real ms) for the issues of faults injected but not yet detected. */
async function settleDetection(detection: DetectionWatcher, graceMs: number): Promise<void> {
  const until = performance.now() + graceMs;
  while (performance.now() < until) {
    const { injected, detected } = detection.progress();
    if (detected >= injected) return;
    await delay(100);
  }
}

function allBooted(fleet: Fleet): boolean {
  for (const station of fleet.stations.values()) if (fleet.metrics.bootStatus.get(station.id) !== 'Accepted') return false;
  return true;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

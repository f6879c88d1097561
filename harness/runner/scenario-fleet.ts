/**
 * The scenario's fleet: the stations of `scenario.fleet`, seeded, connected to the CSMS under test, and
 * watched: every command a station receives and every connector fault or recovery becomes an observation.
 */
import type { Clock } from '../../simulator/clock.js';
import { Fleet } from '../../simulator/fleet/fleet.js';
import { VirtualStation } from '../../simulator/station/station.js';
import { createTransport } from '../../simulator/transport/ws-client.js';
import type { ObservationLog } from './observations.js';
import { RUN_DEFAULTS } from './options.js';
import { chaosOf } from './scenario/chaos.js';
import type { Scenario } from './scenario/model.js';

/** Statuses after which Available means the connector is back in service. */
const OUT_OF_SERVICE = new Set(['Faulted', 'Unavailable']);

export class ScenarioFleet {
  private constructor(private readonly fleet: Fleet) {}

  /** Starts every station and resolves once all are accepted; throws when `bootTimeoutMs` (real) passes first. */
  /**
   * `stationPrefix`: the stations connect as `${stationPrefix}${id}` (a CSMS shared with other scenarios) while the
   * runner keeps calling them by `id`. A CSMS that refuses every station's connection fails the start at once.
   */
  static async start(scenario: Scenario, seed: number, clock: Clock, ocppUrl: string, bootTimeoutMs: number, stationPrefix?: string): Promise<ScenarioFleet> {
    const { fleet: spec } = scenario;
    const fleet = new Fleet({
      csmsUrl: ocppUrl,
      clock,
      stations: spec.stationIds.length,
      sites: spec.sites,
      protocol: scenario.protocol,
      seed,
      connectors: spec.connectors,
      ...(spec.featureProfiles && { featureProfiles: spec.featureProfiles }),
      // Everyone at once: a scenario's fleet is small, and its time 0 is when all are booted.
      rampPerS: 10_000,
      transport: { reconnectBaseMs: RUN_DEFAULTS.reconnectBaseMs, reconnectMaxMs: RUN_DEFAULTS.reconnectMaxMs },
      ...(scenario.chaos && { chaos: (station: { id: string }) => chaosOf(scenario.chaos ?? [], station.id) }),
      ...(stationPrefix !== undefined && {
        createStation: (config) =>
          new VirtualStation(config, { createTransport: (options) => createTransport({ ...options, url: `${ocppUrl}/${encodeURIComponent(stationPrefix + config.id)}` }) }),
      }),
    });
    const running = new ScenarioFleet(fleet);
    await fleet.start();
    const refused = refusedByCsms(fleet);
    const booted = await Promise.race([fleet.waitForBoot(bootTimeoutMs), refused.promise]);
    refused.dispose();
    if (typeof booted === 'string') {
      await running.stop();
      const hint = stationPrefix === undefined ? '' : ` (they connect as ${stationPrefix}<id>: a CSMS that admits only listed stations must admit these)`;
      if (booted.startsWith('HTTP ')) throw new Error(`${REFUSED_ALL} ${ocppUrl} refused every station's connection: ${booted}${hint}`);
      throw new Error(`${UNREACHABLE} ${ocppUrl}: ${booted}`);
    }
    if (!booted) {
      const snapshot = fleet.metrics.snapshot();
      await running.stop();
      throw new Error(`only ${snapshot.booted} of ${spec.stationIds.length} stations were accepted by the CSMS at ${ocppUrl} within ${bootTimeoutMs / 1_000}s`);
    }
    return running;
  }

  has(id: string): boolean {
    return this.fleet.stations.has(id);
  }

  station(id: string): VirtualStation {
    const station = this.fleet.stations.get(id);
    if (!station) throw new Error(`station ${id} is not in the fleet`);
    return station;
  }

  stations(ids: readonly string[]): VirtualStation[] {
    return ids.map((id) => this.station(id));
  }

  /** From now on, commands and connector faults / recoveries go into `log`. */
  observe(log: ObservationLog, clock: Clock): void {
    for (const station of this.fleet.stations.values()) {
      station.on('command', (action, payload) => log.command({ stationId: station.id, action, payload, atMs: log.relative(clock.now()) }));
      const last = new Map<number, string>();
      station.on('status', (connectorId, status, errorCode) => {
        const before = last.get(connectorId);
        last.set(connectorId, status);
        const atMs = log.relative(clock.now());
        const where = { stationId: station.id, connectorId };
        if (OUT_OF_SERVICE.has(status) && before !== status) {
          log.note(atMs, 'status', `${station.id} connector ${connectorId} ${status}${errorCode && errorCode !== 'NoError' ? ` (${errorCode})` : ''}`, where);
        } else if (status === 'Available' && before !== undefined && OUT_OF_SERVICE.has(before)) {
          log.note(atMs, 'recovery', `${station.id} connector ${connectorId} back to Available`, where);
        }
      });
    }
  }

  async stop(): Promise<void> {
    await this.fleet.stop();
  }
}

const REFUSED_ALL = 'the CSMS at';
const UNREACHABLE = 'no station could connect to the CSMS at';

/** Whether a scenario's error says no station got in at all: the next scenario against the same CSMS would fare the same. */
export function noStationConnected(error: string | undefined): boolean {
  return error !== undefined && (error.startsWith(UNREACHABLE) || (error.startsWith(REFUSED_ALL) && error.includes(" refused every station's connection: ")));
}

/**
 * Resolves with a description once every station's connection has failed: refused with an HTTP status (a CSMS
 * that answers but will not take these stations: an allow-list, a wrong path), or before the handshake (refused,
 * DNS, TLS; connect-failure.ts words the reason), so that does not wait out the boot timeout.
 */
function refusedByCsms(fleet: Fleet): { promise: Promise<string>; dispose(): void } {
  const failures = new Map<string, { statusCode?: number; reason: string }>();
  const cleanups: (() => void)[] = [];
  const promise = new Promise<string>((resolve) => {
    for (const station of fleet.stations.values()) {
      const onFailed = (failure: { statusCode?: number; reason: string }) => {
        failures.set(station.id, failure);
        if (failures.size < fleet.stations.size) return;
        // Sorted: the failures arrive in any order, the message should not.
        const ids = [...failures.keys()].sort();
        const which = `${ids.slice(0, 3).join(', ')}${failures.size > 3 ? ' …' : ''}`;
        const statuses = [...new Set([...failures.values()].map((f) => f.statusCode))];
        if (!statuses.includes(undefined)) resolve(`HTTP ${statuses.join(', ')} to the WebSocket handshake of ${which}`);
        else resolve(`${[...new Set([...failures.values()].map((f) => f.reason))].join('; ')} (${which})`);
      };
      station.transport.on('connectFailed', onFailed);
      cleanups.push(() => station.transport.off('connectFailed', onFailed));
    }
  });
  return { promise, dispose: () => cleanups.forEach((cleanup) => cleanup()) };
}

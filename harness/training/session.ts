/**
 * A training session (`chargedrill train`): the bundled CSMS with its desk, a fleet of virtual stations
 * against it on one pausable simulated clock, the fleet's control API mounted on the CSMS's HTTP server at
 * /control/* (so a console needs one origin), the drill API, and an access token for any caller off loopback.
 *
 *   const session = await startTraining({ sites: 2, stationsPerSite: 2, protocol: 'mix', timeScale: 10, seed: 1 });
 *   console.log(session.url);
 *   await session.close();
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { Fleet } from '../../simulator/fleet/fleet.js';
import { planFleet, type ProtocolChoice } from '../../simulator/fleet/plan.js';
import { createControlRoutes, isLoopback } from '../control/server.js';
import { clockStartFor } from '../csms/clock-anchor.js';
import type { Csms } from '../csms/server.js';
import type { Desk } from '../desk/desk.js';
import { startReferenceCsms } from '../reference-csms.js';
import { DrillBook } from './drills.js';
import { PausableClock } from './pausable-clock.js';
import { resetNetwork } from './reset.js';
import { trainingRoutes } from './routes.js';
import { tokenGate } from './token-gate.js';

export interface TrainingOptions {
  sites: number;
  stationsPerSite: number;
  protocol: ProtocolChoice;
  timeScale: number;
  seed: number;
  /** Default 127.0.0.1; any other address needs a token (generated when not given). */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** SQLite file or :memory: (default). */
  dbPath?: string;
  token?: string;
  /** Connectors per station; default 2. */
  connectors?: number;
  heartbeatIntervalS?: number;
  logger?: Logger;
  /** Real ms to wait for every station's first accepted boot; default 30 s. */
  bootTimeoutMs?: number;
}

export interface TrainingSession {
  csms: Csms;
  desk: Desk | undefined;
  fleet: Fleet;
  clock: PausableClock;
  drills: DrillBook;
  /** The console and API base, e.g. http://127.0.0.1:9000. */
  url: string;
  token: string | undefined;
  tokenGenerated: boolean;
  /** Whether every station booted within the boot timeout. */
  booted: boolean;
  close(): Promise<void>;
}

export async function startTraining(options: TrainingOptions): Promise<TrainingSession> {
  const host = options.host ?? '127.0.0.1';
  const dbPath = options.dbPath ?? ':memory:';
  const tokenGenerated = options.token === undefined && !isLoopback(host);
  const token = options.token ?? (tokenGenerated ? randomBytes(24).toString('base64url') : undefined);
  const plan = { stations: options.sites * options.stationsPerSite, sites: options.sites, protocol: options.protocol, seed: options.seed, ...(options.connectors !== undefined && { connectors: options.connectors }) };
  // Throws on a bad size before anything is opened.
  const planned = planFleet(plan);
  const clock = new PausableClock({ timeScale: options.timeScale, startEpochMs: clockStartFor(dbPath, options.timeScale).startEpochMs });

  // The control routes and drills read the fleet when a request comes, by which time it exists.
  const live: { fleet?: Fleet; csms?: Csms; desk?: Desk } = {};
  const lazyFleet = { get stations() { return live.fleet?.stations ?? new Map(); }, driverTokens: (id: string) => live.fleet?.driverTokens(id) ?? [] };
  const control = createControlRoutes(lazyFleet as Pick<Fleet, 'stations' | 'driverTokens'>, clock);
  const drills = new DrillBook({
    clock,
    faults: control.faults,
    fleetStation: (id) => {
      const station = live.fleet?.stations.get(id);
      return station && { protocol: station.protocol, connectors: station.slots().length };
    },
    fleetStationIds: () => [...(live.fleet?.stations.keys() ?? [])],
    csmsStation: (id) => live.csms?.station(id),
    sendCommand: (id, action, payload) => (live.csms as Csms).sendCommand(id, action, payload),
    get desk() {
      return live.desk;
    },
  });
  const training = { drills, clock, reset: () => resetNetwork({ drills, faults: control.faults, stations: control.stations, csms: live.csms as Csms }) };
  const { csms: started, desk } = await startReferenceCsms({
    host,
    port: options.port ?? 0,
    dbPath,
    clock,
    idTags: { accepted: planned.flatMap((station) => station.tokens.map((t) => t.idToken)) },
    ...(options.heartbeatIntervalS !== undefined && { heartbeatIntervalS: options.heartbeatIntervalS }),
    ...(options.logger !== undefined && { logger: options.logger }),
    routes: [...trainingRoutes(training), ...control.routes],
    consoleConfig: () => ({ control: true, drills: true, timeScale: clock.timeScale, paused: clock.paused }),
    ...(token !== undefined && { requestGate: tokenGate(token) }),
  });
  live.csms = started;
  live.desk = desk;
  const running = new Fleet({ csmsUrl: started.ocppUrl, clock, ...plan, rampPerS: 50 });
  live.fleet = running;
  const booted = running.waitForBoot(options.bootTimeoutMs ?? 30_000);
  await running.start();
  const allBooted = await booted;
  return {
    csms: started,
    desk,
    fleet: running,
    clock,
    drills,
    url: started.url,
    token,
    tokenGenerated,
    booted: allBooted,
    close: async () => {
      drills.clear();
      control.faults.close();
      // The clock runs again, so the fleet's stop (sessions ended, the CSMS's answers) is not held.
      clock.resume();
      await running.stop();
      await started.close();
    },
  };
}

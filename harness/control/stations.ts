/**
 * What a trainer does to one station of a running fleet: a driver plugs in, starts a session with a token,
 * stops it, unplugs; the station is power-cycled, taken offline and brought back. Each action answers at
 * once with the station's state, or refuses: 404 unknown station, 409 when the state forbids it.
 */
import type { IdToken } from '../../simulator/protocol/id-tokens.js';
import { tokenProblem } from '../../simulator/protocol/id-tokens.js';
import type { VirtualStation } from '../../simulator/station/station.js';
import type { ControlFaults, FleetAccess } from './faults.js';
import { BodyReader, ControlRefusal } from './input.js';

export const STATION_ACTIONS = ['plug', 'start', 'stop', 'unplug', 'power-cycle', 'offline', 'online'] as const;
export type StationAction = (typeof STATION_ACTIONS)[number];

export interface StationView {
  id: string;
  protocol: string;
  /** The WebSocket: open, connecting, idle (offline) or closed (stopped). */
  link: string;
  registration: string | null;
  connectors: { id: number; status: string; errorCode: string; transactionId?: string }[];
  /** Taken offline through this API (and only then brought back by it). */
  offlineByControl: boolean;
}

export interface StationFleetAccess extends FleetAccess {
  /** Tokens the station's own drivers carry; the first is used when a start names none. */
  driverTokens(stationId: string): readonly IdToken[];
}

/** Real ms a start waits for the connector to charge (Authorize and the start cross the network) before answering. */
const START_WAIT_REAL_MS = 5_000;
/** "Until stopped": the longest simulated wait a Node timer can hold at this time scale, at most a week. */
const UNTIL_STOPPED_MAX_S = 7 * 86_400;

export class ControlStations {
  private readonly offline = new Set<string>();

  constructor(
    private readonly fleet: StationFleetAccess,
    private readonly faults: ControlFaults,
  ) {}

  list(): StationView[] {
    return this.fleet.stationIds().map((id) => this.view(this.stationOf(id)));
  }

  get(id: string): StationView {
    return this.view(this.stationOf(id));
  }

  async act(id: string, action: string, body: Record<string, unknown>): Promise<StationView & { result?: Record<string, unknown> }> {
    const station = this.stationOf(id);
    if (!(STATION_ACTIONS as readonly string[]).includes(action)) {
      throw new ControlRefusal(404, `unknown station action ${action} (allowed: ${STATION_ACTIONS.join(', ')})`);
    }
    const fields = action === 'start' ? ['connector', 'token', 'duration', 'powerKw'] : ['plug', 'stop', 'unplug'].includes(action) ? ['connector'] : [];
    const input = new BodyReader(body, fields);
    const connectorId = fields.includes('connector') ? (input.integer('connector', 1, station.slots().length) ?? 1) : undefined;
    switch (action as StationAction) {
      case 'plug':
        input.done(`cannot plug in on ${id}`);
        refuseIf(station.driver.plugIn(connectorId as number), id);
        return this.view(station);
      case 'stop':
        input.done(`cannot stop on ${id}`);
        refuseIf(station.driver.stop(connectorId as number), id);
        // The session moves on to Finishing in its own continuation, after this tick.
        await new Promise((resolve) => setImmediate(resolve));
        return this.view(station);
      case 'unplug':
        input.done(`cannot unplug on ${id}`);
        refuseIf(station.driver.unplug(connectorId as number), id);
        return this.view(station);
      case 'start':
        return this.start(station, connectorId as number, input);
      case 'power-cycle':
        input.done(`cannot power-cycle ${id}`);
        station.powerCycle();
        return this.view(station);
      case 'offline':
        input.done(`cannot take ${id} offline`);
        return this.takeOffline(station);
      case 'online':
        input.done(`cannot bring ${id} online`);
        return this.bringOnline(station);
    }
  }

  private async start(station: VirtualStation, connectorId: number, input: BodyReader): Promise<StationView & { result: Record<string, unknown> }> {
    const token = input.text('token') ?? this.fleet.driverTokens(station.id)[0]?.idToken;
    if (token === undefined) input.report({ path: '/token', message: 'is required (the station has no drivers of its own)', allowed: ['a token'] });
    const problem = token === undefined ? undefined : tokenProblem(station.protocol, token);
    if (problem !== undefined) input.report({ path: '/token', message: problem, allowed: [`a ${station.protocol} token`] });
    const untilStoppedS = Math.min(UNTIL_STOPPED_MAX_S, Math.floor((2_147_483_647 * station.clock.timeScale) / 1_000));
    const durationMs = input.durationMs('duration', untilStoppedS * 1_000);
    const powerKw = input.raw('powerKw');
    if (powerKw !== undefined && !(typeof powerKw === 'number' && powerKw > 0 && powerKw <= 1_000)) {
      input.report({ path: '/powerKw', message: `${JSON.stringify(powerKw)} is not allowed`, allowed: ['a number of kW from above 0 to 1000'] });
    }
    input.done(`cannot start a session on ${station.id}`);
    const pluggedIn = station.driver.isPluggedIdle(connectorId);
    const charging = new Promise<void>((resolve) => {
      const onStatus = (id: number, status: string) => {
        if (id !== connectorId || status !== 'Charging') return;
        station.off('status', onStatus);
        resolve();
      };
      station.on('status', onStatus);
      setTimeout(() => {
        station.off('status', onStatus);
        resolve();
      }, START_WAIT_REAL_MS).unref();
    });
    const session = station.runSession({
      connectorId,
      idTag: token as string,
      durationS: durationMs === undefined ? untilStoppedS : durationMs / 1_000,
      unplugAfterS: untilStoppedS,
      ...(typeof powerKw === 'number' && { powerW: powerKw * 1_000 }),
      ...(station.connectorState(connectorId).status === 'Preparing' && pluggedIn && { pluggedIn: true }),
    });
    station.driver.sessionStarted(connectorId);
    const ended = await Promise.race([session, charging.then(() => undefined)]);
    if (ended !== undefined && !ended.ok) throw new ControlRefusal(409, `session on ${station.id} connector ${connectorId} did not start: ${ended.reason}`);
    // Not awaited further: the session runs until stopped; its end is the station's business.
    session.catch(() => {});
    const state = station.connectorState(connectorId);
    return { ...this.view(station), result: { connector: connectorId, token, status: state.status, ...(state.transactionId !== undefined && { transactionId: state.transactionId }) } };
  }

  private async takeOffline(station: VirtualStation): Promise<StationView> {
    const link = station.transport.state;
    if (link !== 'open' && link !== 'connecting') throw new ControlRefusal(409, `${station.id} is already offline (link ${link})`);
    // The socket is gone when its close event has run (a terminated socket closes on the next turns of the loop).
    const closed = link === 'open' ? new Promise<void>((resolve) => station.once('disconnected', () => resolve())) : Promise.resolve();
    station.transport.drop({ reconnect: false });
    this.offline.add(station.id);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, START_WAIT_REAL_MS).unref())]);
    return this.view(station);
  }

  private bringOnline(station: VirtualStation): StationView {
    const link = station.transport.state;
    if (link === 'open' || link === 'connecting') throw new ControlRefusal(409, `${station.id} is online (link ${link})`);
    if (!this.offline.has(station.id)) {
      const holding = this.faults.activeOn(station.id).map((f) => `${f.id} (${f.kind})`);
      const cause = holding.length > 0 ? `active fault ${holding.join(', ')}: clear it instead` : 'it was not taken offline through this API';
      throw new ControlRefusal(409, `${station.id} is offline (link ${link}) but ${cause}`);
    }
    this.offline.delete(station.id);
    station.transport.connect().catch(() => {});
    return this.view(station);
  }

  private view(station: VirtualStation): StationView {
    return {
      id: station.id,
      protocol: station.protocol,
      link: station.transport.state,
      registration: station.registration ?? null,
      connectors: station.slots().map((slot) => {
        const state = station.connectorState(slot.connector.id);
        return { id: slot.connector.id, status: state.status, errorCode: state.errorCode, ...(state.transactionId !== undefined && { transactionId: state.transactionId }) };
      }),
      offlineByControl: this.offline.has(station.id),
    };
  }

  private stationOf(id: string): VirtualStation {
    const station = this.fleet.station(id);
    if (!station) throw new ControlRefusal(404, `unknown station ${id}`);
    return station;
  }
}

function refuseIf(refusal: string | undefined, stationId: string): void {
  if (refusal !== undefined) throw new ControlRefusal(409, `${stationId}: ${refusal}`);
}

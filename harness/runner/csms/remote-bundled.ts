/**
 * The bundled CSMS running in another process (`chargedrill csms`): stations connect to its `/ocpp`,
 * observations come from `GET /api/events`, commands and uptime go through its HTTP API. Its simulated
 * clock is its own: the offset between the two is measured once from `GET /api/health`.
 */
import type { Clock } from '../../../simulator/clock.js';
import type { CsmsEvent } from '../../csms/events.js';
import type { ObservationLog } from '../observations.js';
import type { Scenario } from '../scenario/model.js';
import { OBSERVED_CSMS_EVENTS, observeCsmsEvent } from './event-intake.js';
import { REMOTE_PROBE_TIMEOUT_MS } from './remote-probe.js';
import { subscribeSse, type SseSubscription } from './sse-client.js';
import { newStationPrefix, StationPrefix } from './station-prefix.js';
import type { CsmsTarget, DeskReadings } from './target.js';

export class RemoteBundledCsms implements CsmsTarget {
  readonly kind = 'bundled-remote';
  readonly ocppUrl: string;
  private subscription: SseSubscription | undefined;
  /** Runner clock minus the CSMS's clock, simulated ms. */
  private offsetMs = 0;
  private log: ObservationLog | undefined;
  private readonly ids: StationPrefix;

  constructor(
    private readonly url: string,
    private readonly clock: Clock,
    prefix: string = newStationPrefix(),
  ) {
    this.ids = new StationPrefix(prefix);
    this.url = url.replace(/\/+$/, '');
    this.ocppUrl = `${this.url}/ocpp`.replace(/^http/, 'ws');
  }

  /** This scenario's stations are `${stationPrefix}S1-CP1` … on the CSMS. */
  get stationPrefix(): string {
    return this.ids.prefix;
  }

  async observe(log: ObservationLog): Promise<void> {
    this.log = log;
    const sentAt = this.clock.now();
    const health = (await this.getJson('/api/health')) as { now?: unknown };
    if (typeof health.now !== 'number') throw new Error(`${this.url}/api/health did not say the CSMS's time: is this the bundled chargedrill CSMS?`);
    // The CSMS read its clock about halfway through the round trip.
    this.offsetMs = (sentAt + this.clock.now()) / 2 - health.now;
    this.subscription = subscribeSse(
      // Only what becomes an observation: every frame and ticket would be serialized, sent and parsed for nothing.
      `${this.url}/api/events?types=${OBSERVED_CSMS_EVENTS.join(',')}`,
      (data) => {
        const event = this.ids.event(data as CsmsEvent, (issueId) => log.issues.has(issueId));
        if (event) observeCsmsEvent(log, event, this.offsetMs);
      },
      (error) => log.warn(`event stream from ${this.url} broke: ${(error as Error).message}`),
    );
    await this.subscription.ready;
  }

  async sendCommand(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}/api/stations/${encodeURIComponent(this.ids.remote(stationId))}/commands/${encodeURIComponent(action)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${action} to ${stationId} failed: ${String(body['error'] ?? response.status)}`);
    return body;
  }

  async deskReadings(fromMs: number, toMs: number): Promise<DeskReadings | undefined> {
    const log = this.log;
    if (!log) return undefined;
    const toRemote = (ms: number) => Math.round(log.startEpochMs + ms - this.offsetMs);
    try {
      return this.ids.readings((await this.getJson(`/api/uptime?from=${toRemote(fromMs)}&to=${toRemote(toMs)}`)) as DeskReadings);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.subscription?.close();
  }

  private async getJson(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(REMOTE_PROBE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`GET ${this.url}${path} answered ${response.status}`);
    return response.json();
  }
}

/** What a scenario asks of the CSMS that only an in-process CSMS can do; empty when it runs as well remotely. */
export function remoteLimits(scenario: Scenario, kind: 'bundled-remote' | 'third-party'): { refusals: string[]; warnings: string[] } {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const where = kind === 'bundled-remote' ? 'a CSMS running elsewhere' : 'a third-party CSMS';
  if (scenario.steps.some((s) => s.kind === 'restart-csms')) refusals.push(`restartCsms needs the bundled CSMS in-process; it cannot restart ${where}`);
  if (kind === 'third-party' && scenario.steps.some((s) => s.kind === 'command')) refusals.push('command steps go through the bundled CSMS\'s API; a third-party CSMS has none the runner knows');
  const { csms, fleet } = scenario;
  const setup = [
    Object.keys(csms.detector).length > 0 && 'detector',
    Object.keys(csms.desk).length > 0 && 'desk',
    csms.sitesWithoutTariff.length > 0 && 'sitesWithoutTariff',
    Object.keys(csms.idTags).length > 0 && 'idTags',
    csms.bootStatus !== 'Accepted' && 'bootStatus',
    csms.heartbeatIntervalMs !== fleet.heartbeatIntervalMs && 'heartbeatInterval',
  ].filter((key): key is string => typeof key === 'string');
  if (setup.length > 0) warnings.push(`csms set-up (${setup.join(', ')}) cannot be applied to ${where}: its own configuration applies`);
  return { refusals, warnings };
}

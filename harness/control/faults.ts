/**
 * The faults a trainer injects into a running fleet through the control API: checked by the fault catalogue's
 * own validators, injected now or at a later simulated moment, listed with their state, cleared by id.
 * Ids are the control API's own (`f1`, `f2`, …) so a scheduled fault has one before it exists.
 */
import type { Clock, ClockTimer } from '../../simulator/clock.js';
import { ActiveFaults } from '../../simulator/faults/active-faults.js';
import { FAULT_KINDS, injectFault, isFaultKind, validateFaultParams, type FaultKind, type FaultParams } from '../../simulator/faults/registry.js';
import type { ActiveFault, ClearReason } from '../../simulator/faults/types.js';
import { under } from '../../simulator/problems.js';
import type { VirtualStation } from '../../simulator/station/station.js';
import { siteOfStation } from '../../simulator/vocabulary/site.js';
import { catalogueFaultParams } from '../runner/fault-validator.js';
import type { StationSelector } from '../runner/scenario/model.js';
import { BodyReader, ControlInputError, ControlRefusal } from './input.js';

export const CONTROL_FAULT_STATES = ['scheduled', 'active', 'cleared', 'cancelled', 'failed'] as const;
export type ControlFaultState = (typeof CONTROL_FAULT_STATES)[number];

export interface ControlFaultView {
  id: string;
  kind: FaultKind;
  /** Complete parameters, defaults filled in by the catalogue. */
  params: FaultParams;
  targets: { stationIds: string[]; siteId?: string; connectorId?: number };
  state: ControlFaultState;
  /** Simulated time (the fleet's clock), ISO 8601. */
  scheduledFor?: string;
  injectedAt?: string;
  clearedAt?: string;
  /** Why it ended: `manual` (cleared through the API) or the catalogue's reason (`network-recovered`, `finished`, …). */
  clearReason?: ClearReason;
  /** Why a scheduled injection failed. */
  error?: string;
}

/** What the fault book needs from the fleet. */
export interface FleetAccess {
  clock: Clock;
  station(id: string): VirtualStation | undefined;
  stationIds(): string[];
}

interface Entry {
  view: ControlFaultView;
  stations: VirtualStation[];
  timer?: ClockTimer;
  fault?: ActiveFault;
}

const INJECT_FIELDS = ['kind', 'station', 'stations', 'site', 'connector', 'params', 'at'] as const;
/** Ended faults kept for the list, oldest dropped first. */
const ENDED_KEPT = 500;
/** Node's timers hold at most 2^31-1 real ms; a later scheduled fault would fire at once. */
const MAX_TIMER_REAL_MS = 2_147_483_647;

export class ControlFaults {
  /** Every active fault of the fleet, whoever injected it (the station actions ask it what holds a station offline). */
  readonly active = new ActiveFaults();
  private readonly entries = new Map<string, Entry>();
  private next = 0;

  constructor(private readonly fleet: FleetAccess) {}

  /** Every fault, or those in the given states (`?state=active,scheduled`); 400 for a state that does not exist. */
  list(states?: string): ControlFaultView[] {
    const wanted = states === undefined ? undefined : states.split(',').map((state) => state.trim());
    const unknown = wanted?.filter((state) => !(CONTROL_FAULT_STATES as readonly string[]).includes(state)) ?? [];
    if (unknown.length > 0) throw new ControlInputError([{ path: '/state', message: `${unknown.map((u) => JSON.stringify(u)).join(', ')} is not a fault state`, allowed: [...CONTROL_FAULT_STATES] }], 'cannot list faults');
    return [...this.entries.values()].filter((entry) => wanted === undefined || wanted.includes(entry.view.state)).map((entry) => ({ ...entry.view }));
  }

  get(id: string): ControlFaultView {
    return { ...this.entryOf(id).view };
  }

  /** Checks a `POST /faults` body and injects (or schedules) the fault; 400/404 as thrown errors. */
  inject(body: Record<string, unknown>): ControlFaultView {
    const input = new BodyReader(body, INJECT_FIELDS);
    const kindText = input.text('kind', { required: true, allowed: FAULT_KINDS });
    const kind = kindText !== undefined && isFaultKind(kindText) ? kindText : undefined;
    if (kindText !== undefined && kind === undefined) {
      const unknown = validateFaultParams(kindText, {});
      if (!unknown.ok) input.problems.push(...under('/kind', unknown.problems));
    }
    const { selector, stations } = this.targetsOf(input);
    const connectorId = input.integer('connector', 1, Math.max(1, ...stations.map((s) => s.slots().length)));
    const params = input.object('params') ?? {};
    const atMs = this.whenOf(input);
    if (kind !== undefined && selector !== undefined && stations.length > 0) {
      const stationIds = stations.map((s) => s.id);
      const target = { selector, stationIds, siteIds: [...new Set(stationIds.map(siteOfStation))] };
      const checked = catalogueFaultParams(kind, params, {
        protocol: (stations[0] as VirtualStation).protocol,
        target,
        connectors: (stations[0] as VirtualStation).slots().length,
        ...(connectorId !== undefined && { connectorId }),
      });
      input.problems.push(...checked.problems);
      input.done(`cannot inject ${kind}`);
      return this.add(kind, checked.params as FaultParams, stations, selector, connectorId, atMs);
    }
    input.done(`cannot inject ${kindText ?? 'a fault'}`);
    throw new Error('unreachable: a fault without kind or targets passed the checks');
  }

  /** Clears an active fault (reason `manual`) or cancels a scheduled one; 409 when it has already ended. */
  clear(id: string): ControlFaultView {
    const entry = this.entryOf(id);
    const { view } = entry;
    if (view.state === 'scheduled') {
      entry.timer?.cancel();
      this.end(entry, 'cancelled');
    } else if (view.state === 'active') {
      entry.fault?.clear('manual');
    } else {
      throw new ControlRefusal(409, `fault ${id} (${view.kind}) is already ${view.state}${view.clearReason ? ` (${view.clearReason})` : ''}`);
    }
    return { ...view };
  }

  /** Active faults on a station, for messages that say what holds it. */
  activeOn(stationId: string): ControlFaultView[] {
    return [...this.entries.values()].filter((e) => e.view.state === 'active' && e.view.targets.stationIds.includes(stationId)).map((e) => ({ ...e.view }));
  }

  close(): void {
    for (const entry of this.entries.values()) entry.timer?.cancel();
  }

  private targetsOf(input: BodyReader): { selector?: StationSelector; stations: VirtualStation[] } {
    const given = (['station', 'stations', 'site'] as const).filter((key) => input.has(key));
    if (given.length !== 1) {
      input.report({ path: given.length === 0 ? '' : `/${given[1] as string}`, message: given.length === 0 ? 'no target given' : `give one of station, stations, site, not ${given.join(' and ')}`, allowed: ['station', 'stations', 'site'] });
      return { stations: [] };
    }
    if (input.has('station')) {
      const id = input.text('station');
      const known = id === undefined ? [] : this.knownStations(input, '/station', [id]);
      return id === undefined || known.length === 0 ? { stations: [] } : { selector: { station: id }, stations: known };
    }
    if (input.has('stations')) {
      const ids = input.raw('stations');
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id): id is string => typeof id === 'string')) {
        input.report({ path: '/stations', message: `${JSON.stringify(ids)} is not allowed`, allowed: ['a list of station ids'] });
        return { stations: [] };
      }
      const known = this.knownStations(input, '/stations', ids);
      return known.length < ids.length ? { stations: [] } : { selector: { stations: ids }, stations: known };
    }
    const site = input.text('site');
    if (site === undefined) return { stations: [] };
    const ids = this.fleet.stationIds().filter((id) => siteOfStation(id) === site);
    if (ids.length === 0) {
      input.report({ path: '/site', message: `unknown site ${JSON.stringify(site)}`, allowed: sample([...new Set(this.fleet.stationIds().map(siteOfStation))]) });
      return { stations: [] };
    }
    return { selector: { site }, stations: ids.map((id) => this.stationOf(id)) };
  }

  /** `at`: a duration of simulated time from now (`10m`), or an ISO 8601 moment of the fleet's simulated clock. */
  private whenOf(input: BodyReader): number | undefined {
    const { clock } = this.fleet;
    const maxMs = MAX_TIMER_REAL_MS * clock.timeScale;
    const raw = input.raw('at');
    if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      const at = Date.parse(raw);
      const now = clock.now();
      if (Number.isNaN(at) || at < now || at - now > maxMs) {
        input.report({ path: '/at', message: `${JSON.stringify(raw)} is not allowed`, allowed: [`a simulated moment from now (${new Date(now).toISOString()}) on, or a duration from now`] });
        return undefined;
      }
      return at;
    }
    const delay = input.durationMs('at', maxMs);
    return delay === undefined ? undefined : clock.now() + delay;
  }

  /** The fleet's stations of `ids`; each unknown one is an input problem listing the fleet's stations, as the drill API does. */
  private knownStations(input: BodyReader, path: string, ids: readonly string[]): VirtualStation[] {
    const known = ids.map((id) => this.fleet.station(id)).filter((station): station is VirtualStation => station !== undefined);
    const unknown = ids.filter((id) => this.fleet.station(id) === undefined);
    if (unknown.length > 0) input.report({ path, message: `unknown station${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => JSON.stringify(id)).join(', ')}`, allowed: sample(this.fleet.stationIds()) });
    return known;
  }

  private stationOf(id: string): VirtualStation {
    const station = this.fleet.station(id);
    if (!station) throw new ControlRefusal(404, `unknown station ${id}`);
    return station;
  }

  private add(kind: FaultKind, params: FaultParams, stations: VirtualStation[], selector: StationSelector, connectorId: number | undefined, atMs: number | undefined): ControlFaultView {
    const id = `f${++this.next}`;
    const view: ControlFaultView = {
      id,
      kind,
      params,
      targets: { stationIds: stations.map((s) => s.id), ...('site' in selector && { siteId: selector.site }), ...(connectorId !== undefined && { connectorId }) },
      state: 'scheduled',
    };
    const entry: Entry = { view, stations };
    this.entries.set(id, entry);
    const { clock } = this.fleet;
    if (atMs === undefined || atMs <= clock.now()) {
      this.start(entry, connectorId);
      // Refused at once: the caller hears why (the catalogue's own problems).
      if (view.state === 'failed') throw new ControlRefusal(409, `cannot inject ${kind}: ${view.error ?? 'refused'}`);
    } else {
      view.scheduledFor = new Date(atMs).toISOString();
      entry.timer = clock.setTimeout(() => this.start(entry, connectorId), atMs - clock.now());
    }
    return { ...view };
  }

  private start(entry: Entry, connectorId: number | undefined): void {
    const { view } = entry;
    entry.timer = undefined;
    try {
      const fault = injectFault(view.kind, { stations: entry.stations, ...(connectorId !== undefined && { connectorId }) }, view.params as never, { clock: this.fleet.clock, activeFaults: this.active });
      entry.fault = fault;
      view.state = 'active';
      view.injectedAt = new Date(fault.injectedAtMs).toISOString();
      if (!fault.active) return this.end(entry, 'cleared', fault.clearance?.reason);
      fault.on('cleared', (clearance) => this.end(entry, 'cleared', clearance.reason));
    } catch (error) {
      view.error = error instanceof Error ? error.message : String(error);
      this.end(entry, 'failed');
    }
  }

  private end(entry: Entry, state: ControlFaultState, reason?: ClearReason): void {
    entry.view.state = state;
    entry.view.clearedAt = new Date(this.fleet.clock.now()).toISOString();
    if (reason !== undefined) entry.view.clearReason = reason;
    const ended = [...this.entries.values()].filter((e) => e.view.state !== 'active' && e.view.state !== 'scheduled');
    for (const old of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) this.entries.delete(old.view.id);
  }

  private entryOf(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new ControlRefusal(404, `unknown fault ${id}`);
    return entry;
  }
}

/** Names an input problem offers as allowed: all of a short list, else the first ones and how many more. */
const SAMPLE_SIZE = 20;
function sample(names: readonly string[]): string[] {
  return names.length <= SAMPLE_SIZE ? [...names] : [...names.slice(0, SAMPLE_SIZE), `… ${names.length - SAMPLE_SIZE} more`];
}

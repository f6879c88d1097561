/**
 * The fault catalogue's vocabulary: what a fault is (a definition with typed parameters and a clearing
 * rule), what it is injected into (stations, optionally one connector) and what injecting one returns
 * (an active fault that can be cleared). Faults are named behaviour changes of virtual stations; every
 * duration is simulated time on the shared clock.
 */
import type { Clock } from '../clock.js';
import type { OcppProtocol } from '../protocol/versions.js';
import type { VirtualStation } from '../station/station.js';
import type { ParamSpecs } from './params.js';


/** Why an active fault ended. */
export type ClearReason =
  /** A field visit (technician, electrician, network engineer, firmware flash on site). */
  | 'technician'
  | 'remote-unlock'
  | 'remote-soft-reset'
  | 'remote-hard-reset'
  /** The network came back on its own after the configured outage. */
  | 'network-recovered'
  /** A transient condition went away by itself (the EV was unplugged). */
  | 'self-cleared'
  /** A behaviour that runs a fixed number of times has run them all. */
  | 'finished'
  /** Cleared by whoever injected it (a scenario step, a trainer). */
  | 'manual';

/** A remote command that clears a fault, in the desk's ladder words (1.6 Soft / 2.0.1 OnIdle is a soft reset). */
export type RemoteClear = 'UnlockConnector' | 'soft-reset' | 'hard-reset' | 'UnlockConnector+reset';

/** What clears a fault; scenarios and the playbook read it to know which remote fix should work. */
export interface ClearingRule {
  /** Remote commands that clear it, tried in this order by a sensible desk; empty when none does. */
  remote: readonly RemoteClear[];
  /** Whether a technician visit clears it. */
  technician: boolean;
  /** Whether it ends on its own after its configured duration (network recovery, a finite behaviour). */
  time: boolean;
  /** Who really has to act when nothing remote works (docs/domain.md §5 routing). */
  owner: 'field-engineering' | 'field-service' | 'network-it' | 'site-electrician' | 'manufacturer' | 'tier-1' | 'tier-2';
  /** One line for reports and trainers. */
  summary: string;
}

export interface FaultTargets {
  /** The stations the fault acts on: one for most faults, a site's stations for an uplink outage. */
  stations: readonly VirtualStation[];
  /** The connector of a connector fault; each fault documents its default. */
  connectorId?: number;
}

/** Where injected faults are registered (active-faults.ts's ActiveFaults); only `add` is needed here. */
export interface FaultRegister {
  add(fault: ActiveFault): void;
}

export interface FaultContext {
  clock: Clock;
  /** Where the active fault is registered so a technician can clear it; optional for one-off use. */
  activeFaults?: FaultRegister;
  /** Seeded source for jitter; defaults to a seed derived from the station id. */
  random?: () => number;
}

export interface FaultClearance {
  reason: ClearReason;
  /** Simulated epoch ms. */
  atMs: number;
}

export interface ActiveFaultEvents {
  cleared: [clearance: FaultClearance];
}

/** An injected fault until it is cleared. */
export interface ActiveFault {
  readonly id: string;
  /** A FaultKind (registry.ts, whose keys are the kinds; typed as text here so this file does not import the registry). */
  readonly kind: string;
  readonly stationIds: readonly string[];
  /** Undefined for a fault of the whole station (or stations). */
  readonly connectorId: number | undefined;
  readonly clearingRule: ClearingRule;
  /** Simulated epoch ms. */
  readonly injectedAtMs: number;
  readonly active: boolean;
  readonly clearance: FaultClearance | undefined;
  /** Resolves once cleared, for whatever reason. */
  readonly cleared: Promise<FaultClearance>;
  /** Ends the fault: the station behaves normally again (connectors leave Faulted, the network returns). Idempotent. */
  clear(reason: ClearReason): void;
  on<E extends keyof ActiveFaultEvents>(event: E, listener: (...args: ActiveFaultEvents[E]) => void): this;
}

export interface FaultDefinition<P extends object> {
  /** Its key in the registry (a test checks they agree). */
  kind: string;
  description: string;
  protocols: readonly OcppProtocol[];
  /** What `targets` must name: a connector of one station, one station, or a set of stations. */
  scope: 'connector' | 'station' | 'stations';
  /** Fewest target stations (ConcurrentTx needs two). */
  minStations: number;
  params: ParamSpecs<P>;
  clearedBy(params: P): ClearingRule;
  /** Starts the fault on validated parameters and targets. */
  inject(targets: ResolvedTargets, params: P, ctx: FaultContext): ActiveFault;
}

/** Targets after checking: a connector fault always knows its connector. */
export interface ResolvedTargets {
  stations: readonly VirtualStation[];
  connectorId: number | undefined;
}

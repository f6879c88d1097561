/**
 * A scenario as the runner uses it: durations in ms of simulated time, station selectors resolved to
 * ids of the fleet, defaults applied. Built from a file by `parseScenario` (load.ts).
 */
import type { SourcePosition } from '../../../reports/result.js';
import type { IdTagLists } from '../../csms/id-tags.js';
import type { DetectorConfig } from '../../detector/config.js';
import type { IssueType } from '../../issues/catalogue.js';
import type { PlaybookConfigInput } from '../../playbook/config.js';
import type { EscalationTarget } from '../../issues/teams.js';
import type { FaultKind, FaultParams } from '../../../simulator/faults/registry.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { FeatureProfile } from '../../../simulator/station/feature-profiles.js';
import type { ChaosOptions } from '../../../simulator/transport/chaos.js';
import { CHARGE_POINT_STATUSES, CONNECTOR_STATUSES_201, type OcppConnectorStatus } from '../../../simulator/vocabulary/connector-status.js';

// These lists repeat enums of scenarios/scenario.schema.json (JSON imports carry no literal types);
// a unit test keeps the two equal.

/** Faults of the catalogue, by the names scenario files use: the catalogue's own list. */
export { FAULT_KINDS, type FaultKind } from '../../../simulator/faults/registry.js';

/** 1.6 ChargePointStatus plus 2.0.1's Occupied; which apply depends on the protocol. */
export const CONNECTOR_STATUSES = {
  'ocpp1.6': CHARGE_POINT_STATUSES,
  'ocpp2.0.1': CONNECTOR_STATUSES_201,
} as const satisfies Record<OcppProtocol, readonly OcppConnectorStatus[]>;

/** Metrics a scenario can bound; latencies and times are durations, rates percentages. */
export const METRICS = {
  'detection-latency-p50': 'ms',
  'detection-latency-p95': 'ms',
  'detection-latency-p99': 'ms',
  'detection-latency-max': 'ms',
  'time-to-remote-recovery-mean': 'ms',
  'time-to-remote-recovery-median': 'ms',
  'first-contact-resolution-rate': 'percent',
  'repeat-incident-rate': 'percent',
} as const;
export type MetricName = keyof typeof METRICS;

/** Values the loader fills in when a file leaves them out. */
export const SCENARIO_DEFAULTS = {
  timeScale: 60,
  seed: 1,
  connectors: 2,
  heartbeatIntervalMs: 300_000,
  durationMs: 600_000,
  technicianTravelMs: 7_200_000,
  technicianRepairMs: 1_800_000,
  technicianTestSession: true,
  sessionConnectorId: 1,
  sessionDurationMs: 1_800_000,
  sessionUnplugAfterMs: 30_000,
} as const;

/** A station selector as written, kept so the runner knows a site-wide fault from a list of stations. */
export type StationSelector =
  | { station: string }
  | { stations: string[] }
  | { site: string; count?: number }
  | { count: number };

export interface StationTarget {
  selector: StationSelector;
  /** In fleet order (by site, then station number). */
  stationIds: string[];
  /** Sites of `stationIds`, in order. */
  siteIds: string[];
}

export interface FleetSpec {
  sites: number;
  stationsPerSite: number;
  connectors: number;
  heartbeatIntervalMs: number;
  /** Feature profiles the stations advertise; absent: all. */
  featureProfiles?: readonly FeatureProfile[];
  /** Every station id, S1-CP1 … S<sites>-CP<stationsPerSite>, in fleet order. */
  stationIds: string[];
  siteIds: string[];
}

/** Set-up of the bundled CSMS; the detector and desk parts hold only what the file overrides. */
export interface CsmsSetup {
  /** Handed out in BootNotification; fleet.heartbeatIntervalMs unless the file says otherwise. */
  heartbeatIntervalMs: number;
  bootStatus: 'Accepted' | 'Pending' | 'Rejected';
  sitesWithoutTariff: string[];
  idTags: IdTagLists;
  detector: Partial<DetectorConfig>;
  desk: PlaybookConfigInput;
}

/** Network chaos for the stations a `chaos` entry selects. */
export interface ChaosRule {
  target: StationTarget;
  options: ChaosOptions;
}

export interface TechnicianSpec {
  travelMs: number;
  repairMs: number;
  testSession: boolean;
}

interface StepBase {
  /** Position in `steps`, 0-based. */
  index: number;
  name?: string;
  atMs: number;
  source: SourcePosition;
}

export interface SessionStep extends StepBase {
  kind: 'session';
  target: StationTarget;
  connectorId: number;
  /** Absent: the runner gives each session a fresh token. */
  idTag?: string;
  durationMs: number;
  /** Absent: the station's maximum power. */
  powerW?: number;
  unplugAfterMs: number;
}

export interface FaultStep extends StepBase {
  kind: 'fault';
  fault: FaultKind;
  target: StationTarget;
  connectorId?: number;
  /** Complete: checked and defaulted by the fault catalogue when the scenario was loaded, injected as they are. */
  params: FaultParams;
}

export interface ClearStep extends StepBase {
  kind: 'clear';
  fault: FaultKind;
  target: StationTarget;
  connectorId?: number;
}

export interface WaitStep extends StepBase {
  kind: 'wait';
}

export interface RestartCsmsStep extends StepBase {
  kind: 'restart-csms';
}

export interface CommandStep extends StepBase {
  kind: 'command';
  action: string;
  target: StationTarget;
  payload: Record<string, unknown>;
}

/** One recorded frame of a station, replayed (docs/replay.md). */
export interface ReplayStep extends StepBase {
  kind: 'replay';
  target: StationTarget;
  /** `send`: the station sends `action` as a CALL; `answer`: it answers the CSMS's next `action` with `payload`. */
  mode: 'send' | 'answer';
  action: string;
  payload: Record<string, unknown>;
  /** send: when it was recorded (epoch ms); its timestamps move by the time from then to now. */
  recordedAtMs?: number;
  /** send: the CSMS's recorded answer (a 1.6 transactionId in it is mapped to the one assigned now). */
  recordedAnswer?: Record<string, unknown>;
}

export type Step = SessionStep | FaultStep | ClearStep | WaitStep | RestartCsmsStep | CommandStep | ReplayStep;

/** The step a `within` is measured from: named by `after`, or the last fault step in scope. */
export interface Anchor {
  /** Absent: the start of the scenario (a command expectation without `within` and no step in scope). */
  stepIndex?: number;
  stepName?: string;
  atMs: number;
}

interface ExpectationBase {
  /** Position in `expect`, 0-based. */
  index: number;
  source: SourcePosition;
}

interface Timed {
  from: Anchor;
  withinMs: number;
  /** `from.atMs + withinMs`: the latest simulated time that still passes. */
  deadlineMs: number;
}

export interface IssueExpectation extends ExpectationBase, Timed {
  kind: 'issue';
  issue: IssueType;
  stationId?: string;
  siteId?: string;
  connectorId?: number;
}

export interface EscalationExpectation extends ExpectationBase, Timed {
  kind: 'escalation';
  target: EscalationTarget;
  issue?: IssueType;
  stationId?: string;
  siteId?: string;
}

export interface CommandExpectation extends ExpectationBase, Timed {
  kind: 'command';
  action: string;
  stationId: string;
  connectorId?: number;
  /** Fields the request must contain (subset match). */
  payload?: Record<string, unknown>;
}

export interface NeverExpectation extends ExpectationBase {
  kind: 'never';
  action: string;
  /** Absent: any station. */
  stationId?: string;
  payload?: Record<string, unknown>;
}

export interface ConnectorExpectation extends ExpectationBase {
  kind: 'connector';
  stationId: string;
  connectorId: number;
  status: OcppConnectorStatus;
  after: 'technician-visit' | 'end';
}

export interface UptimeExpectation extends ExpectationBase {
  kind: 'uptime';
  /** Absent: every connector of the fleet. */
  stationId?: string;
  /** Absent: every connector of the station. */
  connectorId?: number;
  atLeastPercent: number;
}

export interface MetricExpectation extends ExpectationBase {
  kind: 'metric';
  metric: MetricName;
  /** Latencies and times are in ms; rates in percent. */
  unit: 'ms' | 'percent';
  atMost?: number;
  atLeast?: number;
}

export type Expectation =
  | IssueExpectation
  | EscalationExpectation
  | CommandExpectation
  | NeverExpectation
  | ConnectorExpectation
  | UptimeExpectation
  | MetricExpectation;

export interface Scenario {
  file: string;
  /** Where `name` is written. */
  source: SourcePosition;
  name: string;
  summary: string;
  tags: string[];
  protocol: OcppProtocol;
  timeScale: number;
  seed: number;
  fleet: FleetSpec;
  csms: CsmsSetup;
  technician: TechnicianSpec;
  /** Network chaos per station (the first rule that selects a station applies); absent: a clean network. */
  chaos?: ChaosRule[];
  /** Observation after the last step. */
  durationMs: number;
  /** The last step's `atMs` + `durationMs`: when the scenario ends. */
  endMs: number;
  steps: Step[];
  expectations: Expectation[];
  /** Issue types that may be raised without being expected. */
  allowIssues: IssueType[];
}

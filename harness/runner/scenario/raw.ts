/**
 * A scenario file as written, once it passed scenarios/scenario.schema.json: durations still strings,
 * selectors unresolved, nothing defaulted. Only the build step (build.ts) reads these.
 */
import type { FeatureProfile } from '../../../simulator/station/feature-profiles.js';

export interface RawSelector {
  station?: string;
  stations?: string[];
  site?: string;
  count?: number;
}

/** A `chaos` entry: a selector and chaos settings by their spec keys (latency, drop, …). */
export type RawChaosEntry = RawSelector & Record<string, string | number | string[] | undefined>;

export interface RawStep {
  at: string;
  name?: string;
  session?: RawSelector & { connector?: number; idTag?: string; duration?: string; power?: number; unplugAfter?: string };
  fault?: RawSelector & { kind: string; connector?: number; params?: Record<string, unknown> };
  clear?: RawSelector & { fault: string; connector?: number };
  wait?: true;
  restartCsms?: true;
  command?: RawSelector & { action: string; payload?: Record<string, unknown> };
  replay?: { station: string; send?: string; answer?: string; payload: Record<string, unknown>; recordedAt?: string; recordedAnswer?: Record<string, unknown> };
}

interface RawTimed {
  within?: string;
  after?: string;
}

export type RawExpectation = RawTimed & {
  issue?: string;
  escalation?: string;
  command?: string;
  station?: string;
  site?: string;
  connector?: number | { station: string; connector: number; status: string; after?: 'technician-visit' | 'end' };
  payload?: Record<string, unknown>;
  never?: { command: string; station?: string; payload?: Record<string, unknown> };
  uptime?: { station?: string; connector?: number; atLeast: number };
  metric?: { name: string; atMost?: string | number; atLeast?: string | number };
};

export interface RawCsms {
  heartbeatInterval?: string;
  bootStatus?: 'Accepted' | 'Pending' | 'Rejected';
  sitesWithoutTariff?: string[];
  idTags?: { accepted?: string[]; blocked?: string[]; expired?: string[]; invalid?: string[] };
  detector?: Record<string, string | number>;
  desk?: {
    ladders?: Record<string, string[]>;
    laddersByErrorCode?: Record<string, string[]>;
    verifyAvailableWithin?: Record<string, string>;
    [setting: string]: unknown;
  };
}

export interface RawScenario {
  name: string;
  summary: string;
  tags?: string[];
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  timeScale?: number;
  seed?: number;
  csms?: RawCsms;
  fleet: { sites: number; stationsPerSite: number; connectors?: number; heartbeatInterval?: string; featureProfiles?: FeatureProfile[] };
  technician?: { travelTime?: string; repairTime?: string; testSession?: boolean };
  chaos?: RawChaosEntry[];
  duration?: string;
  steps: RawStep[];
  expect: RawExpectation[];
  allowIssues?: string[];
}

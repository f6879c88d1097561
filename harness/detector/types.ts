/**
 * What the detector produces: issues with stable, documented codes. The codes, severities and the
 * rest of what an issue type means are in the issue catalogue (harness/issues/catalogue.ts).
 */

import type { IssueType, Severity } from '../issues/catalogue.js';

/** A frame or event that made the detector act, kept so the desk does not have to dig in the message log. */
export interface Evidence {
  seq: number;
  /** Simulated epoch ms of the event. */
  at: number;
  summary: string;
  payload?: unknown;
}

/** A moment in both time bases: `simMs` is the shared clock's epoch ms, `realMs` the real wall clock's. */
export interface IssueStamp {
  simMs: number;
  realMs: number;
}

export interface Issue {
  id: string;
  /** One open issue per key: the type plus its scope (site, station, connector, token). */
  key: string;
  type: IssueType;
  code: string;
  severity: Severity;
  stationId?: string;
  /** 2.0.1 only: the EVSE the connector belongs to. */
  evseId?: number;
  connectorId?: number;
  siteId?: string;
  /** The first entry is the trigger; the rest are the most recent ones (see DetectorConfig.evidenceMax). */
  evidence: Evidence[];
  /** `simMs` is the moment the condition held (for a threshold: when it was crossed), not when it was noticed. */
  raisedAt: IssueStamp;
  resolvedAt?: IssueStamp;
  /** E.g. a station's connectivity issue linked to its site's outage. */
  parentId?: string;
  details: Record<string, unknown>;
}

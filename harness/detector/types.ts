/**
 * What the detector produces: issues with stable, documented codes. Codes are never reused; a new
 * issue type gets the next free code and a row in ISSUE_TYPES (a test checks the table is complete).
 */

export type IssueType =
  | 'no-connectivity'
  | 'site-outage'
  | 'connector-faulted'
  | 'safety-fault'
  | 'power-meter-failure'
  | 'stuck-finishing'
  | 'reboot-loop'
  | 'authorization-failures'
  | 'network-authorization-failures'
  | 'concurrent-tx'
  | 'cost-not-configured'
  | 'repeated-failed-sessions';

export type Severity = 'critical' | 'major' | 'minor';

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

export interface IssueTypeInfo {
  code: string;
  severity: Severity;
  description: string;
}

export const ISSUE_TYPES: Readonly<Record<IssueType, IssueTypeInfo>> = {
  'no-connectivity': {
    code: 'CD-I001',
    severity: 'major',
    description: 'No message from the station for the configured number of heartbeat intervals.',
  },
  'site-outage': {
    code: 'CD-I002',
    severity: 'critical',
    description: "Enough of a site's stations lost connectivity within a short window: one site issue for network/IT.",
  },
  'connector-faulted': {
    code: 'CD-I003',
    severity: 'major',
    description: 'A connector reported Faulted for a reason that is neither a safety fault nor a power meter failure.',
  },
  'safety-fault': {
    code: 'CD-I004',
    severity: 'critical',
    description: 'Ground, over-current, over/under-voltage or temperature fault: field engineering at once, never auto-reset.',
  },
  'power-meter-failure': {
    code: 'CD-I005',
    severity: 'major',
    description: 'The energy meter failed: sessions cannot be billed.',
  },
  'stuck-finishing': {
    code: 'CD-I006',
    severity: 'minor',
    description: 'The connector did not return to Available within the threshold after its session ended.',
  },
  'reboot-loop': {
    code: 'CD-I007',
    severity: 'major',
    description: 'Repeated boots or PowerLoss stops within the window: site power, or firmware if InternalError was reported.',
  },
  'authorization-failures': {
    code: 'CD-I008',
    severity: 'minor',
    description: 'Repeated rejected Authorize requests at one station within the window.',
  },
  'network-authorization-failures': {
    code: 'CD-I009',
    severity: 'critical',
    description: 'Authorization failures at several sites at once: a central system failure, not one charger.',
  },
  'concurrent-tx': {
    code: 'CD-I010',
    severity: 'minor',
    description: 'A token was refused because it is already in a session elsewhere.',
  },
  'cost-not-configured': {
    code: 'CD-I011',
    severity: 'major',
    description: 'A session was refused because no tariff is configured for the site.',
  },
  'repeated-failed-sessions': {
    code: 'CD-I012',
    severity: 'major',
    description: 'Repeated sessions on one charger ended almost at once or delivered no energy.',
  },
};

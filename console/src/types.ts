/** What the console reads from the CSMS and the fleet, as their APIs answer it (type-only: nothing here is bundled). */
export type { ConnectorView, StationView } from '../../harness/csms/station-view.js';
export type { MessageRow } from '../../harness/csms/store-schema.js';
export type { IssueView } from '../../harness/desk/issue-view.js';
export type { UptimeReport } from '../../harness/desk/uptime-report.js';
export type { DeskMetrics } from '../../harness/playbook/desk-metrics.js';
export type { ActionRecord, EscalationRecord, Ticket, WorkOrder } from '../../harness/playbook/types.js';
export type { CsmsEvent } from '../../harness/csms/events.js';

/** `GET /api/console/config`; a CSMS without it (404) gets `UNKNOWN_CONFIG`. */
export interface ConsoleConfig {
  control: boolean;
  drills: boolean;
  timeScale: number | null;
  paused: boolean;
}

/** One kind of `GET /control/fault-kinds`. */
export interface FaultKind {
  kind: string;
  description: string;
  scope: string;
  minStations?: number;
  protocols: string[];
  params: Record<string, { description: string; default: unknown; allowed: string[] }>;
}

/** A fault as `/control/faults` shows it. */
export interface ControlFault {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  targets: { stationIds: string[]; connectorId?: number };
  state: 'scheduled' | 'active' | 'cleared' | 'cancelled' | 'failed';
  injectedAt?: string;
  scheduledFor?: string;
  clearedAt?: string;
  clearReason?: string;
  error?: string;
}

/** A drill as `/api/drills/:id` answers it (docs/training.md): times are ISO strings of the simulated clock. */
export type { DrillAction, DrillScore, DrillView as Drill, ScoreItem, TimelineEntry } from '../../harness/training/drill-types.js';

/** `GET /api/drills/catalogue`. */
export interface DrillCatalogue {
  tiers: string[];
  parts: string[];
  severities: string[];
}

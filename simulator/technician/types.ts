/** A field technician's visit as the rest of the system sees it: the work order in, timestamped events out. */
import type { Clock } from '../clock.js';
import type { ActiveFaults } from '../faults/active-faults.js';
import type { SessionResult } from '../station/types.js';

/** What the technician is sent to do: the desk's work order as the visit carries it. */
export interface VisitOrder {
  stationId: string;
  /** The connector the order is about; station-wide faults are repaired either way. */
  connectorId?: number;
  workOrderId: string;
  /** The part brought along (e.g. "RCD / ground-fault module"); recorded, not checked. */
  part?: string;
}

export interface DispatchOptions {
  clock: Clock;
  /** Where the station's faults are registered: the technician clears them through their handles. */
  activeFaults: ActiveFaults;
  /** Simulated seconds from dispatch to arrival on site. */
  travelTimeS: number;
  /** Simulated seconds on site before the repair is done. */
  repairTimeS: number;
  /** Whether to prove the repair with a charging session. */
  testSession: boolean;
  /** The technician's token for the test session. */
  idTag?: string;
  /** Charging time of the test session, simulated seconds (long enough not to count as a failed session). */
  testSessionS?: number;
  /** How long to wait for the station to boot again after the power cycle, simulated seconds. */
  backOnlineWithinS?: number;
  /** How long to wait for the connector to be Available before the test session (e.g. until the desk makes it Operative). */
  availableWithinS?: number;
}

export interface ClearedFaultRef {
  id: string;
  /** The fault's kind (a FaultKind of the catalogue). */
  kind: string;
}

interface VisitEventBase {
  stationId: string;
  workOrderId: string;
  connectorId?: number;
  part?: string;
  /** Simulated epoch ms. */
  atMs: number;
}

export type TechnicianEvent =
  | (VisitEventBase & { type: 'technician-arrived' })
  | (VisitEventBase & { type: 'technician-repaired'; clearedFaults: ClearedFaultRef[] })
  /** Only when a connector was out of service (e.g. made Inoperative by the desk): the ones put back. */
  | (VisitEventBase & { type: 'technician-recommissioned'; connectorIds: number[] })
  | (VisitEventBase & { type: 'technician-test-session'; result: SessionResult })
  | (VisitEventBase & { type: 'technician-left'; backOnline: boolean; testPassed: boolean | undefined });

export type TechnicianEventType = TechnicianEvent['type'];

export interface VisitReport {
  workOrderId: string;
  stationId: string;
  events: TechnicianEvent[];
  clearedFaults: ClearedFaultRef[];
  /** The station booted again after the power cycle. */
  backOnline: boolean;
  /** Undefined when no test session was run (not asked, or the station never came back). */
  testPassed: boolean | undefined;
}

/**
 * CD-V002: a 2.0.1 ConnectorStatus change no real connector can make. A 2.0.1 status is a coarser view of
 * the 1.6 one (Occupied covers Preparing to Finishing), so a change is possible exactly when some allowed
 * 1.6 transition shows as it; that leaves Occupied → Reserved and Unavailable → Reserved impossible (a
 * reservation needs a free, operative connector). The first status per connector after a (re)connect or a
 * BootNotification is free.
 */
import { ALLOWED_TRANSITIONS } from '../../../../simulator/station/connector.js';
import { toConnectorStatus201 } from '../../../../simulator/vocabulary/connector-status.js';
import type { ChargePointStatus } from '../../../../simulator/vocabulary/connector-status.js';
import type { RuleDefinition, StrictConnection } from '../types.js';

const POSSIBLE: ReadonlySet<string> = new Set(
  (Object.entries(ALLOWED_TRANSITIONS) as [ChargePointStatus, readonly ChargePointStatus[]][]).flatMap(([from, tos]) =>
    tos.map((to) => `${toConnectorStatus201(from, false)}>${toConnectorStatus201(to, false)}`),
  ),
);

export function isStatusChangePossible201(from: string, to: string): boolean {
  return from === to || POSSIBLE.has(`${from}>${to}`);
}

export const statusChange201: RuleDefinition = {
  id: 'CD-V002',
  name: 'status-change-201',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp2.0.1'],
  actions: ['BootNotification', 'StatusNotification'],
  errorCode: 'PropertyConstraintViolation',
  create: () => {
    const last = new WeakMap<StrictConnection, Map<string, string>>();
    return (call, conn) => {
      if (call.action === 'BootNotification') {
        last.delete(conn);
        return undefined;
      }
      const { evseId, connectorId, connectorStatus } = call.payload as { evseId: number; connectorId: number; connectorStatus: string };
      let statuses = last.get(conn);
      if (!statuses) last.set(conn, (statuses = new Map()));
      const where = `${evseId}/${connectorId}`;
      const from = statuses.get(where);
      statuses.set(where, connectorStatus);
      if (from === undefined || isStatusChangePossible201(from, connectorStatus)) return undefined;
      return `EVSE ${evseId} connector ${connectorId}: ${from} → ${connectorStatus} is impossible`;
    };
  },
};

/**
 * CD-V001: a 1.6 connector status change the 1.6 transition table does not allow (docs/domain.md §2).
 * The first status of each connector after a (re)connect or a BootNotification is free: the CSMS cannot
 * know what happened while the station was away.
 */
import { isTransitionAllowed } from '../../../../simulator/station/connector.js';
import type { ChargePointStatus } from '../../../../simulator/vocabulary/connector-status.js';
import type { RuleDefinition, StrictConnection } from '../types.js';

export const statusTransition16: RuleDefinition = {
  id: 'CD-V001',
  name: 'status-transition-16',
  severity: 'error',
  phase: 'call',
  protocols: ['ocpp1.6'],
  actions: ['BootNotification', 'StatusNotification'],
  errorCode: 'PropertyConstraintViolation',
  create: () => {
    const last = new WeakMap<StrictConnection, Map<number, ChargePointStatus>>();
    return (call, conn) => {
      if (call.action === 'BootNotification') {
        last.delete(conn);
        return undefined;
      }
      const connectorId = call.payload.connectorId as number;
      const to = call.payload.status as ChargePointStatus;
      let statuses = last.get(conn);
      if (!statuses) last.set(conn, (statuses = new Map()));
      const from = statuses.get(connectorId);
      statuses.set(connectorId, to);
      if (from === undefined || from === to || isTransitionAllowed(from, to)) return undefined;
      return `connector ${connectorId}: ${from} → ${to} is not an allowed OCPP 1.6 status transition`;
    };
  },
};

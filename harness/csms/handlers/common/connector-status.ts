/** Records a connector status report (either version) in the store and on the event bus. */
import type { HandlerContext } from '../handler.js';

export interface StatusReport {
  connectorId: number;
  evseId?: number;
  status: string;
  errorCode?: string;
  info?: string;
  vendorErrorCode?: string;
  /** The station's own time of the change, as sent (its clock, not ours). */
  timestamp?: string;
}

export function recordStatus(ctx: HandlerContext, report: StatusReport): void {
  const { session, services } = ctx;
  services.store.saveConnector({
    stationId: session.id,
    connectorId: report.connectorId,
    evseId: report.evseId ?? null,
    status: report.status,
    errorCode: report.errorCode ?? null,
    info: report.info ?? null,
    vendorErrorCode: report.vendorErrorCode ?? null,
    updatedAt: services.options.clock.now(),
  });
  services.bus.emit({ type: 'status', stationId: session.id, ...report });
}

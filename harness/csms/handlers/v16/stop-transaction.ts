/** 1.6 StopTransaction. An unknown transaction (e.g. replayed after a restart on ':memory:') is still answered. */
import type { Response16 } from '../../../../simulator/protocol/actions.js';
import { defineHandler16 } from '../handler.js';

export const stopTransaction16 = defineHandler16('StopTransaction', (ctx, p) => {
  const { session, services } = ctx;
  // The spec's default when a station leaves the reason out.
  const reason = p.reason ?? 'Local';
  const transactionId = String(p.transactionId);
  const row = services.transactions.end(session.id, transactionId, {
    meterStopWh: p.meterStop,
    stoppedAt: services.options.clock.now(),
    reason,
  });
  services.bus.emit({
    type: 'transaction-ended',
    stationId: session.id,
    transactionId,
    connectorId: row?.connectorId ?? 0,
    reason,
    meterStopWh: p.meterStop,
    energyWh: row ? Math.max(0, p.meterStop - row.meterStartWh) : 0,
    ...(!row && { energyKnown: false }),
  });
  const response: Response16<'StopTransaction'> = {};
  if (p.idTag !== undefined) response.idTagInfo = { status: services.options.idTagRule(p.idTag, session.id) };
  return response;
});

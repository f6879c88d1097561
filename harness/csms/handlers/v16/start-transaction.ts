/**
 * 1.6 StartTransaction. The spec requires a transactionId even when the token is refused, so every
 * start gets one; a refused start (status other than Accepted) does not hold its token, and the
 * station is expected to stop it (DeAuthorized).
 */
import { decideAndAnnounce, idTagStatus16 } from '../common/token.js';
import { defineHandler16 } from '../handler.js';

export const startTransaction16 = defineHandler16('StartTransaction', (ctx, p) => {
  const { session, services } = ctx;
  // The same start again (a station retrying a StartTransaction whose answer a crash or a dropped connection lost):
  // the transaction it already opened, not a second one left open forever.
  const running = services.transactions.holding(p.idTag);
  if (running !== undefined && running.stationId === session.id && running.connectorId === p.connectorId && running.meterStartWh === p.meterStart) {
    return { idTagInfo: { status: 'Accepted' as const }, transactionId: Number(running.transactionId) };
  }
  const status = idTagStatus16(decideAndAnnounce(ctx, p.idTag, 'StartTransaction', true));
  const transactionId = services.transactions.allocateId();
  services.transactions.start({
    stationId: session.id,
    transactionId: String(transactionId),
    connectorId: p.connectorId,
    evseId: null,
    idTag: p.idTag,
    authStatus: status,
    meterStartWh: p.meterStart,
    startedAt: services.options.clock.now(),
    meterStopWh: null,
    stoppedAt: null,
    reason: null,
  });
  services.bus.emit({
    type: 'transaction-started',
    stationId: session.id,
    transactionId: String(transactionId),
    connectorId: p.connectorId,
    idTag: p.idTag,
    meterStartWh: p.meterStart,
  });
  return { idTagInfo: { status }, transactionId };
});

/**
 * 1.6 StartTransaction. The spec requires a transactionId even when the token is refused, so every
 * start gets one; a refused start (status other than Accepted) does not hold its token, and the
 * station is expected to stop it (DeAuthorized).
 */
import { decideAndAnnounce } from '../common/token.js';
import { defineHandler } from '../handler.js';

interface StartTransactionReq {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}

export const startTransaction16 = defineHandler<StartTransactionReq>('StartTransaction', (ctx, p) => {
  const { session, services } = ctx;
  const { status } = decideAndAnnounce(ctx, p.idTag, 'StartTransaction', true);
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

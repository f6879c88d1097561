/** 1.6 Reservation: ReserveNow and CancelReservation (1.6 §5.13, §5.2). */
import type { CsmsAction16 } from '../../protocol/actions.js';
import type { Handler16 } from './handler.js';

const reserveNow: Handler16<'ReserveNow'> = (req, control) => ({
  status: control.reservations.reserve({
    id: req.reservationId,
    idTag: req.idTag,
    ...(req.parentIdTag !== undefined && { groupId: req.parentIdTag }),
    // Connector 0: any connector of the station (only with ReserveConnectorZeroSupported).
    ...(req.connectorId !== 0 && { connectorId: req.connectorId }),
    expiresAtMs: Date.parse(req.expiryDate),
  }),
});

const cancelReservation: Handler16<'CancelReservation'> = (req, control) => ({
  status: control.reservations.cancel(req.reservationId) ? 'Accepted' : 'Rejected',
});

export const RESERVATION_COMMANDS_16: { readonly [A in CsmsAction16]?: Handler16<A> } = {
  ReserveNow: reserveNow,
  CancelReservation: cancelReservation,
};

/** 2.0.1 Reservation (H01 ReserveNow, H02 CancelReservation); every connector is its own EVSE. */
import type { CsmsAction201 } from '../../protocol/actions.js';
import type { Handler201 } from './handler.js';

/** The sockets of the simulated AC station (22 kW Type 2): a reservation for another connector type cannot be met. */
const STATION_CONNECTOR_TYPE = 'cType2';

const reserveNow: Handler201<'ReserveNow'> = (req, control) => {
  if (req.connectorType !== undefined && req.connectorType !== STATION_CONNECTOR_TYPE) return { status: 'Rejected' };
  return {
    status: control.reservations.reserve({
      id: req.id,
      idTag: req.idToken.idToken,
      ...(req.groupIdToken !== undefined && { groupId: req.groupIdToken.idToken }),
      // No evseId: any EVSE (only with ReservationCtrlr.NonEvseSpecific).
      ...(req.evseId !== undefined && req.evseId !== 0 && { connectorId: req.evseId }),
      expiresAtMs: Date.parse(req.expiryDateTime),
    }),
  };
};

const cancelReservation: Handler201<'CancelReservation'> = (req, control) => ({
  status: control.reservations.cancel(req.reservationId) ? 'Accepted' : 'Rejected',
});

export const RESERVATION_COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
  ReserveNow: reserveNow,
  CancelReservation: cancelReservation,
};

/** BootNotification, shared by both versions once the station's identity has been read. */
import type { Request16, Request201, Response16, Response201 } from '../../../../simulator/protocol/actions.js';
import type { BootStatus } from '../../options.js';
import { isoNow } from '../handler.js';
import type { HandlerContext } from '../handler.js';

export interface BootInfo {
  vendor: string;
  model: string;
  firmware: string | undefined;
}

type BootRequest = Request16<'BootNotification'> | Request201<'BootNotification'>;
type BootResponse = Response16<'BootNotification'> & Response201<'BootNotification'>;

export async function answerBoot(ctx: HandlerContext, info: BootInfo, request: BootRequest): Promise<BootResponse> {
  // The boot policy and the event take the request as plain JSON.
  const payload = request as unknown as Record<string, unknown>;
  const { session, services } = ctx;
  const { options } = services;
  const status: BootStatus =
    typeof options.bootStatus === 'function' ? await options.bootStatus(session.id, payload) : options.bootStatus;
  session.bootStatus = status;
  const row = session.row;
  row.vendor = info.vendor;
  row.model = info.model;
  row.firmware = info.firmware ?? null;
  row.bootStatus = status;
  services.store.saveStation(row);
  services.bus.emit({ type: 'boot', stationId: session.id, status, payload });
  // Accepted: the heartbeat interval. Otherwise: the minimum wait before the next BootNotification.
  const interval = status === 'Accepted' ? options.heartbeatIntervalS : options.bootRetryIntervalS;
  return { status, currentTime: isoNow(ctx), interval };
}

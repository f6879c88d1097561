/** OCPP 2.0.1 functional blocks L (firmware) and N (log upload): UpdateFirmware and GetLog. */
import type { CsmsAction201, Request201, Response201 } from '../../protocol/actions.js';
import type { StationControl } from '../control.js';

type Handler201<A extends CsmsAction201> = (req: Request201<A>, control: StationControl) => Response201<A>;

const updateFirmware: Handler201<'UpdateFirmware'> = (req, control) => {
  const { firmware } = req;
  // L01: a new request cancels an update in progress (AcceptedCanceled); one already installing cannot be.
  const status = control.firmware.start({
    location: firmware.location,
    retrieveAtMs: Date.parse(firmware.retrieveDateTime),
    requestId: req.requestId,
    ...(firmware.installDateTime !== undefined && { installAtMs: Date.parse(firmware.installDateTime) }),
    ...(firmware.signingCertificate !== undefined && { signingCertificate: firmware.signingCertificate }),
    ...(firmware.signature !== undefined && { signature: firmware.signature }),
    ...(req.retries !== undefined && { retries: req.retries }),
    ...(req.retryInterval !== undefined && { retryIntervalS: req.retryInterval }),
  });
  return { status };
};

const getLog: Handler201<'GetLog'> = (req, control) => {
  const { log } = req;
  const { fileName, replaced } = control.logUploads.start({
    location: log.remoteLocation,
    logType: req.logType,
    requestId: req.requestId,
    ...(log.oldestTimestamp !== undefined && { fromMs: Date.parse(log.oldestTimestamp) }),
    ...(log.latestTimestamp !== undefined && { toMs: Date.parse(log.latestTimestamp) }),
    ...(req.retries !== undefined && { retries: req.retries }),
    ...(req.retryInterval !== undefined && { retryIntervalS: req.retryInterval }),
  });
  return { status: replaced ? 'AcceptedCanceled' : 'Accepted', filename: fileName };
};

export const FIRMWARE_COMMANDS_201: { readonly [A in CsmsAction201]?: Handler201<A> } = {
  UpdateFirmware: updateFirmware,
  GetLog: getLog,
};

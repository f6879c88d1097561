/** OCPP 1.6 FirmwareManagement profile: UpdateFirmware and GetDiagnostics (see ../firmware.ts, ../log-upload.ts). */
import type { CsmsAction16, Request16, Response16 } from '../../protocol/actions.js';
import type { StationControl } from '../control.js';

type Handler16<A extends CsmsAction16> = (req: Request16<A>, control: StationControl) => Response16<A>;

const updateFirmware: Handler16<'UpdateFirmware'> = (req, control) => {
  // 1.6 has no way to refuse: the answer is empty and progress follows as FirmwareStatusNotification.
  control.firmware.start({
    location: req.location,
    retrieveAtMs: Date.parse(req.retrieveDate),
    ...(req.retries !== undefined && { retries: req.retries }),
    ...(req.retryInterval !== undefined && { retryIntervalS: req.retryInterval }),
  });
  return {};
};

const getDiagnostics: Handler16<'GetDiagnostics'> = (req, control) => {
  const { fileName } = control.logUploads.start({
    location: req.location,
    logType: 'DiagnosticsLog',
    ...(req.startTime !== undefined && { fromMs: Date.parse(req.startTime) }),
    ...(req.stopTime !== undefined && { toMs: Date.parse(req.stopTime) }),
    ...(req.retries !== undefined && { retries: req.retries }),
    ...(req.retryInterval !== undefined && { retryIntervalS: req.retryInterval }),
  });
  return { fileName };
};

export const FIRMWARE_COMMANDS_16: { readonly [A in CsmsAction16]?: Handler16<A> } = {
  UpdateFirmware: updateFirmware,
  GetDiagnostics: getDiagnostics,
};

/**
 * What a TriggerMessage for FirmwareStatusNotification, DiagnosticsStatusNotification (1.6) or
 * LogStatusNotification (2.0.1) reports: the state of the station's firmware update and of its log /
 * diagnostics upload. A station with neither in progress is Idle, which is what these triggers say
 * then (1.6 §6.50/§6.28, 2.0.1 F06). The firmware and log features replace the source when they run.
 */
export interface TransferStatusReport {
  /** 1.6 FirmwareStatus / DiagnosticsStatus, 2.0.1 FirmwareStatusEnumType / UploadLogStatusEnumType. */
  status: string;
  /** 2.0.1: the requestId of the UpdateFirmware / GetLog in progress. */
  requestId?: number;
}

export interface TransferStatusSource {
  firmware(): TransferStatusReport;
  /** 1.6 diagnostics upload; 2.0.1 log upload. */
  diagnostics(): TransferStatusReport;
}

export const IDLE_TRANSFERS: TransferStatusSource = {
  firmware: () => ({ status: 'Idle' }),
  diagnostics: () => ({ status: 'Idle' }),
};

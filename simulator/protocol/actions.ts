/**
 * Typed access to the generated message types, and who may send each action.
 *
 * Directions follow the OCPP 1.6 (with the security whitepaper messages that ocpp-rpc's 1.6 schemas
 * include) and 2.0.1 specifications. DataTransfer goes both ways. 2.0.1's PublishFirmware and
 * UnpublishFirmware address a Local Controller, which is on the station side of the connection,
 * so they count as CSMS → station and PublishFirmwareStatusNotification as station → CSMS.
 */
import type { Ocpp16Action, Ocpp16Messages } from './generated/ocpp16.js';
import type { Ocpp201Action, Ocpp201Messages } from './generated/ocpp201.js';
import type { OcppProtocol } from './versions.js';

export type Action16 = Ocpp16Action;
export type Action201 = Ocpp201Action;
export type Request16<A extends Action16> = Ocpp16Messages['requests'][A];
export type Response16<A extends Action16> = Ocpp16Messages['responses'][A];
export type Request201<A extends Action201> = Ocpp201Messages['requests'][A];
export type Response201<A extends Action201> = Ocpp201Messages['responses'][A];

interface MessagesByProtocol {
  'ocpp1.6': Ocpp16Messages;
  'ocpp2.0.1': Ocpp201Messages;
}
/** For code generic over the version: `RequestOf<P, A>` is `Request16<A>` or `Request201<A>`. */
export type ActionOf<P extends OcppProtocol> = keyof MessagesByProtocol[P]['requests'] &
  keyof MessagesByProtocol[P]['responses'] &
  string;
export type RequestOf<P extends OcppProtocol, A extends ActionOf<P>> = MessagesByProtocol[P]['requests'][A];
export type ResponseOf<P extends OcppProtocol, A extends ActionOf<P>> = MessagesByProtocol[P]['responses'][A];

/** The side of the connection that sends a CALL. */
export type Sender = 'station' | 'csms';

export const OCPP16_STATION_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const satisfies readonly Action16[];

export const OCPP16_CSMS_ACTIONS = [
  'CancelReservation',
  'CertificateSigned',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetInstalledCertificateIds',
  'GetLocalListVersion',
  'GetLog',
  'InstallCertificate',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'SignedUpdateFirmware',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
] as const satisfies readonly Action16[];

export const OCPP201_STATION_ACTIONS = [
  'Authorize',
  'BootNotification',
  'ClearedChargingLimit',
  'DataTransfer',
  'FirmwareStatusNotification',
  'Get15118EVCertificate',
  'GetCertificateStatus',
  'Heartbeat',
  'LogStatusNotification',
  'MeterValues',
  'NotifyChargingLimit',
  'NotifyCustomerInformation',
  'NotifyDisplayMessages',
  'NotifyEVChargingNeeds',
  'NotifyEVChargingSchedule',
  'NotifyEvent',
  'NotifyMonitoringReport',
  'NotifyReport',
  'PublishFirmwareStatusNotification',
  'ReportChargingProfiles',
  'ReservationStatusUpdate',
  'SecurityEventNotification',
  'SignCertificate',
  'StatusNotification',
  'TransactionEvent',
] as const satisfies readonly Action201[];

export const OCPP201_CSMS_ACTIONS = [
  'CancelReservation',
  'CertificateSigned',
  'ChangeAvailability',
  'ClearCache',
  'ClearChargingProfile',
  'ClearDisplayMessage',
  'ClearVariableMonitoring',
  'CostUpdated',
  'CustomerInformation',
  'DataTransfer',
  'DeleteCertificate',
  'GetBaseReport',
  'GetChargingProfiles',
  'GetCompositeSchedule',
  'GetDisplayMessages',
  'GetInstalledCertificateIds',
  'GetLocalListVersion',
  'GetLog',
  'GetMonitoringReport',
  'GetReport',
  'GetTransactionStatus',
  'GetVariables',
  'InstallCertificate',
  'PublishFirmware',
  'RequestStartTransaction',
  'RequestStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'SetDisplayMessage',
  'SetMonitoringBase',
  'SetMonitoringLevel',
  'SetNetworkProfile',
  'SetVariableMonitoring',
  'SetVariables',
  'TriggerMessage',
  'UnlockConnector',
  'UnpublishFirmware',
  'UpdateFirmware',
] as const satisfies readonly Action201[];

export type StationAction16 = (typeof OCPP16_STATION_ACTIONS)[number];
export type CsmsAction16 = (typeof OCPP16_CSMS_ACTIONS)[number];
export type StationAction201 = (typeof OCPP201_STATION_ACTIONS)[number];
export type CsmsAction201 = (typeof OCPP201_CSMS_ACTIONS)[number];

// Compile-time proof that every action has a direction: a schema added upstream breaks the build here.
type Never<T extends never> = T;
type _EveryAction16HasASender = Never<Exclude<Action16, StationAction16 | CsmsAction16>>;
type _EveryAction201HasASender = Never<Exclude<Action201, StationAction201 | CsmsAction201>>;

const SENT_BY: Readonly<Record<OcppProtocol, Readonly<Record<Sender, readonly string[]>>>> = {
  'ocpp1.6': { station: OCPP16_STATION_ACTIONS, csms: OCPP16_CSMS_ACTIONS },
  'ocpp2.0.1': { station: OCPP201_STATION_ACTIONS, csms: OCPP201_CSMS_ACTIONS },
};

const SENT_BY_SETS: Readonly<Record<OcppProtocol, Readonly<Record<Sender, ReadonlySet<string>>>>> = {
  'ocpp1.6': { station: new Set(OCPP16_STATION_ACTIONS), csms: new Set(OCPP16_CSMS_ACTIONS) },
  'ocpp2.0.1': { station: new Set(OCPP201_STATION_ACTIONS), csms: new Set(OCPP201_CSMS_ACTIONS) },
};

/** Actions `sender` may initiate in `protocol`, sorted. */
export function actionsSentBy(protocol: OcppProtocol, sender: Sender): readonly string[] {
  return SENT_BY[protocol][sender];
}

/** Whether `sender` may initiate `action` in `protocol`; false for actions the protocol does not define. */
export function isSentBy(protocol: OcppProtocol, sender: Sender, action: string): boolean {
  return SENT_BY_SETS[protocol][sender].has(action);
}

/**
 * The station's configuration catalogue: every 1.6 configuration key and 2.0.1 device-model variable the
 * station stores, with its kind, access, profile and default. One entry serves both versions where the 1.6
 * key and the 2.0.1 component.variable mean the same thing (HeartbeatInterval = OCPPCommCtrlr.HeartbeatInterval).
 *
 * 1.6 keys: OCPP 1.6 §9 (Core §9.1 and the other profiles' sections), required ones all present, access as
 * the spec gives it. 2.0.1 variables: the Referenced Components and Variables of OCPP 2.0.1 part 2 that a
 * Core station must have, plus the controllers of advertised optional blocks.
 *
 * Keys a station cannot honour as written are read-only here and documented: TxStartPoint/TxStopPoint
 * describe this simulator's fixed transaction boundaries. Only HeartbeatInterval and MeterValueSampleInterval
 * change behaviour today; the others are kept, validated and reported.
 */
import type { FeatureProfile } from './feature-profiles.js';

/** `measurands`: CSL of MEASURANDS; `csl`: CSL of `values`; `option`: one of `values`; `phaseRotation`: 1.6 CSL `<connectorId>.<rotation>`. */
export type ValueKind = 'integer' | 'boolean' | 'string' | 'measurands' | 'csl' | 'option' | 'phaseRotation';

export interface EntrySpec {
  /** The 1.6 key, or `Component.Variable` (with instances) for an entry that only 2.0.1 has. */
  key: string;
  kind: ValueKind;
  readonly: boolean;
  /** The profile the entry belongs to in 1.6 (and in 2.0.1 unless `profile201` says otherwise); shown only when advertised. */
  profile: FeatureProfile;
  profile201?: FeatureProfile;
  defaultValue: string;
  /** False for an entry only 2.0.1 has. */
  in16: boolean;
  /** 2.0.1 location; absent when only 1.6 has the key. */
  component?: string;
  componentInstance?: string;
  variable?: string;
  variableInstance?: string;
  values?: readonly string[];
  unit?: string;
  /** A change is stored but only takes effect after a reboot (the answer says RebootRequired). */
  rebootRequired?: boolean;
}

/** What the meter measures: the measurands a *SampledData / *AlignedData key may list. */
export const MEASURANDS = ['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage'] as const;
const ALL_MEASURANDS = MEASURANDS.join(',');
const PHASE_ROTATIONS = ['NotApplicable', 'Unknown', 'RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR'];
const TX_POINTS = ['ParkingBayOccupancy', 'EVConnected', 'Authorized', 'DataSigned', 'PowerPathClosed', 'EnergyTransfer'];

type Spec = Omit<EntrySpec, 'in16' | 'readonly'> & { in16?: boolean; readonly?: boolean };
const rw = (spec: Spec): EntrySpec => ({ in16: true, readonly: false, ...spec });
const r = (spec: Spec): EntrySpec => ({ in16: true, ...spec, readonly: true });
const core = 'Core' as const;

export const ENTRY_SPECS: readonly EntrySpec[] = [
  // --- 1.6 Core (§9.1), each with its 2.0.1 counterpart where one exists -----------------------------
  rw({ key: 'AllowOfflineTxForUnknownId', kind: 'boolean', profile: core, defaultValue: 'false', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' }),
  rw({ key: 'AuthorizationCacheEnabled', kind: 'boolean', profile: core, defaultValue: 'false', component: 'AuthCacheCtrlr', variable: 'Enabled' }),
  rw({ key: 'AuthorizeRemoteTxRequests', kind: 'boolean', profile: core, defaultValue: 'false', component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' }),
  rw({ key: 'ClockAlignedDataInterval', kind: 'integer', profile: core, defaultValue: '0', unit: 's', component: 'AlignedDataCtrlr', variable: 'Interval' }),
  rw({ key: 'ConnectionTimeOut', kind: 'integer', profile: core, defaultValue: '60', unit: 's', component: 'TxCtrlr', variable: 'EVConnectionTimeOut' }),
  rw({ key: 'ConnectorPhaseRotation', kind: 'phaseRotation', profile: core, defaultValue: '0.RST' }),
  r({ key: 'GetConfigurationMaxKeys', kind: 'integer', profile: core, defaultValue: '50', component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', variableInstance: 'GetVariables' }),
  rw({ key: 'HeartbeatInterval', kind: 'integer', profile: core, defaultValue: '300', unit: 's', component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }),
  rw({ key: 'LocalAuthorizeOffline', kind: 'boolean', profile: core, defaultValue: 'true', component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline' }),
  rw({ key: 'LocalPreAuthorize', kind: 'boolean', profile: core, defaultValue: 'false', component: 'AuthCtrlr', variable: 'LocalPreAuthorize' }),
  rw({ key: 'MaxEnergyOnInvalidId', kind: 'integer', profile: core, defaultValue: '0', unit: 'Wh', component: 'TxCtrlr', variable: 'MaxEnergyOnInvalidId' }),
  rw({ key: 'MeterValuesAlignedData', kind: 'measurands', profile: core, defaultValue: 'Energy.Active.Import.Register', component: 'AlignedDataCtrlr', variable: 'Measurands' }),
  r({ key: 'MeterValuesAlignedDataMaxLength', kind: 'integer', profile: core, defaultValue: String(MEASURANDS.length) }),
  rw({ key: 'MeterValuesSampledData', kind: 'measurands', profile: core, defaultValue: ALL_MEASURANDS, component: 'SampledDataCtrlr', variable: 'TxUpdatedMeasurands' }),
  r({ key: 'MeterValuesSampledDataMaxLength', kind: 'integer', profile: core, defaultValue: String(MEASURANDS.length) }),
  rw({ key: 'MeterValueSampleInterval', kind: 'integer', profile: core, defaultValue: '60', unit: 's', component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' }),
  r({ key: 'NumberOfConnectors', kind: 'integer', profile: core, defaultValue: '2' }),
  rw({ key: 'ResetRetries', kind: 'integer', profile: core, defaultValue: '3', component: 'OCPPCommCtrlr', variable: 'ResetRetries' }),
  rw({ key: 'StopTransactionOnEVSideDisconnect', kind: 'boolean', profile: core, defaultValue: 'true', component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' }),
  rw({ key: 'StopTransactionOnInvalidId', kind: 'boolean', profile: core, defaultValue: 'true', component: 'TxCtrlr', variable: 'StopTxOnInvalidId' }),
  rw({ key: 'StopTxnAlignedData', kind: 'measurands', profile: core, defaultValue: '', component: 'AlignedDataCtrlr', variable: 'TxEndedMeasurands' }),
  r({ key: 'StopTxnAlignedDataMaxLength', kind: 'integer', profile: core, defaultValue: String(MEASURANDS.length) }),
  rw({ key: 'StopTxnSampledData', kind: 'measurands', profile: core, defaultValue: 'Energy.Active.Import.Register', component: 'SampledDataCtrlr', variable: 'TxEndedMeasurands' }),
  r({ key: 'StopTxnSampledDataMaxLength', kind: 'integer', profile: core, defaultValue: String(MEASURANDS.length) }),
  r({ key: 'SupportedFeatureProfiles', kind: 'string', profile: core, defaultValue: 'Core' }),
  rw({ key: 'TransactionMessageAttempts', kind: 'integer', profile: core, defaultValue: '3', component: 'OCPPCommCtrlr', variable: 'MessageAttempts', variableInstance: 'TransactionEvent' }),
  rw({ key: 'TransactionMessageRetryInterval', kind: 'integer', profile: core, defaultValue: '60', unit: 's', component: 'OCPPCommCtrlr', variable: 'MessageAttemptInterval', variableInstance: 'TransactionEvent' }),
  rw({ key: 'UnlockConnectorOnEVSideDisconnect', kind: 'boolean', profile: core, defaultValue: 'true', component: 'OCPPCommCtrlr', variable: 'UnlockOnEVSideDisconnect' }),
  rw({ key: 'WebSocketPingInterval', kind: 'integer', profile: core, defaultValue: '0', unit: 's', component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval' }),
  // Not a 1.6 key of the spec, kept because CSMSs and our own tests read it; it is 2.0.1's SecurityCtrlr.Identity.
  r({ key: 'ChargePointIdentity', kind: 'string', profile: core, defaultValue: '', component: 'SecurityCtrlr', variable: 'Identity' }),

  // --- 1.6 optional profiles ---------------------------------------------------------------------
  r({ key: 'SupportedFileTransferProtocols', kind: 'csl', values: ['FTP', 'FTPS', 'HTTP', 'HTTPS', 'SFTP'], profile: 'FirmwareManagement', profile201: core, defaultValue: 'HTTP,HTTPS,FTP', component: 'OCPPCommCtrlr', variable: 'FileTransferProtocols' }),
  rw({ key: 'LocalAuthListEnabled', kind: 'boolean', profile: 'LocalAuthListManagement', defaultValue: 'true', component: 'LocalAuthListCtrlr', variable: 'Enabled' }),
  r({ key: 'LocalAuthListMaxLength', kind: 'integer', profile: 'LocalAuthListManagement', defaultValue: '1000' }),
  r({ key: 'SendLocalListMaxLength', kind: 'integer', profile: 'LocalAuthListManagement', defaultValue: '100', component: 'LocalAuthListCtrlr', variable: 'ItemsPerMessage' }),
  r({ key: 'ReserveConnectorZeroSupported', kind: 'boolean', profile: 'Reservation', defaultValue: 'true', component: 'ReservationCtrlr', variable: 'NonEvseSpecific' }),
  r({ key: 'ChargeProfileMaxStackLevel', kind: 'integer', profile: 'SmartCharging', defaultValue: '8', component: 'SmartChargingCtrlr', variable: 'ProfileStackLevel' }),
  r({ key: 'ChargingScheduleAllowedChargingRateUnit', kind: 'csl', values: ['Current', 'Power'], profile: 'SmartCharging', defaultValue: 'Current,Power', component: 'SmartChargingCtrlr', variable: 'RateUnit' }),
  r({ key: 'ChargingScheduleMaxPeriods', kind: 'integer', profile: 'SmartCharging', defaultValue: '24', component: 'SmartChargingCtrlr', variable: 'PeriodsPerSchedule' }),
  r({ key: 'ConnectorSwitch3to1PhaseSupported', kind: 'boolean', profile: 'SmartCharging', defaultValue: 'false', component: 'SmartChargingCtrlr', variable: 'Phases3to1' }),
  r({ key: 'MaxChargingProfilesInstalled', kind: 'integer', profile: 'SmartCharging', defaultValue: '16', component: 'SmartChargingCtrlr', variable: 'Entries' }),

  // --- 2.0.1 only: Core controllers ----------------------------------------------------------------
  rw({ key: 'OCPPCommCtrlr.MessageTimeout[Default]', in16: false, kind: 'integer', profile: core, defaultValue: '30', unit: 's', component: 'OCPPCommCtrlr', variable: 'MessageTimeout', variableInstance: 'Default' }),
  rw({ key: 'OCPPCommCtrlr.NetworkConfigurationPriority', in16: false, kind: 'string', profile: core, defaultValue: '0', component: 'OCPPCommCtrlr', variable: 'NetworkConfigurationPriority', rebootRequired: true }),
  rw({ key: 'OCPPCommCtrlr.NetworkProfileConnectionAttempts', in16: false, kind: 'integer', profile: core, defaultValue: '3', component: 'OCPPCommCtrlr', variable: 'NetworkProfileConnectionAttempts' }),
  rw({ key: 'OCPPCommCtrlr.OfflineThreshold', in16: false, kind: 'integer', profile: core, defaultValue: '60', unit: 's', component: 'OCPPCommCtrlr', variable: 'OfflineThreshold' }),
  rw({ key: 'OCPPCommCtrlr.QueueAllMessages', in16: false, kind: 'boolean', profile: core, defaultValue: 'false', component: 'OCPPCommCtrlr', variable: 'QueueAllMessages' }),
  rw({ key: 'OCPPCommCtrlr.RetryBackOffRepeatTimes', in16: false, kind: 'integer', profile: core, defaultValue: '5', component: 'OCPPCommCtrlr', variable: 'RetryBackOffRepeatTimes' }),
  rw({ key: 'OCPPCommCtrlr.RetryBackOffRandomRange', in16: false, kind: 'integer', profile: core, defaultValue: '10', unit: 's', component: 'OCPPCommCtrlr', variable: 'RetryBackOffRandomRange' }),
  rw({ key: 'OCPPCommCtrlr.RetryBackOffWaitMinimum', in16: false, kind: 'integer', profile: core, defaultValue: '5', unit: 's', component: 'OCPPCommCtrlr', variable: 'RetryBackOffWaitMinimum' }),
  r({ key: 'TxCtrlr.TxStartPoint', in16: false, kind: 'csl', values: TX_POINTS, profile: core, defaultValue: 'Authorized', component: 'TxCtrlr', variable: 'TxStartPoint' }),
  r({ key: 'TxCtrlr.TxStopPoint', in16: false, kind: 'csl', values: TX_POINTS, profile: core, defaultValue: 'EVConnected,Authorized', component: 'TxCtrlr', variable: 'TxStopPoint' }),
  rw({ key: 'SampledDataCtrlr.TxStartedMeasurands', in16: false, kind: 'measurands', profile: core, defaultValue: ALL_MEASURANDS, component: 'SampledDataCtrlr', variable: 'TxStartedMeasurands' }),
  rw({ key: 'SampledDataCtrlr.TxEndedInterval', in16: false, kind: 'integer', profile: core, defaultValue: '0', unit: 's', component: 'SampledDataCtrlr', variable: 'TxEndedInterval' }),
  rw({ key: 'AlignedDataCtrlr.TxEndedInterval', in16: false, kind: 'integer', profile: core, defaultValue: '0', unit: 's', component: 'AlignedDataCtrlr', variable: 'TxEndedInterval' }),
  r({ key: 'DeviceDataCtrlr.ItemsPerMessage[GetReport]', in16: false, kind: 'integer', profile: core, defaultValue: '20', component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', variableInstance: 'GetReport' }),
  r({ key: 'DeviceDataCtrlr.ItemsPerMessage[SetVariables]', in16: false, kind: 'integer', profile: core, defaultValue: '50', component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', variableInstance: 'SetVariables' }),
  r({ key: 'DeviceDataCtrlr.BytesPerMessage[GetReport]', in16: false, kind: 'integer', profile: core, defaultValue: '65000', component: 'DeviceDataCtrlr', variable: 'BytesPerMessage', variableInstance: 'GetReport' }),
  r({ key: 'DeviceDataCtrlr.BytesPerMessage[GetVariables]', in16: false, kind: 'integer', profile: core, defaultValue: '65000', component: 'DeviceDataCtrlr', variable: 'BytesPerMessage', variableInstance: 'GetVariables' }),
  r({ key: 'DeviceDataCtrlr.BytesPerMessage[SetVariables]', in16: false, kind: 'integer', profile: core, defaultValue: '65000', component: 'DeviceDataCtrlr', variable: 'BytesPerMessage', variableInstance: 'SetVariables' }),
  r({ key: 'DeviceDataCtrlr.ConfigurationValueSize', in16: false, kind: 'integer', profile: core, defaultValue: '1000', component: 'DeviceDataCtrlr', variable: 'ConfigurationValueSize' }),
  r({ key: 'DeviceDataCtrlr.ReportingValueSize', in16: false, kind: 'integer', profile: core, defaultValue: '2500', component: 'DeviceDataCtrlr', variable: 'ReportingValueSize' }),
  rw({ key: 'SecurityCtrlr.OrganizationName', in16: false, kind: 'string', profile: core, defaultValue: 'chargedrill', component: 'SecurityCtrlr', variable: 'OrganizationName' }),
  r({ key: 'SecurityCtrlr.SecurityProfile', in16: false, kind: 'integer', profile: core, defaultValue: '0', component: 'SecurityCtrlr', variable: 'SecurityProfile' }),
  r({ key: 'SecurityCtrlr.CertificateEntries', in16: false, kind: 'integer', profile: core, defaultValue: '0', component: 'SecurityCtrlr', variable: 'CertificateEntries' }),
  rw({ key: 'ClockCtrlr.TimeSource', in16: false, kind: 'string', profile: core, defaultValue: 'Heartbeat', component: 'ClockCtrlr', variable: 'TimeSource' }),

  // --- 2.0.1 only: controllers of the optional blocks, shown when advertised --------------------------
  r({ key: 'LocalAuthListCtrlr.Available', in16: false, kind: 'boolean', profile: 'LocalAuthListManagement', defaultValue: 'true', component: 'LocalAuthListCtrlr', variable: 'Available' }),
  r({ key: 'LocalAuthListCtrlr.Entries', in16: false, kind: 'integer', profile: 'LocalAuthListManagement', defaultValue: '0', component: 'LocalAuthListCtrlr', variable: 'Entries' }),
  r({ key: 'LocalAuthListCtrlr.BytesPerMessage', in16: false, kind: 'integer', profile: 'LocalAuthListManagement', defaultValue: '65000', component: 'LocalAuthListCtrlr', variable: 'BytesPerMessage' }),
  r({ key: 'ReservationCtrlr.Available', in16: false, kind: 'boolean', profile: 'Reservation', defaultValue: 'true', component: 'ReservationCtrlr', variable: 'Available' }),
  rw({ key: 'ReservationCtrlr.Enabled', in16: false, kind: 'boolean', profile: 'Reservation', defaultValue: 'true', component: 'ReservationCtrlr', variable: 'Enabled' }),
  r({ key: 'SmartChargingCtrlr.Available', in16: false, kind: 'boolean', profile: 'SmartCharging', defaultValue: 'true', component: 'SmartChargingCtrlr', variable: 'Available' }),
  rw({ key: 'SmartChargingCtrlr.Enabled', in16: false, kind: 'boolean', profile: 'SmartCharging', defaultValue: 'true', component: 'SmartChargingCtrlr', variable: 'Enabled' }),
  r({ key: 'SmartChargingCtrlr.RateUnit', in16: false, kind: 'csl', values: ['A', 'W'], profile: 'SmartCharging', defaultValue: 'A,W', component: 'SmartChargingCtrlr', variable: 'RateUnit' }),
  r({ key: 'SmartChargingCtrlr.Entries[ChargingProfiles]', in16: false, kind: 'integer', profile: 'SmartCharging', defaultValue: '0', component: 'SmartChargingCtrlr', variable: 'Entries', variableInstance: 'ChargingProfiles' }),
];

/** Why `value` is not a valid `spec` value, or undefined when it is. */
export function valueProblem(spec: EntrySpec, value: string): string | undefined {
  const items = value === '' ? [] : value.split(',').map((item) => item.trim());
  switch (spec.kind) {
    case 'integer':
      return /^\d+$/.test(value) ? undefined : 'a whole number >= 0';
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'true or false';
    case 'measurands':
      return items.every((m) => (MEASURANDS as readonly string[]).includes(m)) ? undefined : `a comma-separated list of ${MEASURANDS.join(', ')}`;
    case 'csl':
      return items.every((v) => spec.values?.includes(v)) ? undefined : `a comma-separated list of ${spec.values?.join(', ')}`;
    case 'option':
      return spec.values?.includes(value) ? undefined : `one of ${spec.values?.join(', ')}`;
    case 'phaseRotation':
      return items.every((item) => /^\d+\.(\w+)$/.test(item) && PHASE_ROTATIONS.includes(item.split('.')[1] as string))
        ? undefined
        : `a comma-separated list of <connectorId>.<rotation>, rotation one of ${PHASE_ROTATIONS.join(', ')}`;
    case 'string':
      return undefined;
  }
}

/** The 2.0.1 dataType of a kind (VariableCharacteristics.dataType). */
export function dataTypeOf(kind: ValueKind): 'integer' | 'boolean' | 'string' | 'MemberList' | 'OptionList' {
  if (kind === 'integer' || kind === 'boolean' || kind === 'string') return kind;
  if (kind === 'measurands' || kind === 'csl') return 'MemberList';
  return kind === 'option' ? 'OptionList' : 'string';
}

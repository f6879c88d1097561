/**
 * OCPP feature profiles: which CSMS -> station actions a station advertises and answers.
 *
 * The names are the 1.6 profiles; 2.0.1 functional blocks map onto them (firmware and log upload ->
 * FirmwareManagement, local list -> LocalAuthListManagement, and so on). A station answers an action of a
 * profile it does not advertise with CALLERROR NotSupported: the action exists in the protocol, this
 * station does not implement it (the spec's distinction from NotImplemented). 1.6 tells the CSMS what it
 * advertises in the read-only SupportedFeatureProfiles key. The refusal itself is in command-table.ts.
 */
import type { CsmsAction16, CsmsAction201 } from '../protocol/actions.js';
import type { OcppProtocol } from '../protocol/versions.js';

export const FEATURE_PROFILES = ['Core', 'FirmwareManagement', 'LocalAuthListManagement', 'Reservation', 'SmartCharging', 'RemoteTrigger'] as const;
export type FeatureProfile = (typeof FEATURE_PROFILES)[number];

/**
 * 1.6: the six profiles of the spec. The security extension's actions belong to no profile; they are
 * filed where their purpose lies (signed firmware and logs with firmware, extended trigger with trigger,
 * certificates with Core, which every station has).
 */
const PROFILE_OF_16: Readonly<Record<CsmsAction16, FeatureProfile>> = {
  ChangeAvailability: 'Core',
  ChangeConfiguration: 'Core',
  ClearCache: 'Core',
  DataTransfer: 'Core',
  GetConfiguration: 'Core',
  RemoteStartTransaction: 'Core',
  RemoteStopTransaction: 'Core',
  Reset: 'Core',
  UnlockConnector: 'Core',
  CertificateSigned: 'Core',
  DeleteCertificate: 'Core',
  GetInstalledCertificateIds: 'Core',
  InstallCertificate: 'Core',
  GetDiagnostics: 'FirmwareManagement',
  UpdateFirmware: 'FirmwareManagement',
  SignedUpdateFirmware: 'FirmwareManagement',
  GetLog: 'FirmwareManagement',
  GetLocalListVersion: 'LocalAuthListManagement',
  SendLocalList: 'LocalAuthListManagement',
  ReserveNow: 'Reservation',
  CancelReservation: 'Reservation',
  SetChargingProfile: 'SmartCharging',
  ClearChargingProfile: 'SmartCharging',
  GetCompositeSchedule: 'SmartCharging',
  TriggerMessage: 'RemoteTrigger',
  ExtendedTriggerMessage: 'RemoteTrigger',
};

/** 2.0.1: functional blocks B, C (cache), E, F, G, P, display, monitoring and security are Core; the rest map as in 1.6. */
const PROFILE_OF_201: Readonly<Record<CsmsAction201, FeatureProfile>> = {
  ChangeAvailability: 'Core',
  ClearCache: 'Core',
  DataTransfer: 'Core',
  GetBaseReport: 'Core',
  GetReport: 'Core',
  GetVariables: 'Core',
  SetVariables: 'Core',
  SetNetworkProfile: 'Core',
  GetTransactionStatus: 'Core',
  RequestStartTransaction: 'Core',
  RequestStopTransaction: 'Core',
  Reset: 'Core',
  UnlockConnector: 'Core',
  CertificateSigned: 'Core',
  DeleteCertificate: 'Core',
  GetInstalledCertificateIds: 'Core',
  InstallCertificate: 'Core',
  CustomerInformation: 'Core',
  CostUpdated: 'Core',
  ClearDisplayMessage: 'Core',
  GetDisplayMessages: 'Core',
  SetDisplayMessage: 'Core',
  ClearVariableMonitoring: 'Core',
  GetMonitoringReport: 'Core',
  SetMonitoringBase: 'Core',
  SetMonitoringLevel: 'Core',
  SetVariableMonitoring: 'Core',
  UpdateFirmware: 'FirmwareManagement',
  PublishFirmware: 'FirmwareManagement',
  UnpublishFirmware: 'FirmwareManagement',
  GetLog: 'FirmwareManagement',
  GetLocalListVersion: 'LocalAuthListManagement',
  SendLocalList: 'LocalAuthListManagement',
  ReserveNow: 'Reservation',
  CancelReservation: 'Reservation',
  SetChargingProfile: 'SmartCharging',
  ClearChargingProfile: 'SmartCharging',
  GetChargingProfiles: 'SmartCharging',
  GetCompositeSchedule: 'SmartCharging',
  TriggerMessage: 'RemoteTrigger',
};

/** The profile an action belongs to, or undefined when `action` is not a CSMS -> station action of `protocol`. */
export function profileOf(protocol: OcppProtocol, action: string): FeatureProfile | undefined {
  const table: Readonly<Record<string, FeatureProfile>> = protocol === 'ocpp1.6' ? PROFILE_OF_16 : PROFILE_OF_201;
  return Object.hasOwn(table, action) ? table[action] : undefined;
}

/** Instances by the list a station was given, shared: a fleet's stations mostly advertise the same. */
const shared = new Map<string, FeatureProfiles>();

/** A station's advertised profiles: Core always, the rest as configured; the order is the spec's. Never changes. */
export class FeatureProfiles {
  private readonly enabled: ReadonlySet<FeatureProfile>;
  private readonly csl: string;

  /** The instance for `profiles`, one per list in the process (see the constructor). */
  static of(profiles: readonly string[] = FEATURE_PROFILES): FeatureProfiles {
    const key = profiles.join(',');
    let instance = shared.get(key);
    if (instance === undefined) {
      instance = new FeatureProfiles(profiles);
      shared.set(key, instance);
    }
    return instance;
  }

  /** `profiles` undefined means all of them. Throws on a name that is no profile. */
  constructor(profiles: readonly string[] = FEATURE_PROFILES) {
    for (const name of profiles) {
      if (!(FEATURE_PROFILES as readonly string[]).includes(name)) {
        throw new RangeError(`unknown feature profile "${name}": allowed are ${FEATURE_PROFILES.join(', ')}`);
      }
    }
    // Core is what makes a charge point an OCPP charge point; it cannot be switched off.
    const enabled = new Set<FeatureProfile>(['Core', ...(profiles as readonly FeatureProfile[])]);
    this.enabled = enabled;
    this.csl = FEATURE_PROFILES.filter((p) => enabled.has(p)).join(',');
  }

  has(profile: FeatureProfile): boolean {
    return this.enabled.has(profile);
  }

  list(): FeatureProfile[] {
    return FEATURE_PROFILES.filter((p) => this.enabled.has(p));
  }

  /** The value of the 1.6 SupportedFeatureProfiles key, e.g. `Core,RemoteTrigger`. */
  toCsl(): string {
    return this.csl;
  }

  /** Whether the station answers `action` (actions outside the table are left to the transport). */
  advertises(protocol: OcppProtocol, action: string): boolean {
    const profile = profileOf(protocol, action);
    return profile === undefined || this.enabled.has(profile);
  }
}

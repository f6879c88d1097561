/** The charging profiles installed on a station, and the ways the CSMS may select them. */
import type { ChargingProfile, ProfilePurpose } from './profile.js';

export interface ProfileCriteria {
  id?: number;
  /** 0 selects the station-wide profiles; absent selects any connector. */
  connectorId?: number;
  purpose?: ProfilePurpose;
  stackLevel?: number;
}

export class ProfileStore {
  private profiles: ChargingProfile[] = [];

  all(): readonly ChargingProfile[] {
    return this.profiles;
  }

  /** The installed profile that `profile` conflicts with: same purpose, stack level and connector (and transaction, for Tx). */
  clash(profile: ChargingProfile): ChargingProfile | undefined {
    return this.profiles.find(
      (p) =>
        p.id !== profile.id &&
        p.purpose === profile.purpose &&
        p.stackLevel === profile.stackLevel &&
        p.connectorId === profile.connectorId &&
        p.transactionKey === profile.transactionKey,
    );
  }

  /** Installs `profile`, replacing one with the same id; `replaceClash` also replaces the one it clashes with (1.6). */
  install(profile: ChargingProfile, replaceClash: boolean): void {
    const clash = replaceClash ? this.clash(profile) : undefined;
    this.profiles = this.profiles.filter((p) => p.id !== profile.id && p !== clash);
    this.profiles.push(profile);
  }

  /** Removes the profiles matching every given criterion; returns how many. */
  clear(criteria: ProfileCriteria): number {
    const before = this.profiles.length;
    this.profiles = this.profiles.filter((p) => !matches(p, criteria));
    return before - this.profiles.length;
  }

  select(criteria: ProfileCriteria): ChargingProfile[] {
    return this.profiles.filter((p) => matches(p, criteria));
  }

  /** A transaction ended: its Tx profiles go with it (1.6 §3.13.4, 2.0.1 K01.FR.05). */
  removeTxProfiles(connectorId: number): number {
    return this.clear({ connectorId, purpose: 'Tx' });
  }
}

function matches(profile: ChargingProfile, criteria: ProfileCriteria): boolean {
  return (
    (criteria.id === undefined || profile.id === criteria.id) &&
    (criteria.connectorId === undefined || profile.connectorId === criteria.connectorId) &&
    (criteria.purpose === undefined || profile.purpose === criteria.purpose) &&
    (criteria.stackLevel === undefined || profile.stackLevel === criteria.stackLevel)
  );
}

/**
 * How the station decides whether a token may charge: the Local Authorization List the CSMS sends
 * (1.6 SendLocalList / 2.0.1 D01), the Authorization Cache it fills from Authorize answers, and the
 * CSMS itself. The configuration keys say which of them count (1.6 names; 2.0.1 reaches the same
 * entries through AuthCtrlr / AuthCacheCtrlr / LocalAuthListCtrlr):
 *
 * - online, LocalPreAuthorize: a token Accepted locally starts at once, no Authorize is sent;
 * - online otherwise: the CSMS decides, and its answer is cached;
 * - offline (or the Authorize call failed), LocalAuthorizeOffline: the local entry decides (a Blocked
 *   token is refused); an unknown token charges only with AllowOfflineTxForUnknownId.
 */
import type { ConfigStore } from './config-store.js';

/** A token's authorization as the CSMS gave it (Authorize answer or list entry). */
export interface AuthorizationInfo {
  /** Accepted, Blocked, Expired, Invalid, ConcurrentTx (2.0.1 adds more). */
  status: string;
  /** 1.6 parentIdTag / 2.0.1 groupIdToken.idToken: who may share a reservation. */
  groupId?: string;
  /** After this the entry says Expired (1.6 expiryDate / 2.0.1 cacheExpiryDateTime). */
  expiresAtMs?: number;
}

export interface AuthorizationDecision extends AuthorizationInfo {
  /** Where the decision came from: `csms` means an Authorize was answered. */
  source: 'list' | 'cache' | 'csms' | 'offline';
}

export type LocalListUpdate = 'Full' | 'Differential';
export type LocalListResult = 'Accepted' | 'Failed' | 'VersionMismatch' | 'NotSupported';

export interface LocalListEntry {
  idTag: string;
  /** Absent in a Differential update: remove the token. */
  info?: AuthorizationInfo;
}

/** How many entries the list holds (LocalAuthListMaxLength) and one message may carry (SendLocalListMaxLength). */
export const LOCAL_LIST_LIMITS = { maxLength: 1_000, perMessage: 100 } as const;
/** The cache forgets its oldest entry past this size. */
const CACHE_CAPACITY = 1_000;

export class LocalAuthorization {
  // List and cache are made on first use: most stations of a fleet never get a list, and an empty Map costs
  // about 150 bytes.
  private list: Map<string, AuthorizationInfo> | undefined;
  private listVersion = 0;
  private cache: Map<string, AuthorizationInfo> | undefined;

  constructor(
    private readonly config: ConfigStore,
    /** Simulated time (the station's clock). */
    private readonly clock: { now(): number },
  ) {}

  private flag(key: string): boolean {
    return this.config.get(key)?.value === 'true';
  }

  get listEnabled(): boolean {
    return this.flag('LocalAuthListEnabled');
  }

  /** The installed list's version; 0 when it is empty. */
  get version(): number {
    return (this.list?.size ?? 0) === 0 ? 0 : this.listVersion;
  }

  get listSize(): number {
    return this.list?.size ?? 0;
  }

  get cacheSize(): number {
    return this.cache?.size ?? 0;
  }

  /** Applies a SendLocalList; nothing changes unless the result is Accepted. */
  updateList(version: number, updateType: LocalListUpdate, entries: readonly LocalListEntry[]): LocalListResult {
    if (!this.listEnabled) return 'NotSupported';
    if (entries.length > this.config.integer('SendLocalListMaxLength', LOCAL_LIST_LIMITS.perMessage)) return 'Failed';
    if (new Set(entries.map((e) => e.idTag)).size !== entries.length) return 'Failed';
    if (updateType === 'Differential' && version <= this.listVersion) return 'VersionMismatch';
    const next = updateType === 'Full' || this.list === undefined ? new Map<string, AuthorizationInfo>() : new Map(this.list);
    for (const entry of entries) {
      if (entry.info) next.set(entry.idTag, entry.info);
      else next.delete(entry.idTag);
    }
    if (next.size > this.config.integer('LocalAuthListMaxLength', LOCAL_LIST_LIMITS.maxLength)) return 'Failed';
    this.list = next;
    this.listVersion = version;
    return 'Accepted';
  }

  /** Empties the Authorization Cache (ClearCache); false when the cache is switched off. */
  clearCache(): boolean {
    this.cache?.clear();
    return this.flag('AuthorizationCacheEnabled');
  }

  /** Remembers what the CSMS answered for a token. */
  remember(idTag: string, info: AuthorizationInfo): void {
    if (!this.flag('AuthorizationCacheEnabled')) return;
    const cache = (this.cache ??= new Map());
    cache.delete(idTag);
    cache.set(idTag, info);
    if (cache.size > CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  }

  /** The station's own knowledge of a token: the list first, then the cache. */
  lookup(idTag: string): (AuthorizationInfo & { source: 'list' | 'cache' }) | undefined {
    const listed = this.listEnabled ? this.list?.get(idTag) : undefined;
    if (listed) return { ...this.current(listed), source: 'list' };
    const cached = this.flag('AuthorizationCacheEnabled') ? this.cache?.get(idTag) : undefined;
    return cached ? { ...this.current(cached), source: 'cache' } : undefined;
  }

  /**
   * Decides for a presented token. `askCsms` sends Authorize; it is not called when the station is
   * offline or pre-authorizes locally. A failed call (link lost on the way) falls back to offline rules.
   */
  async decide(idTag: string, online: boolean, askCsms: () => Promise<AuthorizationInfo>): Promise<AuthorizationDecision> {
    const local = this.lookup(idTag);
    if (online) {
      if (local?.status === 'Accepted' && this.flag('LocalPreAuthorize')) return local;
      try {
        const answer = await askCsms();
        this.remember(idTag, answer);
        return { ...answer, source: 'csms' };
      } catch {
        // Fall through: the station is offline as far as this token is concerned.
      }
    }
    if (local && this.flag('LocalAuthorizeOffline')) return local;
    if (!local && this.flag('AllowOfflineTxForUnknownId')) return { status: 'Accepted', source: 'offline' };
    // Offline with no local rule that admits the token: it is refused without asking anyone.
    return { status: 'Invalid', source: 'offline' };
  }

  private current(info: AuthorizationInfo): AuthorizationInfo {
    return info.expiresAtMs !== undefined && info.expiresAtMs <= this.clock.now() ? { ...info, status: 'Expired' } : info;
  }
}

export interface IdTagInfo16 {
  status: string;
  parentIdTag?: string;
  expiryDate?: string;
}

/** A 1.6 idTagInfo (Authorize answer or local list entry) as the station keeps it. */
export function fromIdTagInfo(info: IdTagInfo16): AuthorizationInfo {
  return {
    status: info.status,
    ...(info.parentIdTag !== undefined && { groupId: info.parentIdTag }),
    ...(info.expiryDate !== undefined && { expiresAtMs: Date.parse(info.expiryDate) }),
  };
}

export interface IdTokenInfo201 {
  status: string;
  groupIdToken?: { idToken: string };
  cacheExpiryDateTime?: string;
}

/** A 2.0.1 idTokenInfo (Authorize answer or local list entry) as the station keeps it. */
export function fromIdTokenInfo(info: IdTokenInfo201): AuthorizationInfo {
  return {
    status: info.status,
    ...(info.groupIdToken !== undefined && { groupId: info.groupIdToken.idToken }),
    ...(info.cacheExpiryDateTime !== undefined && { expiresAtMs: Date.parse(info.cacheExpiryDateTime) }),
  };
}

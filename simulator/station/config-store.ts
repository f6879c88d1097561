/**
 * The station's configuration keys: 1.6 GetConfiguration/ChangeConfiguration use the key, 2.0.1
 * GetVariables/SetVariables reach the same entry through its component and variable names.
 */

type ValueKind = 'integer' | 'boolean' | 'string';

interface EntrySpec {
  key: string;
  kind: ValueKind;
  readonly: boolean;
  /** 2.0.1 location; absent when the key has no 2.0.1 equivalent. */
  component?: string;
  variable?: string;
}

const SPECS: readonly EntrySpec[] = [
  { key: 'HeartbeatInterval', kind: 'integer', readonly: false, component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' },
  { key: 'MeterValueSampleInterval', kind: 'integer', readonly: false, component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' },
  { key: 'ConnectionTimeOut', kind: 'integer', readonly: false, component: 'TxCtrlr', variable: 'EVConnectionTimeOut' },
  { key: 'AuthorizeRemoteTxRequests', kind: 'boolean', readonly: false, component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' },
  { key: 'StopTransactionOnEVSideDisconnect', kind: 'boolean', readonly: false, component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' },
  { key: 'ClockAlignedDataInterval', kind: 'integer', readonly: false, component: 'AlignedDataCtrlr', variable: 'Interval' },
  { key: 'MeterValuesSampledData', kind: 'string', readonly: false, component: 'SampledDataCtrlr', variable: 'TxUpdatedMeasurands' },
  { key: 'WebSocketPingInterval', kind: 'integer', readonly: false, component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval' },
  { key: 'NumberOfConnectors', kind: 'integer', readonly: true },
  { key: 'SupportedFeatureProfiles', kind: 'string', readonly: true },
  { key: 'ChargePointIdentity', kind: 'string', readonly: true, component: 'SecurityCtrlr', variable: 'Identity' },
];

export interface ConfigEntry {
  key: string;
  value: string;
  readonly: boolean;
}

export type ChangeResult = 'Accepted' | 'Rejected' | 'NotSupported';
export type VariableLookup = { ok: true; key: string } | { ok: false; status: 'UnknownComponent' | 'UnknownVariable' };

export class ConfigStore {
  private readonly values = new Map<string, string>();
  private readonly listeners = new Set<(key: string, value: string) => void>();

  constructor(initial: Record<string, string | number | boolean>) {
    for (const spec of SPECS) {
      const value = initial[spec.key];
      if (value !== undefined) this.values.set(spec.key, String(value));
    }
  }

  get(key: string): ConfigEntry | undefined {
    const spec = SPECS.find((s) => s.key === key);
    const value = this.values.get(key);
    return spec && value !== undefined ? { key, value, readonly: spec.readonly } : undefined;
  }

  all(): ConfigEntry[] {
    return SPECS.flatMap((spec) => this.get(spec.key) ?? []);
  }

  /** The integer value of `key`, or `fallback` when unset. */
  integer(key: string, fallback: number): number {
    const value = Number(this.values.get(key));
    return Number.isInteger(value) ? value : fallback;
  }

  /** Changes a key as the CSMS asks; `force` is for the station itself (e.g. the interval a boot answer gives). */
  set(key: string, value: string, force = false): ChangeResult {
    const spec = SPECS.find((s) => s.key === key);
    if (!spec || !this.values.has(key)) return 'NotSupported';
    if ((spec.readonly && !force) || !isValid(spec.kind, value)) return 'Rejected';
    this.values.set(key, value);
    for (const listener of this.listeners) listener(key, value);
    return 'Accepted';
  }

  onChange(listener: (key: string, value: string) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves a 2.0.1 component/variable pair to its key. */
  lookup(component: string, variable: string): VariableLookup {
    const inComponent = SPECS.filter((s) => s.component === component && this.values.has(s.key));
    if (inComponent.length === 0) return { ok: false, status: 'UnknownComponent' };
    const spec = inComponent.find((s) => s.variable === variable);
    return spec ? { ok: true, key: spec.key } : { ok: false, status: 'UnknownVariable' };
  }
}

function isValid(kind: ValueKind, value: string): boolean {
  if (kind === 'integer') return /^\d+$/.test(value);
  if (kind === 'boolean') return value === 'true' || value === 'false';
  return true;
}

/**
 * The station's configuration, one store for both versions: 1.6 GetConfiguration/ChangeConfiguration use
 * the key, 2.0.1 GetVariables/SetVariables/reports reach the same entry through its component and variable
 * (see config-keys.ts for the catalogue). Entries of a feature profile the station does not advertise are
 * absent, as on a real charger without that feature.
 */
import { ENTRY_SPECS, valueProblem, type EntrySpec } from './config-keys.js';
import type { FeatureProfiles } from './feature-profiles.js';

export interface ConfigEntry {
  key: string;
  value: string;
  readonly: boolean;
  spec: EntrySpec;
}

export type ChangeResult = 'Accepted' | 'Rejected' | 'NotSupported' | 'RebootRequired';
export type VariableLookup = { ok: true; key: string } | { ok: false; status: 'UnknownComponent' | 'UnknownVariable' };

/** A 2.0.1 component or variable as named in a request: name plus optional instance. */
export interface NamedPart {
  name: string;
  instance?: string;
}

/** Told of every change; an object with a method, so a station's part listens without a closure of its own. */
export interface ConfigListener {
  configChanged(key: string, value: string): void;
}

export interface ConfigStoreOptions {
  /** Advertised profiles; default: all. */
  profiles?: FeatureProfiles;
  /** The station's ChargePointIdentity, when `initial` (shared by a fleet's stations) does not carry it. */
  identity?: string;
}

/** The entries a station with these profiles has, and their defaults: the same for every such station. */
interface Catalogue {
  readonly specs: readonly EntrySpec[];
  readonly byKey: ReadonlyMap<string, EntrySpec>;
  /** Each entry's default as the store keeps values, a string. */
  readonly defaults: ReadonlyMap<string, string>;
}

/** By advertised profiles: a fleet's stations share these and each keeps only the values it changed. */
const catalogues = new Map<string, Catalogue>();

function catalogueFor(profiles: FeatureProfiles | undefined): Catalogue {
  const id = profiles === undefined ? '*' : profiles.toCsl();
  let catalogue = catalogues.get(id);
  if (catalogue === undefined) {
    const specs = ENTRY_SPECS.filter((spec) => {
      if (!profiles) return true;
      // A 1.6 key follows its 1.6 profile; a 2.0.1 variable may belong elsewhere (FileTransferProtocols is Core there).
      return profiles.has(spec.profile) || (spec.component !== undefined && profiles.has(spec.profile201 ?? spec.profile));
    });
    catalogue = {
      specs,
      byKey: new Map(specs.map((spec) => [spec.key, spec])),
      defaults: new Map(specs.map((spec) => [spec.key, String(spec.defaultValue)])),
    };
    catalogues.set(id, catalogue);
  }
  return catalogue;
}

const ENTRY_KEYS: ReadonlySet<string> = new Set(ENTRY_SPECS.map((spec) => spec.key));

/** The station's own id: the one initial setting that differs between the stations of a fleet. */
const IDENTITY_KEY = 'ChargePointIdentity';

/**
 * Catalogue defaults overlaid with a station's initial settings (its identity aside), by catalogue and settings:
 * the stations of a fleet ship with the same settings and share one such layer.
 */
const initialLayers = new Map<string, ReadonlyMap<string, string>>();
/** Past this many different initial settings in one process, a station keeps its layer to itself. */
const MAX_SHARED_LAYERS = 1_000;
/**
 * The layer of a frozen settings object, found without reading it again: a fleet's stations pass one such object
 * (station-setup.ts), and building the layer's id string per station was most of the garbage of making a station.
 */
const layersBySettings = new WeakMap<object, { catalogue: Catalogue; layer: ReadonlyMap<string, string>; identity: string | undefined }>();

/**
 * A store's first change as its list of changes (key, value), shared by every store that makes the same one: a fleet's
 * CSMS answers every boot with the same heartbeat interval. The lists are never modified, only replaced.
 */
const firstChanges = new Map<string, readonly string[]>();
/** Past this many different first changes in one process, a store keeps its list to itself. */
const MAX_SHARED_CHANGES = 1_000;

function firstChange(key: string, value: string): readonly string[] {
  const id = `${key}\u0000${value}`;
  let change = firstChanges.get(id);
  if (change === undefined) {
    change = [key, value];
    if (firstChanges.size < MAX_SHARED_CHANGES) firstChanges.set(id, change);
  }
  return change;
}

export class ConfigStore {
  private readonly catalogue: Catalogue;
  /** The catalogue's defaults with this station's initial settings laid over them (shared, see initialLayers). */
  private readonly initial: ReadonlyMap<string, string>;
  private readonly identity: string | undefined;
  /**
   * Values changed since creation as key, value, key, value …; made on the first change that differs from the
   * initial value. A station changes a few keys (a boot answer's interval): an exact-size array is far smaller than a
   * Map. Replaced on every change, never modified: a first change is shared (see firstChange).
   */
  private changed: readonly string[] | undefined;
  /** One listener, or several in an array (a station has one: its registration). */
  private listeners: ConfigListener | readonly ConfigListener[] | undefined;

  /** `initial` overrides catalogue defaults; a key the catalogue lacks is a programming error. */
  constructor(initial: Readonly<Record<string, string | number | boolean>>, options: ConfigStoreOptions = {}) {
    this.catalogue = catalogueFor(options.profiles);
    const known = layersBySettings.get(initial);
    if (known !== undefined && known.catalogue === this.catalogue) {
      this.initial = known.layer;
      this.identity = options.identity ?? known.identity;
      return;
    }
    const overrides: [string, string][] = [];
    let identity: string | undefined;
    for (const key of Object.keys(initial)) {
      if (!ENTRY_KEYS.has(key)) throw new RangeError(`unknown configuration key "${key}"`);
      const value = initial[key];
      if (value === undefined || value === null || !this.catalogue.byKey.has(key)) continue;
      if (key === IDENTITY_KEY) identity = String(value);
      else overrides.push([key, String(value)]);
    }
    this.identity = options.identity ?? identity;
    const id = `${options.profiles?.toCsl() ?? '*'} ${JSON.stringify(overrides)}`;
    let layer = initialLayers.get(id);
    if (layer === undefined) {
      layer = new Map([...this.catalogue.defaults, ...overrides]);
      if (initialLayers.size < MAX_SHARED_LAYERS) initialLayers.set(id, layer);
    }
    this.initial = layer;
    // Frozen, the settings cannot change under the cached layer.
    if (Object.isFrozen(initial)) layersBySettings.set(initial, { catalogue: this.catalogue, layer, identity });
  }

  get(key: string): ConfigEntry | undefined {
    const spec = this.spec(key);
    const value = this.value(key);
    return spec && value !== undefined ? { key, value, readonly: spec.readonly, spec } : undefined;
  }

  /** Every entry, in catalogue order. */
  all(): ConfigEntry[] {
    return this.catalogue.specs.flatMap((spec) => this.get(spec.key) ?? []);
  }

  /** The 1.6 configuration keys, in catalogue order. */
  keys16(): ConfigEntry[] {
    return this.all().filter((entry) => entry.spec.in16 && this.shown16(entry.spec));
  }

  /** A 1.6 key, or undefined when 1.6 has no such key here. */
  get16(key: string): ConfigEntry | undefined {
    const entry = this.get(key);
    return entry?.spec.in16 && this.shown16(entry.spec) ? entry : undefined;
  }

  /** The entries 2.0.1 reaches as component variables, in catalogue order. */
  variables201(): ConfigEntry[] {
    return this.all().filter((entry) => entry.spec.component !== undefined);
  }

  /** The integer value of `key`, or `fallback` when unset. */
  integer(key: string, fallback: number): number {
    const value = Number(this.value(key));
    return Number.isInteger(value) ? value : fallback;
  }

  /** Changes a key as the CSMS asks; `force` is for the station itself (e.g. the interval a boot answer gives). */
  set(key: string, value: string, force = false): ChangeResult {
    const spec = this.spec(key);
    if (!spec) return 'NotSupported';
    if ((spec.readonly && !force) || valueProblem(spec, value) !== undefined) return 'Rejected';
    const changed = this.changed;
    const at = changed === undefined ? -1 : changedIndex(changed, key);
    // The other changes, without this key's.
    const others = at < 0 || changed === undefined ? changed : changed.length === 2 ? undefined : changed.slice(0, at).concat(changed.slice(at + 2));
    if (value === this.initialValue(key)) this.changed = others;
    else this.changed = others === undefined ? firstChange(key, value) : others.concat(key, value);
    const listeners = this.listeners;
    if (isListenerList(listeners)) for (const listener of listeners) listener.configChanged(key, value);
    else listeners?.configChanged(key, value);
    return spec.rebootRequired && !force ? 'RebootRequired' : 'Accepted';
  }

  onChange(listener: ConfigListener): void {
    // A new exact-size array each time (concat makes one; a spread leaves room for 16 more elements).
    const listeners = this.listeners;
    this.listeners = listeners === undefined ? listener : isListenerList(listeners) ? listeners.concat([listener]) : [listeners, listener];
  }

  /** Resolves a 2.0.1 component/variable pair (instances included) to its key. */
  lookup(component: NamedPart, variable: NamedPart): VariableLookup {
    const inComponent = this.variables201().filter((e) => e.spec.component === component.name && e.spec.componentInstance === component.instance);
    if (inComponent.length === 0) return { ok: false, status: 'UnknownComponent' };
    const entry = inComponent.find((e) => e.spec.variable === variable.name && e.spec.variableInstance === variable.instance);
    return entry ? { ok: true, key: entry.key } : { ok: false, status: 'UnknownVariable' };
  }

  private spec(key: string): EntrySpec | undefined {
    return this.catalogue.byKey.get(key);
  }

  private value(key: string): string | undefined {
    const changed = this.changed;
    const at = changed === undefined ? -1 : changedIndex(changed, key);
    return at >= 0 ? (changed as string[])[at + 1] : this.initialValue(key);
  }

  private initialValue(key: string): string | undefined {
    return key === IDENTITY_KEY && this.identity !== undefined ? this.identity : this.initial.get(key);
  }

  /** 1.6 shows a key of an optional profile only when that profile is advertised (its 2.0.1 twin may be Core). */
  private shown16(spec: EntrySpec): boolean {
    return spec.profile === 'Core' || this.advertised16.has(spec.profile);
  }

  private get advertised16(): ReadonlySet<string> {
    return new Set((this.value('SupportedFeatureProfiles') ?? '').split(','));
  }
}

function isListenerList(listeners: ConfigListener | readonly ConfigListener[] | undefined): listeners is readonly ConfigListener[] {
  return Array.isArray(listeners);
}

/** Where `key` stands in a list of changed values (key, value, …), or -1. */
function changedIndex(changed: readonly string[], key: string): number {
  for (let i = 0; i < changed.length; i += 2) if (changed[i] === key) return i;
  return -1;
}

/**
 * The part of the Reflect metadata API that @peculiar/x509's dependency tsyringe checks for at import
 * (it throws without it). x509 registers its algorithm classes, whose constructors take no arguments,
 * so a plain per-target store is all it needs; this spares a dependency on the reflect-metadata package.
 * Import this module before '@peculiar/x509'.
 */
type Key = string | symbol | undefined;
type Metadata = Map<unknown, unknown>;

interface ReflectMetadata {
  defineMetadata(metadataKey: unknown, value: unknown, target: object, key?: Key): void;
  getOwnMetadata(metadataKey: unknown, target: object, key?: Key): unknown;
  getMetadata(metadataKey: unknown, target: object, key?: Key): unknown;
  hasMetadata(metadataKey: unknown, target: object, key?: Key): boolean;
  metadata(metadataKey: unknown, value: unknown): (target: object, key?: Key) => void;
}

const reflect = Reflect as unknown as Partial<ReflectMetadata>;

if (typeof reflect.getMetadata !== 'function') {
  const store = new WeakMap<object, Map<Key, Metadata>>();
  const own = (target: object, key: Key, create: boolean): Metadata | undefined => {
    let byKey = store.get(target);
    if (byKey === undefined) {
      if (!create) return undefined;
      store.set(target, (byKey = new Map()));
    }
    let table = byKey.get(key);
    if (table === undefined && create) byKey.set(key, (table = new Map()));
    return table;
  };
  const api: ReflectMetadata = {
    defineMetadata: (metadataKey, value, target, key) => void own(target, key, true)!.set(metadataKey, value),
    getOwnMetadata: (metadataKey, target, key) => own(target, key, false)?.get(metadataKey),
    getMetadata: (metadataKey, target, key) => {
      for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
        const value = own(t, key, false)?.get(metadataKey);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    hasMetadata: (metadataKey, target, key) => api.getMetadata(metadataKey, target, key) !== undefined,
    metadata: (metadataKey, value) => (target, key) => api.defineMetadata(metadataKey, value, target, key),
  };
  Object.assign(Reflect, api);
}

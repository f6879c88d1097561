/**
 * What the k6 shim records, shared by its modules through globalThis: the rewritten bundle may load them under
 * other module ids than the test does, so a module-level variable could exist twice.
 */
export interface Sample {
  metric: string;
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  value: number;
  tags: Record<string, string>;
}

export interface ShimState {
  /** The VU whose default function is running (k6/execution's vu.idInTest). */
  vu: number;
  samples: Sample[];
  /** Sockets not closed yet, and the ones ever opened. */
  sockets: Set<{ close(): void }>;
  opened: number;
  timers: Set<ReturnType<typeof setTimeout>>;
}

const KEY = Symbol.for('chargedrill.k6-shim');

export function shimState(): ShimState {
  const holder = globalThis as unknown as Record<symbol, ShimState | undefined>;
  holder[KEY] ??= { vu: 0, samples: [], sockets: new Set(), opened: 0, timers: new Set() };
  return holder[KEY];
}

/** A fresh state for the next script. */
export function resetShim(): void {
  const state = shimState();
  for (const timer of state.timers) clearTimeout(timer);
  for (const socket of state.sockets) socket.close();
  Object.assign(state, { vu: 0, samples: [], sockets: new Set(), opened: 0, timers: new Set() });
  delete (globalThis as { __ENV?: unknown }).__ENV;
}

/**
 * Station behaviour switches are shared by every fault on the station: two faults that both refuse
 * unlocking must not have the first one's clearing switch it back on for the second. A lease counts holders.
 */
import type { StationBehaviour } from '../station/types.js';

type Switch = keyof StationBehaviour;

const holders = new WeakMap<StationBehaviour, Map<Switch, number>>();

/** Turns `name` on until the returned release is called (once); the switch goes off with its last holder. */
export function holdBehaviour(behaviour: StationBehaviour, name: Switch): () => void {
  let counts = holders.get(behaviour);
  if (!counts) {
    counts = new Map();
    holders.set(behaviour, counts);
  }
  const table = counts;
  table.set(name, (table.get(name) ?? 0) + 1);
  behaviour[name] = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (table.get(name) ?? 1) - 1;
    table.set(name, left);
    if (left <= 0) behaviour[name] = false;
  };
}

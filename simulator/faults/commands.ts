/**
 * What a CSMS command means for a fault's clearing rule, in both versions: 1.6 Reset Soft/Hard and
 * 2.0.1 Reset OnIdle/Immediate (the desk's soft and hard reset), a 2.0.1 Reset of one EVSE, and
 * UnlockConnector (2.0.1 addresses EVSE n, the simulator's connector n).
 */
import type { OcppProtocol } from '../protocol/versions.js';
import { connectorOfEvse } from '../vocabulary/evse.js';

export type ResetLevel = 'soft' | 'hard';

export type ClassifiedCommand =
  | { type: 'reset'; level: ResetLevel }
  | { type: 'connector-reset'; connectorId: number }
  | { type: 'unlock'; connectorId: number }
  | { type: 'other'; action: string };

export function classifyCommand(protocol: OcppProtocol, action: string, payload: Record<string, unknown>): ClassifiedCommand {
  if (action === 'Reset') {
    if (protocol === 'ocpp1.6') return { type: 'reset', level: payload.type === 'Hard' ? 'hard' : 'soft' };
    if (typeof payload.evseId === 'number' && payload.evseId > 0) return { type: 'connector-reset', connectorId: connectorOfEvse(payload.evseId) };
    return { type: 'reset', level: payload.type === 'Immediate' ? 'hard' : 'soft' };
  }
  if (action === 'UnlockConnector') {
    if (protocol === 'ocpp1.6' && typeof payload.connectorId === 'number') return { type: 'unlock', connectorId: payload.connectorId };
    if (protocol !== 'ocpp1.6' && typeof payload.evseId === 'number') return { type: 'unlock', connectorId: connectorOfEvse(payload.evseId) };
  }
  return { type: 'other', action };
}

/** A hard reset reboots at least as thoroughly as a soft one: whatever a soft reset fixes, a hard one does too. */
export function resetReaches(level: ResetLevel, needed: ResetLevel): boolean {
  return level === 'hard' || needed === 'soft';
}

export function resetClearReason(level: ResetLevel): 'remote-soft-reset' | 'remote-hard-reset' {
  return level === 'hard' ? 'remote-hard-reset' : 'remote-soft-reset';
}

/** The few station methods a command watcher needs (kept narrow so tests can read it). */
interface CommandSource {
  readonly protocol: OcppProtocol;
  readonly behaviour: { ignoreCommands: boolean };
}

/**
 * Calls `fn` with every command the station actually acts on. A station that ignores commands (half-open
 * socket) still sees them arrive on the wire but does nothing, so they clear nothing.
 */
export function commandWatcher(station: CommandSource, fn: (command: ClassifiedCommand) => void): (action: string, payload: Record<string, unknown>) => void {
  return (action, payload) => {
    if (station.behaviour.ignoreCommands) return;
    fn(classifyCommand(station.protocol, action, payload));
  };
}

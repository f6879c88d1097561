/**
 * Station feature tests against the real bundled CSMS (the fault tests' rig): what the CSMS received
 * and answered is read from its frame events, waited for within a simulated-time budget.
 */
import type { Rig } from '../faults/fault-rig.js';
import { nextCsmsEvent, startAccepted } from '../faults/fault-rig.js';

type Payload = Record<string, unknown>;

/** The next CALL of `action` the CSMS receives from the rig's station that matches `match`. Subscribe before acting. */
export async function nextInbound(rig: Rig, action: string, match: (p: Payload) => boolean = () => true, simS = 120): Promise<Payload> {
  const frame = await nextCsmsEvent(
    rig,
    'frame',
    (e) => e.direction === 'in' && e.messageType === 2 && e.action === action && match(e.payload as Payload),
    simS,
  );
  return frame.payload as Payload;
}

/** The CSMS's next CALLRESULT to `action`. Subscribe before acting. */
export async function nextAnswer(rig: Rig, action: string, simS = 120): Promise<Payload> {
  const frame = await nextCsmsEvent(rig, 'frame', (e) => e.direction === 'out' && e.messageType === 3 && e.action === action, simS);
  return frame.payload as Payload;
}

/** Sends a command from the CSMS to the rig's station and returns the station's answer. */
export function command(rig: Rig, action: string, payload: Payload): Promise<Payload> {
  return rig.csms.sendCommand(rig.station.id, action, payload);
}

/** CALLs the CSMS has logged from the rig's station, optionally of one action. */
export function received(rig: Rig, action?: string): Payload[] {
  return rig.csms.store
    .messagesFor(rig.station.id)
    .filter((row) => row.direction === 'in' && row.messageType === 2 && (action === undefined || row.action === action))
    .map((row) => row.payload as Payload);
}

/** Cuts the network (no reconnect) until `goOnline`. */
export function goOffline(rig: Rig): void {
  rig.station.transport.drop({ reconnect: false });
}

/** Brings the network back; resolves once the station is connected again. */
export async function goOnline(rig: Rig): Promise<void> {
  const connected = new Promise<void>((resolve) => rig.station.once('connected', () => resolve()));
  await rig.station.transport.connect();
  await connected;
}

/** An ISO time `simS` simulated seconds from now on the rig's clock. */
export function inSimSeconds(rig: Rig, simS: number): string {
  return new Date(rig.clock.now() + simS * 1_000).toISOString();
}

export { startAccepted };

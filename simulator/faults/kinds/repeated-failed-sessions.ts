/**
 * Repeated failed sessions: `count` sessions on one charger that fail by the evidence the detector
 * judges (docs/domain.md §4), never merely by being short:
 * - no-energy: the session runs `sessionS` with the EV drawing nothing (0 Wh, then a normal stop);
 * - fault-stop: the EV charges for `sessionS`, then stops answering on the control pilot: the connector
 *   reports Faulted/EVCommunicationError and the session stops with reason Other (1.6 has no more specific
 *   one; 2.0.1 adds NotifyEvent ConnectedEV.Problem), and the connector recovers `faultS` later. Each such
 *   Faulted is also a connector-faulted issue of its own.
 * A start refused by the CSMS is the third kind of failed session; it is the CSMS's answer, so the
 * authorization-failures, concurrent-tx and cost-not-configured faults (a blocked token, ...) produce it.
 */
import type { VirtualStation } from '../../station/station.js';
import { FaultHandle } from '../handle.js';
import { oneOf, token, wholeNumber } from '../params.js';
import { runAttempts, type AttemptPlan } from '../session-attempts.js';
import type { FaultDefinition } from '../types.js';

export type FailedSessionMode = 'no-energy' | 'fault-stop';

export interface RepeatedFailedSessionsParams {
  count: number;
  spacingS: number;
  mode: FailedSessionMode;
  sessionS: number;
  faultS: number;
  idTag: string;
}

/** A fault-stop session is planned to run this much longer than `sessionS`, so the fault, not the plan, ends it. */
const FAULT_STOP_MARGIN_S = 3_600;

export const repeatedFailedSessionsFault: FaultDefinition<RepeatedFailedSessionsParams> = {
  kind: 'repeated-failed-sessions',
  description:
    'count sessions, spacingS apart, that fail: "no-energy" ones run sessionS with the EV drawing nothing (0 Wh); "fault-stop" ones ' +
    'charge for sessionS, then the connector faults (EVCommunicationError) and stops the session, recovering faultS later.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    count: wholeNumber({ min: 1, default: 3, description: 'How many failed sessions.' }),
    spacingS: wholeNumber({ min: 1, default: 600, description: 'Simulated seconds between the starts of two sessions.' }),
    mode: oneOf<FailedSessionMode>(['no-energy', 'fault-stop'], { default: 'no-energy', description: 'How each session fails.' }),
    sessionS: wholeNumber({
      min: 1,
      default: 600,
      description: 'no-energy: how long each session runs; fault-stop: how long the EV charges before the fault. Simulated seconds.',
    }),
    faultS: wholeNumber({ min: 1, default: 30, description: 'fault-stop: simulated seconds until the connector recovers from the fault.' }),
    idTag: token({ default: 'DRIVER-0002', description: "The drivers' token (accepted by the CSMS)." }),
  },
  clearedBy: () => ({
    remote: [],
    technician: false,
    time: true,
    owner: 'tier-2',
    summary: 'configuration, connectivity or firmware instability: Tier 2 investigates; ends after the last session',
  }),
  inject(targets, params, ctx) {
    const faulted = new Map<VirtualStation, Set<number>>();
    const handle = new FaultHandle({
      kind: 'repeated-failed-sessions',
      targets,
      clearingRule: repeatedFailedSessionsFault.clearedBy(params),
      clock: ctx.clock,
      restore: () => {
        for (const [station, ids] of faulted) for (const id of ids) station.clearConnectorFault(id);
      },
    });
    const base: AttemptPlan =
      params.mode === 'no-energy'
        ? { idTag: params.idTag, durationS: params.sessionS, powerW: 0 }
        : { idTag: params.idTag, durationS: params.sessionS + FAULT_STOP_MARGIN_S };
    const plan = { ...base, ...(targets.connectorId !== undefined && { connectorId: targets.connectorId }) };
    if (params.mode === 'fault-stop') {
      for (let i = 0; i < params.count; i++) {
        handle.after((i * params.spacingS + params.sessionS) * 1_000, () => {
          for (const station of targets.stations) faultRunningSession(station, targets.connectorId, faulted, handle, params.faultS);
        });
      }
    }
    void runAttempts(handle, targets.stations, { count: params.count, spacingS: params.spacingS, plan }).then(() => handle.clear('finished'));
    return handle;
  },
};

/** Faults the connector charging this attempt's session (the preferred one if it is charging) and clears it `faultS` later. */
function faultRunningSession(station: VirtualStation, preferred: number | undefined, faulted: Map<VirtualStation, Set<number>>, handle: FaultHandle, faultS: number): void {
  const charging = station.slots().filter((slot) => slot.tx !== undefined && slot.connector.status === 'Charging');
  const slot = charging.find((s) => s.connector.id === preferred) ?? charging[0];
  if (!slot) return;
  const id = slot.connector.id;
  let ids = faulted.get(station);
  if (!ids) {
    ids = new Set();
    faulted.set(station, ids);
  }
  ids.add(id);
  station.setConnectorFault(id, 'EVCommunicationError', 'EV not responding on the control pilot', 'CP-STATE-E', { component: 'ConnectedEV', variable: 'Problem' });
  handle.after(faultS * 1_000, () => {
    ids.delete(id);
    station.clearConnectorFault(id);
  });
}

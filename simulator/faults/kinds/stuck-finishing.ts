/**
 * Connector stuck in Finishing: after the session the cable is out but the connector never returns to
 * Available (2.0.1: Occupied with no transaction). UnlockConnector clears it; if unlocking does not help,
 * a soft reset does.
 */
import type { VirtualStation } from '../../station/station.js';
import { holdBehaviour } from '../behaviour-lease.js';
import { commandWatcher, resetClearReason } from '../commands.js';
import { FaultHandle } from '../handle.js';
import { flag, token, wholeNumber } from '../params.js';
import type { ClearReason, FaultDefinition } from '../types.js';

export interface StuckFinishingParams {
  unlockRecovers: boolean;
  startSession: boolean;
  idTag: string;
  sessionS: number;
}

export const stuckFinishingFault: FaultDefinition<StuckFinishingParams> = {
  kind: 'stuck-finishing',
  description:
    'After its session the connector stays in Finishing (2.0.1: Occupied without a transaction). UnlockConnector clears it ' +
    '(or, with unlockRecovers false, answers UnlockFailed); a soft or hard reset clears it. When the connector is idle a driver ' +
    'session runs first so the connector gets there.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'connector',
  minStations: 1,
  params: {
    unlockRecovers: flag({ default: true, description: 'Whether UnlockConnector frees the connector (false: UnlockFailed, only a reset helps).' }),
    startSession: flag({ default: true, description: 'Run a driver session first when the connector is idle, so it ends up in Finishing.' }),
    idTag: token({ default: 'DRIVER-0042', description: "The driver's token for that session." }),
    sessionS: wholeNumber({ min: 1, default: 600, description: 'Simulated seconds of charging in that session.' }),
  },
  clearedBy: (params) => ({
    remote: params.unlockRecovers ? ['UnlockConnector', 'soft-reset'] : ['soft-reset'],
    technician: true,
    time: false,
    owner: 'field-service',
    summary: params.unlockRecovers ? 'UnlockConnector frees it; a soft reset also does' : 'UnlockConnector fails; a soft reset frees it',
  }),
  inject(targets, params, ctx) {
    const station = targets.stations[0] as VirtualStation;
    const connectorId = targets.connectorId ?? 1;
    const releases = [holdBehaviour(station.behaviour, 'stuckInFinishing')];
    if (!params.unlockRecovers) releases.push(holdBehaviour(station.behaviour, 'refuseUnlock'));
    const handle = new FaultHandle({
      kind: 'stuck-finishing',
      targets: { stations: [station], connectorId },
      clearingRule: stuckFinishingFault.clearedBy(params),
      clock: ctx.clock,
      restore: () => releases.forEach((release) => release()),
    });
    let lastFix: ClearReason | undefined;
    handle.listen(
      station,
      'command',
      commandWatcher(station, (command) => {
        if (command.type === 'unlock' && command.connectorId === connectorId && !station.behaviour.refuseUnlock) lastFix = 'remote-unlock';
        if (command.type === 'reset') lastFix = resetClearReason(command.level);
      }),
    );
    let status = station.connectorState(connectorId).status;
    handle.listen(station, 'status', (id, next) => {
      if (id !== connectorId) return;
      const leftFinishing = status === 'Finishing' && (next === 'Available' || next === 'Unavailable');
      status = next as typeof status;
      if (leftFinishing) handle.clear(lastFix ?? 'manual');
    });
    if (params.startSession && status === 'Available') {
      void station.runSession({ connectorId, idTag: params.idTag, durationS: params.sessionS }).catch(() => {});
    }
    return handle;
  },
};

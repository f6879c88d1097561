/**
 * ConcurrentTx: one token in two places. The first target station charges with the token; `attemptAfterS`
 * later the other stations present the same token and the CSMS refuses it as already in use.
 */
import type { VirtualStation } from '../../station/station.js';
import { FaultHandle } from '../handle.js';
import { token, wholeNumber } from '../params.js';
import { runAttempts } from '../session-attempts.js';
import type { FaultDefinition } from '../types.js';

export interface ConcurrentTxParams {
  idTag: string;
  sessionS: number;
  attemptAfterS: number;
  attempts: number;
}

/** Other stations retry the token this often. */
const RETRY_SPACING_S = 60;

export const concurrentTxFault: FaultDefinition<ConcurrentTxParams> = {
  kind: 'concurrent-tx',
  description:
    'The first target station starts a session with idTag; attemptAfterS later every other target station tries the same token ' +
    '(attempts times, a minute apart) and the CSMS answers ConcurrentTx while the first session runs.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'stations',
  minStations: 2,
  params: {
    idTag: token({ default: 'SHARED-0001', description: 'The token used in both places.' }),
    sessionS: wholeNumber({ min: 1, default: 3_600, description: 'Charging time of the session holding the token, simulated seconds.' }),
    attemptAfterS: wholeNumber({ min: 1, default: 120, description: 'Simulated seconds after that session starts before the token is tried elsewhere.' }),
    attempts: wholeNumber({ min: 1, default: 1, description: 'Attempts per other station.' }),
  },
  clearedBy: () => ({
    remote: [],
    technician: false,
    time: true,
    owner: 'tier-1',
    summary: 'Tier 1 explains or ends the other session; the attempts stop after the last one',
  }),
  inject(targets, params, ctx) {
    const [holder, ...others] = targets.stations as [VirtualStation, ...VirtualStation[]];
    const handle = new FaultHandle({
      kind: 'concurrent-tx',
      targets,
      clearingRule: concurrentTxFault.clearedBy(params),
      clock: ctx.clock,
    });
    // attemptAfterS counts from when the CSMS has accepted the holder's start, not from the injection: the
    // start crosses the network in real time, which at a high time scale is many simulated seconds.
    let started = false;
    handle.listen(holder, 'callDone', (outcome) => {
      if (started || !outcome.ok || (outcome.action !== 'StartTransaction' && outcome.action !== 'TransactionEvent')) return;
      started = true;
      handle.after(params.attemptAfterS * 1_000, () => {
        void runAttempts(handle, others, { count: params.attempts, spacingS: RETRY_SPACING_S, plan: { idTag: params.idTag, durationS: params.sessionS } }).then(() =>
          handle.clear('finished'),
        );
      });
    });
    void holder.runSession({ connectorId: targets.connectorId ?? 1, idTag: params.idTag, durationS: params.sessionS }).catch(() => {});
    return handle;
  },
};

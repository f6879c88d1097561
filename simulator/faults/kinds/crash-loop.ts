/**
 * Crash loop: a firmware fault. The station reports Faulted/InternalError for itself (1.6 connectorId 0;
 * 2.0.1 NotifyEvent ChargingStation.Problem), then its watchdog reboots it (2.0.1 boot reason Watchdog),
 * and after `spacingS` of uptime it crashes again. Resets only add reboots: firmware → manufacturer.
 */
import type { VirtualStation } from '../../station/station.js';
import { FaultHandle } from '../handle.js';
import { text, wholeNumber } from '../params.js';
import { reportStationProblem, type StationProblem } from '../station-wide-report.js';
import type { FaultDefinition } from '../types.js';

export interface CrashLoopParams {
  crashes: number;
  spacingS: number;
  rebootAfterS: number;
  info: string;
  vendorErrorCode: string;
}

export const crashLoopFault: FaultDefinition<CrashLoopParams> = {
  kind: 'crash-loop',
  description:
    'The firmware crashes: Faulted/InternalError for the whole station (1.6 StatusNotification connectorId 0, 2.0.1 NotifyEvent ' +
    'ChargingStation.Problem), a watchdog reboot (sessions stop with Reboot, 2.0.1 boot reason Watchdog), and again after spacingS of uptime.',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  scope: 'station',
  minStations: 1,
  params: {
    crashes: wholeNumber({ min: 0, default: 0, description: 'How many crashes before the firmware settles; 0 = until repaired.' }),
    spacingS: wholeNumber({ min: 1, default: 300, description: 'Simulated seconds of uptime after a boot before the next crash.' }),
    rebootAfterS: wholeNumber({ min: 0, default: 5, description: 'Simulated seconds between the InternalError report and the watchdog reboot.' }),
    info: text({ default: 'Watchdog: charging task not responding', maxLength: 50, description: 'Text reported with InternalError.' }),
    vendorErrorCode: text({ default: 'WDT-0x1F', maxLength: 50, description: "The firmware's own error code." }),
  },
  clearedBy: (params) => ({
    remote: [],
    technician: true,
    time: params.crashes > 0,
    owner: 'manufacturer',
    summary: 'firmware: a reset only adds a reboot; the manufacturer (or a technician with a fixed firmware) clears it',
  }),
  inject(targets, params, ctx) {
    const station = targets.stations[0] as VirtualStation;
    const problem: StationProblem = { errorCode: 'InternalError', info: params.info, vendorErrorCode: params.vendorErrorCode };
    const handle = new FaultHandle({
      kind: 'crash-loop',
      targets: { stations: [station], connectorId: undefined },
      clearingRule: crashLoopFault.clearedBy(params),
      clock: ctx.clock,
      restore: () => reportRecovered(station, problem),
    });
    let crashes = 0;
    let rebooting = false;
    const crash = () => {
      void reportStationProblem(station, problem, true).then(() =>
        handle.after(params.rebootAfterS * 1_000, () => {
          crashes++;
          rebooting = true;
          station.watchdogReboot();
          if (params.crashes > 0 && crashes >= params.crashes) handle.clear('finished');
        }),
      );
    };
    handle.listen(station, 'booted', (status) => {
      if (status !== 'Accepted' || !rebooting) return;
      rebooting = false;
      handle.after(params.spacingS * 1_000, crash);
    });
    crash();
    return handle;
  },
};

/** The clearing report goes out now, or after the next accepted boot when the station is offline or rebooting. */
function reportRecovered(station: VirtualStation, problem: StationProblem): void {
  if (station.canSend()) {
    void reportStationProblem(station, problem, false);
    return;
  }
  const onBooted = (status: string) => {
    if (status !== 'Accepted') return;
    station.off('booted', onBooted);
    void reportStationProblem(station, problem, false);
  };
  station.on('booted', onBooted);
}

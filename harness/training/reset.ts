/**
 * `POST /api/training/reset`: the network back to where a training starts. Drills end (their stations go back
 * to the desk), every fault injected through the control layer is cleared or cancelled, stations taken offline
 * come back, and connectors left out of service (Unavailable after a ChangeAvailability Inoperative, or still
 * Faulted) are made Operative through the CSMS. The detector resolves its issues, and the desk closes their
 * tickets, as the stations report Available again.
 */
import type { ControlFaults } from '../control/faults.js';
import type { ControlStations } from '../control/stations.js';
import { CommandError } from '../csms/command-errors.js';
import type { Csms } from '../csms/server.js';
import { buildRemoteAction } from './remote-actions.js';
import type { DrillBook } from './drills.js';

export interface ResetParts {
  drills: DrillBook;
  faults: ControlFaults;
  stations: ControlStations;
  csms: Pick<Csms, 'sendCommand'>;
}

export interface ResetResult {
  drillsEnded: number;
  faultsCleared: string[];
  stationsBroughtOnline: string[];
  madeOperative: { stationId: string; connectorId: number; status: string }[];
}

const OUT_OF_SERVICE = new Set(['Unavailable', 'Faulted']);
/** Real ms the reset waits for stations to be connected and booted before it brings their connectors back. */
const RECONNECT_WAIT_REAL_MS = 10_000;
const POLL_REAL_MS = 50;

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const start = performance.now();
  while (!done() && performance.now() - start < timeoutMs) await new Promise((resolve) => setTimeout(resolve, POLL_REAL_MS));
}

export async function resetNetwork(parts: ResetParts): Promise<ResetResult> {
  const drillsEnded = parts.drills.clear();
  const faultsCleared: string[] = [];
  for (const fault of parts.faults.list('active,scheduled')) {
    parts.faults.clear(fault.id);
    faultsCleared.push(fault.id);
  }
  const stationsBroughtOnline: string[] = [];
  for (const station of parts.stations.list()) {
    if (!station.offlineByControl) continue;
    await parts.stations.act(station.id, 'online', {});
    stationsBroughtOnline.push(station.id);
  }
  // A station rebooting (a reset sent in a drill) or coming back online answers once it has booted again.
  await until(() => parts.stations.list().every((station) => station.link === 'open' && station.registration === 'Accepted'), RECONNECT_WAIT_REAL_MS);
  const madeOperative: ResetResult['madeOperative'] = [];
  for (const station of parts.stations.list()) {
    if (station.link !== 'open') continue;
    for (const connector of station.connectors) {
      if (!OUT_OF_SERVICE.has(connector.status)) continue;
      const built = buildRemoteAction('ChangeAvailability', { type: 'Operative' }, station.protocol as 'ocpp1.6' | 'ocpp2.0.1', connector.id);
      if (!built.ok) continue;
      let status: string;
      try {
        const response = await parts.csms.sendCommand(station.id, built.built.action, built.built.payload);
        status = String(response['status'] ?? 'answered');
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        status = `error: ${error.message}`;
      }
      madeOperative.push({ stationId: station.id, connectorId: connector.id, status });
    }
  }
  return { drillsEnded, faultsCleared, stationsBroughtOnline, madeOperative };
}

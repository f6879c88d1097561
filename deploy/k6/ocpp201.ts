/**
 * k6 script: every VU an OCPP 2.0.1 station (boot, heartbeats, statuses, sessions of the baked-in load
 * profile) against CSMS_URL. Bundle with `npm run build:k6`, then `k6 run dist/k6/ocpp201.js -e CSMS_URL=ws://…/ocpp`.
 */
import type { SummaryData } from './lib/summary.js';
import { runStation, setupRun, stationOptions, summarize, type RunData } from './run-station.js';

export const options = stationOptions();

export function setup(): RunData {
  return setupRun();
}

export default function (data: RunData): void {
  runStation('ocpp2.0.1', data);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summarize('ocpp2.0.1', data);
}

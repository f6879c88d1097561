/**
 * `chargedrill run` against a CSMS elsewhere, checked before the report folder exists and before any scenario:
 * is the CSMS there (one line naming the cause within seconds, not a 20 s boot timeout per scenario), and how
 * long will the suite take at the time scale it must run at. A CSMS at time scale 1 turns a file's 300 into
 * hours of real time; that is said up front and refused above a bound unless --allow-slow.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { formatDurationMs } from '../../simulator/duration.js';
import { describeConnectFailure } from '../../simulator/transport/connect-failure.js';
import { csmsKindOf } from '../runner/csms/open.js';
import { probeRemoteCsms, RemoteCsmsError, REMOTE_PROBE_TIMEOUT_MS } from '../runner/csms/remote-probe.js';
import { RUN_DEFAULTS } from '../runner/options.js';
import type { Scenario } from '../runner/scenario/model.js';

/** Real time a suite may take at a time scale other than its files' before it needs --allow-slow. */
export const SLOW_SUITE_BOUND_MS = 15 * 60_000;

export type RunPreflight = { ok: true; notes: string[] } | { ok: false; exitCode: 1 | 2; line: string };

export async function runPreflight(scenarios: readonly Scenario[], options: { csmsUrl?: string; timeScale?: number; allowSlow?: boolean }): Promise<RunPreflight> {
  const kind = csmsKindOf(options.csmsUrl);
  if (kind === 'bundled-in-process' || options.csmsUrl === undefined) return { ok: true, notes: [] };
  let timeScale = options.timeScale;
  try {
    if (kind === 'bundled-remote') timeScale = (await probeRemoteCsms(options.csmsUrl, options.timeScale)).timeScale ?? timeScale;
    else await reachable(options.csmsUrl);
  } catch (error) {
    if (error instanceof RemoteCsmsError) return { ok: false, exitCode: 1, line: error.message };
    throw error;
  }
  const scale = timeScale ?? (kind === 'third-party' ? RUN_DEFAULTS.thirdPartyTimeScale : undefined);
  const slower = scale === undefined ? [] : scenarios.filter((s) => s.timeScale > scale);
  if (scale === undefined || slower.length === 0) return { ok: true, notes: [] };
  // Against a CSMS elsewhere the scenarios run one at a time, each up to its end.
  const realMs = scenarios.reduce((sum, s) => sum + s.endMs / scale, 0);
  const whose = kind === 'bundled-remote' && options.timeScale === undefined ? "the CSMS's" : kind === 'third-party' && options.timeScale === undefined ? 'real time, the default against a third-party CSMS' : '--time-scale';
  const files = [...new Set(slower.map((s) => s.timeScale))].join(', ');
  const note = `time scale ${scale} (${whose}), not the file${slower.length === 1 ? "'s" : "s'"} ${files}: the suite will take about ${formatDurationMs(realMs)} of real time`;
  if (realMs > SLOW_SUITE_BOUND_MS && options.allowSlow !== true) {
    return { ok: false, exitCode: 2, line: `${note}, over the ${formatDurationMs(SLOW_SUITE_BOUND_MS)} a run may take unasked: give --allow-slow to run it, or select fewer scenarios with --grep/--tag; nothing was run` };
  }
  return { ok: true, notes: [`warning: ${note}`] };
}

/**
 * A TCP connection to the OCPP endpoint's host and port; throws RemoteCsmsError with the cause (refused, DNS, timeout).
 * TLS is left to the stations: they may carry client certificates a bare handshake here would lack.
 */
async function reachable(csmsUrl: string): Promise<void> {
  const url = new URL(csmsUrl);
  const secure = url.protocol === 'wss:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket: Socket = tcpConnect({ host, port });
    const fail = (error: Error & { code?: string }) => {
      socket.destroy();
      reject(new RemoteCsmsError(`the CSMS at ${csmsUrl} cannot be reached: ${describeConnectFailure(error, undefined, csmsUrl).reason}; nothing was run`));
    };
    socket.setTimeout(REMOTE_PROBE_TIMEOUT_MS, () => fail(Object.assign(new Error(`no answer within ${REMOTE_PROBE_TIMEOUT_MS / 1_000}s`), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}

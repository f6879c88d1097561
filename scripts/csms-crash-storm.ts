/**
 * The reconnect storm that loses nothing, at full size: a fleet with sessions running against the bundled CSMS,
 * which is killed with SIGKILL mid-run and restarted on the same SQLite file and port. Run the way a user runs it,
 * through the real CLI (`chargedrill load --csms-restart-at ... --csms-down-for ...`, docs/load.md "A CSMS crash").
 *
 *   npm run build
 *   npm run crash-storm -- [--stations 10000] [--ramp 500] [--hold 60s] [--restart-at 40s] [--down-for 5s]
 *                          [--time-scale 10] [--sessions-per-hour 2] [--protocol mix] [--seed 1] [--out DIR]
 *
 * Prints the figures for docs/performance.md: the disconnects, the time until every station was connected again and
 * until their backlog was delivered, the reconnect curve (stations connected per second after the kill), the
 * delivery check against the CSMS's store, the clock either side of the restart. Exits with the load run's code
 * (0 passed; 1 something was lost, a transaction left open, the clock ran backwards, a station did not come back).
 * Builds nothing itself: it runs dist/, so `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { durationMs, positiveInt, positiveNumber } from '../harness/cli/usage.js';
import type { LoadResult } from '../harness/load/result.js';

const CLI = fileURLToPath(new URL('../dist/harness/cli/main.js', import.meta.url));

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'stations': { type: 'string', default: '10000' },
    'ramp': { type: 'string', default: '500' },
    'hold': { type: 'string', default: '60s' },
    'restart-at': { type: 'string', default: '40s' },
    'down-for': { type: 'string', default: '5s' },
    'time-scale': { type: 'string', default: '10' },
    'sessions-per-hour': { type: 'string', default: '2' },
    'protocol': { type: 'string', default: 'mix' },
    'seed': { type: 'string', default: '1' },
    'out': { type: 'string' },
  },
});

async function main(): Promise<number> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const stations = positiveInt('stations', values.stations);
  positiveInt('ramp', values.ramp);
  durationMs('hold', values.hold);
  durationMs('restart-at', values['restart-at']);
  durationMs('down-for', values['down-for'], { min: 0 });
  positiveNumber('time-scale', values['time-scale']);
  const args = [
    CLI, 'load', '--no-desk', '--json',
    '--stations', String(stations), '--sites', String(Math.max(1, Math.round(stations / 10))), '--protocol', String(values.protocol),
    '--ramp', String(values.ramp), '--duration', String(values.hold), '--time-scale', String(values['time-scale']),
    '--sessions-per-hour', String(values['sessions-per-hour']), '--seed', String(values.seed),
    '--csms-restart-at', String(values['restart-at']), '--csms-down-for', String(values['down-for']),
    // Ramping 10,000 stations on a shared machine takes a while; the crash, not the boot, is measured here.
    '--boot-timeout', '120s', '--stop-grace', '30s',
    ...(values.out !== undefined ? ['--out', values.out] : []),
  ];
  process.stderr.write(`crash-storm: node ${args.join(' ')}\n`);
  const { code, stdout } = await run(args);
  let result: LoadResult;
  try {
    result = JSON.parse(stdout) as LoadResult;
  } catch {
    process.stderr.write(`crash-storm: the load run exited ${code} without a result\n`);
    return code === 0 ? 1 : code;
  }
  process.stdout.write(`${figures(result)}\n`);
  return code;
}

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** The figures as Markdown, for docs/performance.md. */
function figures(result: LoadResult): string {
  const p = result.parameters;
  const restart = result.csmsRestarts?.[0];
  const d = result.delivery;
  const rows: [string, string][] = [
    ['stations', `${p.stations} (${p.protocol}), ${p.stages.at(-1)?.sessionsPerHour ?? 0} sessions per station per simulated hour`],
    ['verdict', `${result.verdict}${result.failures.length > 0 ? `: ${result.failures.join('; ')}` : ''}`],
    ['run', `${result.elapsedS.toFixed(1)} s real at time scale ×${p.timeScale}; ${result.calls.sent} calls, ${result.sessions.started} sessions started`],
  ];
  if (restart !== undefined) {
    rows.push(
      ['kill -9 at', `${restart.atS} s, ${restart.connectedAtKill} stations connected, sessions active ${activeAt(result, restart.atS)}`],
      ['CSMS listening again after', `${restart.downForS} s`],
      ['disconnects', `${restart.disconnects}`],
      ['all stations connected again after', restart.recoveredAfterS === undefined ? 'never' : `${restart.recoveredAfterS} s`],
      ['backlog delivered after', restart.drainedAfterS === undefined ? 'never' : `${restart.drainedAfterS} s`],
      ['time to recover per station', `p50 ${ms(result.disconnects.timeToRecover.p50)}, p99 ${ms(result.disconnects.timeToRecover.p99)}, max ${ms(result.disconnects.timeToRecover.max)}`],
      ['CSMS clock', restart.clockBeforeMs === undefined || restart.clockAfterMs === undefined ? 'not read' : `+${((restart.clockAfterMs - restart.clockBeforeMs) / 1_000).toFixed(0)} simulated s across the restart (never backwards: ${restart.clockAfterMs >= restart.clockBeforeMs})`],
      ['reconnect curve', curve(result, restart.atS)],
    );
  }
  if (d !== undefined) {
    rows.push(['delivery', `${d.checked} transaction messages: ${d.missing} missing, ${d.duplicated} duplicated, ${d.outOfOrder} out of order, ${d.openTransactions} transactions open`]);
  }
  return ['| figure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** Stations connected at each second from the kill until every one was back: the reconnect curve. */
function curve(result: LoadResult, atS: number): string {
  const points = result.timeSeries.filter((p) => p.t >= atS);
  const end = points.findIndex((p, i) => i > 0 && p.connected >= result.parameters.stations);
  return points.slice(0, end === -1 ? points.length : end + 1).map((p) => `${(p.t - atS).toFixed(1)}s ${p.connected}`).join(', ');
}

function activeAt(result: LoadResult, atS: number): number {
  return result.timeSeries.filter((p) => p.t <= atS).at(-1)?.sessionsActive ?? 0;
}

function ms(value: number): string {
  return value >= 1_000 ? `${(value / 1_000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`crash-storm: ${(error as Error).message}\n`);
    process.exit(2);
  },
);

/**
 * 100,000 idle stations from one machine against the bundled CSMS across processes, run the way a user runs it:
 * `chargedrill csms --workers W` on one port, and `chargedrill load --processes P --source-addresses ...` for the
 * fleet (one process holds at most 20,000 open files here, and one source address reaches one port about 28,000
 * times). The stations boot, then heartbeat at the interval the CSMS hands out while the hold lasts.
 *
 *   npm run build
 *   npm run scale-100k -- [--stations 100000] [--workers 8] [--processes 6] [--source-addresses 127.0.0.2-127.0.0.9]
 *                         [--ramp 500] [--hold 2m] [--heartbeat-interval 60s] [--no-desk] [--out DIR]
 *                         [--max-connecting N]
 *
 * Prints the figures for docs/performance.md: stations booted and the time until all were, Heartbeat count and
 * percentiles, the wall time, and the peak resident memory of the CSMS's processes and of the fleet's. Exits with
 * the load run's code: 0 when `booted==100%` and `p99(Heartbeat)<1s` held (the run's thresholds), else 99 or 1.
 * Builds nothing itself: it runs dist/, so `npm run build` first. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { durationMs, positiveInt } from '../harness/cli/usage.js';
import type { LoadResult } from '../harness/load/result.js';

const CLI = fileURLToPath(new URL('../dist/harness/cli/main.js', import.meta.url));
const PAGE_BYTES = 4_096;
const SAMPLE_MS = 2_000;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'stations': { type: 'string', default: '100000' },
    'workers': { type: 'string', default: '8' },
    'processes': { type: 'string', default: '6' },
    'source-addresses': { type: 'string', default: '127.0.0.2-127.0.0.9' },
    'ramp': { type: 'string', default: '500' },
    'hold': { type: 'string', default: '2m' },
    'heartbeat-interval': { type: 'string', default: '60s' },
    'no-desk': { type: 'boolean', default: false },
    'max-connecting': { type: 'string' },
    'out': { type: 'string' },
  },
});

async function main(): Promise<number> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const stations = positiveInt('stations', values.stations);
  const workers = positiveInt('workers', values.workers);
  const processes = positiveInt('processes', values.processes);
  const ramp = positiveInt('ramp', values.ramp);
  durationMs('hold', values.hold);
  durationMs('heartbeat-interval', values['heartbeat-interval']);
  const began = performance.now();

  const csmsArgs = [CLI, 'csms', '--workers', String(workers), '--port', '0', '--db', ':memory:', '--heartbeat-interval', String(values['heartbeat-interval']), '--log-level', 'warn', ...(values['no-desk'] ? ['--no-desk'] : [])];
  process.stderr.write(`scale-100k: node ${csmsArgs.join(' ')}\n`);
  const csms = spawn(process.execPath, csmsArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ocppUrl = await listeningOn(csms);

  const loadArgs = [
    CLI, 'load', '--url', ocppUrl, '--json',
    '--stations', String(stations), '--sites', String(Math.max(1, Math.round(stations / 10))), '--protocol', 'mix',
    '--processes', String(processes), '--source-addresses', String(values['source-addresses']),
    '--ramp', String(ramp), '--duration', String(values.hold), '--sessions-per-hour', '0',
    // The boot of the last station comes stations / ramp seconds in; the bound is for a machine that falls behind.
    '--boot-timeout', `${Math.max(120, Math.ceil((2 * stations) / ramp))}s`,
    '--threshold', 'booted==100%', '--threshold', 'p99(Heartbeat)<1s',
    ...(values.out !== undefined ? ['--out', values.out] : []),
    ...(values['max-connecting'] !== undefined ? ['--max-connecting', String(positiveInt('max-connecting', values['max-connecting']))] : []),
  ];
  process.stderr.write(`scale-100k: node ${loadArgs.join(' ')}\n`);
  const load = spawn(process.execPath, loadArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  const peaks = { csms: 0, load: 0 };
  const sampler = setInterval(() => {
    peaks.csms = Math.max(peaks.csms, treeRssBytes(csms.pid));
    peaks.load = Math.max(peaks.load, treeRssBytes(load.pid));
  }, SAMPLE_MS);
  let stdout = '';
  load.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    load.once('error', reject);
    load.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  clearInterval(sampler);
  csms.kill('SIGINT');
  await new Promise((resolve) => csms.once('exit', resolve));

  let result: LoadResult;
  try {
    result = JSON.parse(stdout) as LoadResult;
  } catch {
    process.stderr.write(`scale-100k: the load run exited ${code} without a result\n`);
    return code === 0 ? 1 : code;
  }
  process.stdout.write(`${figures(result, { workers, processes, wallS: (performance.now() - began) / 1_000, ...peaks })}\n`);
  return code;
}

/** The OCPP URL from `chargedrill csms`'s "listening on ..." line; rejects if it exits first. */
function listeningOn(csms: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /\(OCPP at (ws:\/\/\S+)\/<stationId>/.exec(seen);
      if (match === null) return;
      csms.stdout?.off('data', onData);
      csms.stdout?.resume();
      resolve(match[1] as string);
    };
    csms.stdout?.on('data', onData);
    csms.once('exit', (exitCode) => reject(new Error(`chargedrill csms exited ${exitCode} before listening:\n${seen}`)));
  });
}

/** Resident memory of a process and all its descendants, bytes, from /proc (0 once it is gone). */
function treeRssBytes(root: number | undefined): number {
  if (root === undefined) return 0;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is the 3rd field, ppid the 4th, rss the 24th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * PAGE_BYTES);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function figures(result: LoadResult, run: { workers: number; processes: number; wallS: number; csms: number; load: number }): string {
  const p = result.parameters;
  const heartbeat = result.actions.find((a) => a.action === 'Heartbeat');
  const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;
  const rows: [string, string][] = [
    ['stations', `${p.stations} (${p.protocol}), ${run.processes} fleet processes, CSMS with ${run.workers} workers`],
    ['verdict', `${result.verdict}${result.failures.length > 0 ? `: ${result.failures.join('; ')}` : ''}`],
    ['booted', `${result.boots.accepted} of ${p.stations} (${((100 * result.boots.accepted) / p.stations).toFixed(2)} %), all after ${result.boots.bootAllMs === undefined ? 'never' : `${(result.boots.bootAllMs / 1_000).toFixed(1)} s`}`],
    ['Heartbeat', heartbeat === undefined ? 'none' : `${heartbeat.answered} answered of ${heartbeat.sent}; p50 ${heartbeat.latency.p50} ms, p99 ${heartbeat.latency.p99} ms, max ${heartbeat.latency.max} ms`],
    ['calls', `${result.calls.sent} sent, ${result.calls.answered} answered, ${result.calls.errors} errors, ${result.calls.timedOut} timed out`],
    ['connections', `${result.connections.attempts} attempts, ${result.connections.opened} opened`],
    ['thresholds', result.thresholds.map((t) => `${t.expression} ${t.ok ? 'passed' : 'FAILED'} (${t.measured ?? t.note ?? 'not measured'}${t.measured === null ? '' : ` ${t.unit}`})`).join('; ')],
    ['peak RSS', `CSMS ${mib(run.csms)} (${(run.csms / p.stations / 1_024).toFixed(1)} KiB per station), fleet ${mib(run.load)} (${(run.load / p.stations / 1_024).toFixed(1)} KiB per station)`],
    ['wall time', `${run.wallS.toFixed(0)} s (load run ${result.elapsedS.toFixed(0)} s)`],
  ];
  return ['| figure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`scale-100k: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

/**
 * What `--metrics-port` costs: a heartbeat flood (N stations, one Heartbeat per station per real second) run
 * through the built CLI, `chargedrill csms` and `chargedrill fleet` as two processes, with and without
 * metrics on both, alternating, scraped every 5 s when on. Reports each process's CPU (utime + stime from
 * /proc) per 1,000 CALLs over the whole run, since a loaded machine delivers fewer heartbeats per second
 * than planned and raw CPU % would then compare different amounts of work, and resident memory at the
 * end of the steady window. Linux only. Not part of `npm run bench`.
 *
 *   npm run build && node dist/bench/metrics-overhead.js [--stations 2000] [--runs 2] [--window-s 20]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../harness/cli/main.js', import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const STATIONS = arg('stations', 2_000);
const RUNS = arg('runs', 2);
const WINDOW_S = arg('window-s', 20);
/** 10 simulated seconds between heartbeats at time scale 10: one per station per real second. */
const TIME_SCALE = 10;
const CLOCK_TICKS_PER_S = 100;

interface Sample {
  cpuS: number;
  rssMiB: number;
}


function sample(pid: number): Sample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS, rssMiB: Number(rss?.[1] ?? 0) / 1_024 };
}

function start(cliArgs: string[], ready: RegExp, stream: 'stdout' | 'stderr'): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [CLI, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    child[stream]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = ready.exec(text);
      if (match) resolve({ child, match });
    });
    child.on('exit', (code) => reject(new Error(`chargedrill ${cliArgs[0]} exited with ${code}: ${text}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunResult {
  /** CPU milliseconds per 1,000 CALLs the fleet made. */
  csmsCpuMsPerKCall: number;
  fleetCpuMsPerKCall: number;
  csmsRssMiB: number;
  fleetRssMiB: number;
  callsPerS: number;
}

async function run(metrics: boolean): Promise<RunResult> {
  const metricsArgs = metrics ? ['--metrics-port', '0'] : [];
  const csms = await start(
    ['csms', '--port', '0', '--db', ':memory:', '--no-desk', '--log-level', 'warn', '--time-scale', String(TIME_SCALE), '--heartbeat-interval', '10s', ...metricsArgs],
    /(?:metrics at (\S+) \(Prometheus\)\n)?chargedrill CSMS listening on \S+ \(OCPP at (\S+)\/<stationId>/,
    'stdout',
  );
  const ocppUrl = csms.match[2] as string;
  const csmsBefore = sample(csms.child.pid as number);
  const csmsMetricsUrl = csms.match[1];
  if (metrics !== (csmsMetricsUrl !== undefined)) throw new Error('the CSMS did not print its metrics URL');
  const rampS = Math.ceil(STATIONS / 500);
  const durationS = rampS + 10 + WINDOW_S + 5;
  const fleet = await start(
    ['fleet', '--url', ocppUrl, '--stations', String(STATIONS), '--protocol', 'mix', '--ramp', '500', '--time-scale', String(TIME_SCALE), '--duration', `${durationS}s`, '--stop-grace', '0s', '--json', ...metricsArgs],
    metrics ? /fleet metrics at (\S+) / : /./,
    'stderr',
  );
  const fleetMetricsUrl = metrics ? fleet.match[1] : undefined;
  const urls = [csmsMetricsUrl, fleetMetricsUrl].filter((u): u is string => u !== undefined);
  const scraper = setInterval(() => urls.forEach((u) => void fetch(u).then((r) => r.text()).catch(() => {})), 5_000);
  // Ramp, boots and the first heartbeats settle; then the steady window.
  // The fleet's CPU is read every 200 ms: the last reading before it exits stands for its total.
  let fleetLast = sample(fleet.child.pid as number);
  const reader = setInterval(() => {
    try {
      fleetLast = sample(fleet.child.pid as number);
    } catch {
      // exited between two readings
    }
  }, 200);
  await sleep((rampS + 10 + WINDOW_S) * 1_000);
  const csmsRssMiB = sample(csms.child.pid as number).rssMiB;
  const fleetRssMiB = sample(fleet.child.pid as number).rssMiB;
  clearInterval(scraper);
  let out = '';
  fleet.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  fleet.child.removeAllListeners('exit');
  await new Promise((resolve) => fleet.child.once('exit', resolve));
  clearInterval(reader);
  const csmsAfter = sample(csms.child.pid as number);
  csms.child.removeAllListeners('exit');
  csms.child.kill('SIGINT');
  await new Promise((resolve) => csms.child.once('exit', resolve));
  const summary = JSON.parse(out) as { elapsedS: number; calls: { sent: number } };
  const kCalls = summary.calls.sent / 1_000;
  return {
    csmsCpuMsPerKCall: ((csmsAfter.cpuS - csmsBefore.cpuS) * 1_000) / kCalls,
    fleetCpuMsPerKCall: (fleetLast.cpuS * 1_000) / kCalls,
    csmsRssMiB,
    fleetRssMiB,
    callsPerS: summary.calls.sent / summary.elapsedS,
  };
}

const line = (label: string, r: RunResult) =>
  `${label}: CSMS ${r.csmsCpuMsPerKCall.toFixed(1)} CPU ms per 1,000 calls, ${r.csmsRssMiB.toFixed(0)} MiB RSS; ` +
  `fleet ${r.fleetCpuMsPerKCall.toFixed(1)} CPU ms per 1,000 calls, ${r.fleetRssMiB.toFixed(0)} MiB RSS; ${r.callsPerS.toFixed(0)} calls/s over the run`;
const rows: { metrics: boolean; result: RunResult }[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const metrics of i % 2 === 0 ? [false, true] : [true, false]) {
    const result = await run(metrics);
    rows.push({ metrics, result });
    console.log(line(`metrics ${metrics ? 'on ' : 'off'}`, result));
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
for (const metrics of [false, true]) {
  const of = rows.filter((r) => r.metrics === metrics).map((r) => r.result);
  const medianOf = (key: keyof RunResult) => median(of.map((r) => r[key]));
  const summary: RunResult = {
    csmsCpuMsPerKCall: medianOf('csmsCpuMsPerKCall'),
    fleetCpuMsPerKCall: medianOf('fleetCpuMsPerKCall'),
    csmsRssMiB: medianOf('csmsRssMiB'),
    fleetRssMiB: medianOf('fleetRssMiB'),
    callsPerS: medianOf('callsPerS'),
  };
  console.log(line(`median of ${of.length}, metrics ${metrics ? 'on ' : 'off'}`, summary));
}

/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, reported as
 * medians and ratios (machines here are shared and noisy). Run with `node --expose-gc`.
 *
 * 1. Station transport vs raw `ws`: calls/s and memory per connection (targets: >= 0.7x, <= 1.5x).
 * 2. A 5,000-station fleet against the bundled CSMS (in a child process), ramped at 500/s and then as a
 *    connect storm (all in one second): time until every station has booted against the time the ramp
 *    alone takes, and fleet memory per station against a raw ws connection measured in step 1.
 * 3. A busy evening of 5,000 stations through the load engine against the bundled CSMS with its desk in its
 *    own process: every station must boot and no issue be raised (`--evening-only` runs just this one). Time
 *    scale 12: at 60 the one CSMS process saturates (docs/performance.md, section 2b).
 * 4. The load engine's own overhead: Heartbeat calls per CPU-second of `runLoad`'s stations against raw `ws`, both
 *    against the echo server of step 1 (target >= 0.8x; `--engine-only` runs just this one).
 * 5. 10,000 idle stations beside 10,000 bare `ws` clients against the same echo server: peak and steady RSS, boot-all
 *    and CPU (bench/idle-fleet.ts; `--idle-only` runs just this one).
 */
import { benchEngineOverhead, printEngineOverhead } from './engine-overhead.js';
import { benchFleet, type FleetBenchResult } from './fleet.js';
import { benchIdleFleet, idleOptionsFromArgs, meetsIdleTargets, printIdleFleet } from './idle-fleet.js';
import { benchEvening, printEvening } from './load-evening.js';
import { benchTransport, printReport } from './transport.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  console.error('bench: run with node --expose-gc (npm run bench does) so memory is measured after a full collection');
  process.exit(2);
}

const eveningDb = args.indexOf('--evening-db');
const eveningOptions = {
  stations: arg('evening-stations', 5_000),
  rampPerS: arg('evening-ramp', 250),
  eveningS: arg('evening-s', 60),
  timeScale: arg('evening-time-scale', 12),
  // A SQLite file for the CSMS (a fresh path: the bench does not delete it); default in memory.
  ...(eveningDb !== -1 && { dbPath: String(args[eveningDb + 1]) }),
};
if (args.includes('--evening-only')) {
  const evening = await benchEvening(eveningOptions);
  printEvening(evening);
  process.exit(evening.booted === evening.stations && evening.issues === 0 ? 0 : 1);
}

// `--engine-offer F` paces the engine's heartbeats at F times the raw run's rate instead of flooding (docs/performance.md §2c).
// Its own pair count (`--engine-runs`, default 9): one engine process differs from the next by up to a fifth in CPU
// per call (docs/performance.md section 2c), so the median needs more pairs than section 1's.
const engineOptions = {
  connections: arg('connections', 500),
  durationMs: arg('duration-ms', 5_000),
  runs: arg('engine-runs', 9),
  ...(args.includes('--engine-offer') && { offerFactor: arg('engine-offer', Number.NaN) }),
  // `--no-pin`: let the scheduler place the echo server and the clients (pinned by default where taskset exists).
  pin: !args.includes('--no-pin'),
};
if (args.includes('--engine-only')) {
  const engine = await benchEngineOverhead(engineOptions);
  printEngineOverhead(engine);
  process.exit(engine.meetsTarget ? 0 : 1);
}

const idleOptions = idleOptionsFromArgs(args);
if (args.includes('--idle-only')) {
  const idle = await benchIdleFleet(idleOptions);
  printIdleFleet(idle);
  if (args.includes('--json')) console.log(JSON.stringify(idle, null, 2));
  process.exit(meetsIdleTargets(idle) ? 0 : 1);
}

const transport = await benchTransport({ connections: arg('connections', 500), durationMs: arg('duration-ms', 5_000), runs: arg('runs', 5) });
printReport(transport);

const stations = arg('stations', 5_000);
const fleetRuns = arg('fleet-runs', 3);
const steady = await fleetSeries(stations, arg('ramp', 500), fleetRuns);
// A connect storm: the whole fleet started within a second, so boot-all time measures the CSMS + fleet capacity.
const storm = await fleetSeries(stations, arg('storm-ramp', stations), fleetRuns);
console.log('');
console.log(`fleet bench: ${stations} stations (mixed 1.6 / 2.0.1) against the bundled CSMS in a child process, medians of ${fleetRuns} runs`);
for (const series of [steady, storm]) {
  const rampMs = (stations / series.rampPerS) * 1_000;
  console.log(
    `  ramp ${String(series.rampPerS).padStart(5)}/s: boot-all ${(series.bootAllMs / 1_000).toFixed(2)} s ` +
      `(the ramp alone takes ${(rampMs / 1_000).toFixed(2)} s: ratio ${(series.bootAllMs / rampMs).toFixed(2)}; ` +
      `${Math.round(stations / (series.bootAllMs / 1_000))} boots/s), memory per station ${(series.bytesPerStation / 1_024).toFixed(1)} KiB ` +
      `(raw ws connection in this run ${(transport.raw.bytesPerConn / 1_024).toFixed(1)} KiB: ratio ${(series.bytesPerStation / transport.raw.bytesPerConn).toFixed(2)})`,
  );
  console.log(`    runs: ${series.runs.map((r) => `${(r.bootAllMs / 1_000).toFixed(2)}s/${(r.bytesPerStation / 1_024).toFixed(1)}KiB`).join(', ')}`);
}
const evening = await benchEvening(eveningOptions);
printEvening(evening);
const engine = await benchEngineOverhead(engineOptions);
printEngineOverhead(engine);
const idle = await benchIdleFleet(idleOptions);
printIdleFleet(idle);
if (args.includes('--json')) console.log(JSON.stringify({ transport, fleet: { stations, steady, storm }, engine, idle }, null, 2));
process.exitCode = transport.meetsTargets && evening.booted === evening.stations && evening.issues === 0 && engine.meetsTarget && meetsIdleTargets(idle) ? 0 : 1;

async function fleetSeries(stations: number, rampPerS: number, runs: number) {
  const results: FleetBenchResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await benchFleet({ stations, rampPerS }));
  return {
    rampPerS,
    bootAllMs: median(results.map((r) => r.bootAllMs)),
    bytesPerStation: median(results.map((r) => r.bytesPerStation)),
    runs: results,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, reported as
 * medians and ratios (machines here are shared and noisy). Run with `node --expose-gc`.
 *
 * 1. Station transport vs raw `ws`: calls/s and memory per connection (targets: >= 0.7x, <= 1.5x).
 * 2. A 5,000-station fleet against the bundled CSMS (in a child process): time until every station has
 *    booted against the time the ramp alone takes, and fleet memory per station against a raw ws connection.
 */
import { benchFleet, type FleetBenchResult } from './fleet.js';
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

const transport = await benchTransport({ connections: arg('connections', 500), durationMs: arg('duration-ms', 5_000), runs: arg('runs', 3) });
printReport(transport);

const stations = arg('stations', 5_000);
const rampPerS = arg('ramp', 500);
const fleetRuns: FleetBenchResult[] = [];
for (let i = 0; i < arg('fleet-runs', 3); i++) fleetRuns.push(await benchFleet({ stations, rampPerS }));
const bootAllMs = median(fleetRuns.map((r) => r.bootAllMs));
const bytesPerStation = median(fleetRuns.map((r) => r.bytesPerStation));
const rampMs = (stations / rampPerS) * 1_000;
console.log('');
console.log(`fleet bench: ${stations} stations (mixed 1.6 / 2.0.1) ramped at ${rampPerS}/s against the bundled CSMS, medians of ${fleetRuns.length} runs`);
console.log(`  boot-all time        ${(bootAllMs / 1_000).toFixed(2)} s  (the ramp alone takes ${(rampMs / 1_000).toFixed(2)} s: ratio ${(bootAllMs / rampMs).toFixed(2)})`);
console.log(
  `  memory per station   ${(bytesPerStation / 1_024).toFixed(1)} KiB  (a raw ws connection in this run: ${(transport.raw.bytesPerConn / 1_024).toFixed(1)} KiB: ratio ${(bytesPerStation / transport.raw.bytesPerConn).toFixed(2)})`,
);
console.log(`  runs: ${fleetRuns.map((r) => `${(r.bootAllMs / 1_000).toFixed(2)}s/${(r.bytesPerStation / 1_024).toFixed(1)}KiB`).join(', ')}`);
if (args.includes('--json')) console.log(JSON.stringify({ transport, fleet: { stations, rampPerS, bootAllMs, bytesPerStation, runs: fleetRuns } }, null, 2));
process.exitCode = transport.meetsTargets ? 0 : 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

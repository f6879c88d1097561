/**
 * Fleet benchmark: N stations against the bundled CSMS (in a child process). Measures the time until
 * every station has an accepted boot, and the fleet process's memory per station once all are connected.
 * Run with `node --expose-gc` so memory is measured after a full collection.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ScaledClock } from '../simulator/clock.js';
import { Fleet } from '../simulator/fleet/fleet.js';

export interface FleetBenchResult {
  stations: number;
  rampPerS: number;
  bootAllMs: number;
  bootedStations: number;
  bytesPerStation: number;
  heapBytesPerStation: number;
}

export async function benchFleet(options: { stations: number; rampPerS: number; bootTimeoutMs?: number }): Promise<FleetBenchResult> {
  // Under tsx the child is a .ts file and needs the loader; built, it is plain .js.
  const typescript = import.meta.url.endsWith('.ts');
  const child = fork(fileURLToPath(new URL(`./csms-child.${typescript ? 'ts' : 'js'}`, import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: typescript ? ['--import', 'tsx'] : [],
  });
  try {
    const ocppUrl = await new Promise<string>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { ocppUrl: string }).ocppUrl));
      child.once('exit', (code) => reject(new Error(`CSMS child exited early with code ${code}`)));
    });
    const before = memory();
    const fleet = new Fleet({
      csmsUrl: ocppUrl,
      clock: new ScaledClock({ timeScale: 1 }),
      stations: options.stations,
      sites: Math.max(1, Math.floor(options.stations / 10)),
      protocol: 'mix',
      seed: 1,
      rampPerS: options.rampPerS,
    });
    const began = performance.now();
    const allBooted = fleet.waitForBoot(options.bootTimeoutMs ?? 120_000);
    await fleet.start();
    const ok = await allBooted;
    const bootAllMs = performance.now() - began;
    const after = memory();
    const booted = fleet.metrics.snapshot().booted;
    await fleet.stop();
    if (!ok) throw new Error(`only ${booted} of ${options.stations} stations booted`);
    return {
      stations: options.stations,
      rampPerS: options.rampPerS,
      bootAllMs,
      bootedStations: booted,
      bytesPerStation: (after.total - before.total) / options.stations,
      heapBytesPerStation: (after.heap - before.heap) / options.stations,
    };
  } finally {
    child.disconnect();
  }
}

function memory(): { total: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  // `external` already includes `arrayBuffers` (the sockets' buffers).
  return { total: m.heapUsed + m.external, heap: m.heapUsed };
}

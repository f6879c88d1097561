/**
 * What a load run checks before anything connects: that its source addresses can reach its targets, and that
 * the plan fits the machine's limits (limits.ts). Returns the one line that refuses the run, or undefined.
 * The limits, the machine's addresses and name resolution are read here unless a test passes its own.
 */
import { lookup } from 'node:dns/promises';
import { checkLimits, type LimitInputs } from './limits.js';
import { machineAddresses, readLimits } from './limits-probe.js';
import { portGroups, routingOf, type Routing, type UrlStrategy } from './routes.js';
import { checkSourceAddresses, isLoopbackAddress, type MachineAddresses, type ResolvedTarget } from './source-addresses.js';

/** Where the bundled CSMS listens: it is started after these checks, on loopback. */
const BUNDLED_CSMS = { url: 'the bundled CSMS', address: '127.0.0.1' } as const;

/** The load options preflight reads (engine.ts LoadOptions), and for tests the machine and name resolution. */
export interface PreflightInput {
  /** No `url` or `urls`: the run starts the bundled CSMS, where `csms` says. */
  url?: string;
  urls?: string[];
  urlStrategy?: UrlStrategy;
  sourceAddresses?: string[];
  sites: number;
  csms?: 'in-process' | 'child-process';
  processes?: number;
  limits?: LimitInputs;
  machine?: MachineAddresses;
  resolve?: (host: string) => Promise<string>;
}

/** The run's routing, and the line that refuses it (undefined: it may go ahead). */
export async function preflight(input: PreflightInput, stations: number): Promise<{ routing: Routing; refused: string | undefined }> {
  const routing = routingOf(input);
  return { routing, refused: await problemOf(input, routing, stations) };
}

async function problemOf(input: PreflightInput, routing: Routing, stations: number): Promise<string | undefined> {
  const resolve = input.resolve ?? (async (host: string) => (await lookup(host)).address);
  const targets: ResolvedTarget[] = [];
  if (routing.urls.length === 0) targets.push(BUNDLED_CSMS);
  for (const url of routing.urls) {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    try {
      targets.push({ url, address: await resolve(host) });
    } catch (error) {
      // Without source addresses a name that does not resolve is the run's first connect failure, said as such.
      if (routing.sourceAddresses.length > 0) return `--url ${url}: cannot resolve ${host} (${(error as Error).message}) to check --source-addresses against it`;
    }
  }
  const machine = input.machine ?? machineAddresses();
  if (routing.sourceAddresses.length > 0) {
    const problem = checkSourceAddresses(routing.sourceAddresses, targets, machine);
    if (problem !== undefined) return `--source-addresses: ${problem}`;
  }
  // On Linux every 127.x.x.x is this machine's: a loopback target can be reached from 127.0.0.2 on.
  const loopbackV4 = machine.platform === 'linux' && targets.length > 0 && targets.every((t) => isLoopbackAddress(t.address) && !t.address.includes(':'));
  const groups =
    routing.urls.length > 0 ? portGroups(routing, stations)
    : portGroups({ ...routing, urls: ['ws://127.0.0.1'] }, stations).map((group) => ('to' in group ? { ...group, to: `${BUNDLED_CSMS.url} (${BUNDLED_CSMS.address})` } : group));
  return checkLimits(
    {
      stations,
      ...(input.processes !== undefined && { processes: input.processes }),
      ...(routing.urls.length === 0 && { bundledCsms: input.csms ?? 'child-process' }),
      portGroups: groups,
      sourceAddressHint: (count) => (loopbackV4 && count <= 253 ? (count === 1 ? '127.0.0.2' : `127.0.0.2-127.0.0.${count + 1}`) : undefined),
    },
    input.limits ?? readLimits(),
  );
}

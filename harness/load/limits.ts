/**
 * The machine's limits a load plan would run into, said before anything connects: open files per process,
 * ephemeral ports per source address, memory. Pure: the limits are passed in (limits-probe.ts reads the real
 * ones), so tests feed any. Each refusal is one line naming the limit, the numbers and what raises it.
 */

/** Files a process holds besides its stations' sockets: stdio, the event loop, a metrics or control port, SQLite. */
export const FILE_RESERVE = 64;
/** A station's memory (heap + external) as measured by `npm run bench`: docs/performance.md section 2 (11.1 KiB). */
export const BYTES_PER_STATION = Math.round(11.1 * 1024);

export interface OpenFileLimit {
  /** The soft limit (`ulimit -Sn`) as read; Infinity when unlimited. Node raises it to the hard one when it starts. */
  soft: number;
  /**
   * The hard limit (`ulimit -Hn`): what a Node process may open, since Node raises its soft limit to it at start
   * (a shell's `ulimit -Sn 200` still reads as the hard limit inside node), so the checks compare with this one.
   */
  hard: number;
}

export interface PortRange {
  low: number;
  high: number;
}

export interface MemoryLimits {
  /** Memory the machine has free (os.freemem()). */
  freeBytes: number;
  /** V8's heap limit and what is in use (v8.getHeapStatistics()). */
  heapLimitBytes: number;
  heapUsedBytes: number;
}

/** The limits of this machine and process; one left out is not checked (a platform that does not say). */
export interface LimitInputs {
  openFiles?: OpenFileLimit;
  portRange?: PortRange;
  memory?: MemoryLimits;
}

/** Connections that draw on one pool of ephemeral ports: from one bound source address, or to one destination. */
export type PortGroup = { connections: number } & ({ from: string } | { to: string });

export interface LimitPlan {
  /** Stations of the whole run. */
  stations: number;
  /** Processes the fleet is spread over, each with its share of stations and its own file budget; default 1. */
  processes?: number;
  /** The bundled CSMS: in this process (its server sockets count too), in a child of its own (same limit), or none. */
  bundledCsms?: 'in-process' | 'child-process';
  portGroups: PortGroup[];
  /** Suggested `--source-addresses` value when one address runs out of ports (loopback targets only). */
  sourceAddressHint?: (count: number) => string | undefined;
}

/** Where the number comes from: `ulimit -n` would not help, Node is already at the hard limit. */
const HARD_LIMIT = 'the hard limit, ulimit -Hn: Node raises its soft limit to it';
const n = (value: number) => (Number.isFinite(value) ? value.toLocaleString('en-US') : 'unlimited');
const mib = (bytes: number) => `${Math.round(bytes / 1_048_576).toLocaleString('en-US')} MiB`;

/** The first limit the plan runs into, as one line; undefined when it fits. */
export function checkLimits(plan: LimitPlan, limits: LimitInputs): string | undefined {
  return fileProblem(plan, limits.openFiles) ?? bundledCsmsFileProblem(plan, limits.openFiles) ?? portProblem(plan, limits.portRange) ?? memoryProblem(plan, limits.memory);
}

function perProcess(plan: LimitPlan): { processes: number; stations: number } {
  const processes = Math.max(1, plan.processes ?? 1);
  return { processes, stations: Math.ceil(plan.stations / processes) };
}

function fileProblem(plan: LimitPlan, files: OpenFileLimit | undefined): string | undefined {
  if (files === undefined) return undefined;
  const { processes, stations } = perProcess(plan);
  // With the CSMS in this process every connection is two sockets here: the station's and the server's.
  const perStation = plan.bundledCsms === 'in-process' ? 2 : 1;
  const needed = stations * perStation + FILE_RESERVE;
  if (needed <= files.hard) return undefined;
  const who = processes > 1 ? `${n(plan.stations)} stations in ${processes} processes (${n(stations)} each)` : `${n(stations)} stations`;
  const sockets = perStation === 2 ? 'two sockets each with the CSMS in this process' : 'a socket each';
  const split = Math.ceil(plan.stations / Math.max(1, Math.floor((files.hard - FILE_RESERVE) / perStation)));
  const raise = files.hard > FILE_RESERVE + perStation ? `use --processes ${split} or raise the hard limit` : 'raise the hard limit';
  return `${who} need ${n(needed)} open files (${sockets}, ${FILE_RESERVE} for the process); ${processes > 1 ? 'each process' : 'this process'} may open ${n(files.hard)} (${HARD_LIMIT}): ${raise}`;
}

function bundledCsmsFileProblem(plan: LimitPlan, files: OpenFileLimit | undefined): string | undefined {
  if (files === undefined || plan.bundledCsms !== 'child-process') return undefined;
  const needed = plan.stations + FILE_RESERVE;
  if (needed <= files.hard) return undefined;
  return `the bundled CSMS would hold ${n(plan.stations)} connections and need ${n(needed)} open files; its process may open ${n(files.hard)} (${HARD_LIMIT}): raise the hard limit, or point --url at a CSMS that can take them`;
}

function portProblem(plan: LimitPlan, range: PortRange | undefined): string | undefined {
  if (range === undefined) return undefined;
  const ports = range.high - range.low + 1;
  const busiest = plan.portGroups.reduce<PortGroup | undefined>((top, group) => (top === undefined || group.connections > top.connections ? group : top), undefined);
  if (busiest === undefined || busiest.connections <= ports) return undefined;
  const setting = `net.ipv4.ip_local_port_range ${range.low}-${range.high}`;
  const total = plan.portGroups.reduce((sum, group) => sum + group.connections, 0);
  const sources = Math.ceil(total / ports);
  const hint = plan.sourceAddressHint?.(sources);
  const more = hint !== undefined ? `use --source-addresses ${hint}` : `use --source-addresses with ${sources} or more of this machine's addresses`;
  if ('to' in busiest) {
    return `${n(busiest.connections)} connections to ${busiest.to} from one source address exceed ${n(ports)} ephemeral ports (${setting}): ${more} or widen the range`;
  }
  return `${n(busiest.connections)} connections from ${busiest.from} exceed its ${n(ports)} ephemeral ports (${setting}; a bound source address has one pool for every target): ${more} or widen the range`;
}

function memoryProblem(plan: LimitPlan, memory: MemoryLimits | undefined): string | undefined {
  if (memory === undefined) return undefined;
  const { processes, stations } = perProcess(plan);
  const heapNeeded = stations * BYTES_PER_STATION;
  const heapRoom = memory.heapLimitBytes - memory.heapUsedBytes;
  const each = `${(BYTES_PER_STATION / 1024).toFixed(1)} KiB each, docs/performance.md`;
  if (heapNeeded > heapRoom) {
    const split = Math.ceil(plan.stations / Math.max(1, Math.floor(heapRoom / BYTES_PER_STATION)));
    return (
      `${n(stations)} stations need about ${mib(heapNeeded)} of heap (${each}); ${processes > 1 ? 'each process' : 'this process'} has ${mib(heapRoom)} left ` +
      `(heap limit ${mib(memory.heapLimitBytes)}): use --processes ${split} or raise the limit (NODE_OPTIONS=--max-old-space-size=<MiB>)`
    );
  }
  const totalNeeded = plan.stations * BYTES_PER_STATION;
  if (totalNeeded > memory.freeBytes) {
    return `${n(plan.stations)} stations need about ${mib(totalNeeded)} of memory (${each}); the machine has ${mib(memory.freeBytes)} free (os.freemem): free memory or spread the fleet over machines (--shard, --shards)`;
  }
  return undefined;
}

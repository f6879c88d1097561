/**
 * Reads this process's and machine's limits for limits.ts: open files (/proc/self/limits on Linux, else the
 * shell's `ulimit`, which a child inherits unchanged), the ephemeral port range (/proc/sys/net/ipv4), memory
 * (os.freemem, V8's heap statistics), and the machine's addresses. A limit that cannot be read is left out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freemem, networkInterfaces } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { LimitInputs, OpenFileLimit, PortRange } from './limits.js';
import type { MachineAddresses } from './source-addresses.js';

export function readLimits(): LimitInputs {
  const openFiles = readOpenFileLimit();
  const portRange = readPortRange();
  const heap = getHeapStatistics();
  return {
    ...(openFiles !== undefined && { openFiles }),
    ...(portRange !== undefined && { portRange }),
    memory: { freeBytes: freemem(), heapLimitBytes: heap.heap_size_limit, heapUsedBytes: heap.used_heap_size },
  };
}

/** `Max open files  20000  20000  files` (Linux); "unlimited" is Infinity. */
export function parseProcLimits(text: string): OpenFileLimit | undefined {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (match === null) return undefined;
  const soft = limitNumber(match[1] as string);
  const hard = limitNumber(match[2] as string);
  return soft === undefined || hard === undefined ? undefined : { soft, hard };
}

/** `32768\t60999` */
export function parsePortRange(text: string): PortRange | undefined {
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (match === null) return undefined;
  const low = Number(match[1]);
  const high = Number(match[2]);
  return high >= low ? { low, high } : undefined;
}

function limitNumber(text: string): number | undefined {
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

function readOpenFileLimit(): OpenFileLimit | undefined {
  if (process.platform === 'linux') {
    const fromProc = tryRead('/proc/self/limits');
    if (fromProc !== undefined) return parseProcLimits(fromProc);
  }
  if (process.platform === 'win32') return undefined;
  const shell = spawnSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8', timeout: 2_000 });
  const [soft, hard] = (shell.stdout ?? '').trim().split(/\s+/).map(limitNumber);
  return soft === undefined || hard === undefined ? undefined : { soft, hard };
}

/** The kernel's ephemeral port range (Linux), or undefined where it cannot be read. */
export function readPortRange(): PortRange | undefined {
  const text = process.platform === 'linux' ? tryRead('/proc/sys/net/ipv4/ip_local_port_range') : undefined;
  return text === undefined ? undefined : parsePortRange(text);
}

function tryRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function machineAddresses(): MachineAddresses {
  const interfaces = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((info) => info.address));
  return { interfaces, platform: process.platform };
}

/**
 * `--source-addresses`: the local addresses a fleet's connections leave from, so one machine can open more
 * connections to a CSMS than one address has ephemeral ports (docs/load.md "Limits and many source addresses").
 * Parsing and the "is it ours" check are pure: the machine's interfaces and platform are passed in.
 */
import { isIP } from 'node:net';

/** More addresses than this buys nothing a test needs (each adds ~28,000 ports) and hints at a typo in a range. */
export const SOURCE_ADDRESS_LIMIT = 1_024;

export const SOURCE_ADDRESS_HELP =
  `IPv4 or IPv6 addresses, comma-separated, or ranges FIRST-LAST of one family (e.g. 127.0.0.2-127.0.0.9), at most ${SOURCE_ADDRESS_LIMIT.toLocaleString('en-US')} addresses in all`;

export type SourceAddressesParse = { ok: true; addresses: string[] } | { ok: false; problem: string };

/** `127.0.0.2-127.0.0.9`, `127.0.0.2,127.0.0.3`, `::1`, `fd00::1-fd00::4` or a comma list of those. */
export function parseSourceAddresses(spec: string): SourceAddressesParse {
  const addresses: string[] = [];
  const seen = new Set<string>();
  const items = spec.split(',').map((item) => item.trim());
  for (const item of items) {
    if (item === '') return { ok: false, problem: `empty item in ${JSON.stringify(spec)}` };
    const expanded = expandItem(item, SOURCE_ADDRESS_LIMIT - addresses.length);
    if (typeof expanded === 'string') return { ok: false, problem: expanded };
    for (const address of expanded) {
      if (seen.has(address)) return { ok: false, problem: `${address} is given twice` };
      seen.add(address);
      addresses.push(address);
    }
  }
  return { ok: true, addresses };
}

function expandItem(item: string, room: number): string[] | string {
  const dash = item.indexOf('-');
  if (dash < 0) {
    const address = canonical(item);
    if (address === undefined) return `${JSON.stringify(item)} is not an IPv4 or IPv6 address`;
    if (room < 1) return `more than ${SOURCE_ADDRESS_LIMIT} addresses`;
    return [address];
  }
  const [firstText, lastText] = [item.slice(0, dash).trim(), item.slice(dash + 1).trim()];
  const first = canonical(firstText);
  const last = canonical(lastText);
  if (first === undefined || last === undefined) return `range ${JSON.stringify(item)}: ${JSON.stringify(first === undefined ? firstText : lastText)} is not an IPv4 or IPv6 address`;
  if (first.includes('%') || last.includes('%')) return `range ${JSON.stringify(item)}: a range cannot carry a zone (%)`;
  const family = isIP(first);
  if (family !== isIP(last)) return `range ${JSON.stringify(item)} mixes IPv4 and IPv6`;
  const low = family === 4 ? BigInt(ipv4Number(first)) : ipv6Number(first);
  const high = family === 4 ? BigInt(ipv4Number(last)) : ipv6Number(last);
  if (high < low) return `range ${JSON.stringify(item)} ends before it starts`;
  if (high - low + 1n > BigInt(room)) return `range ${JSON.stringify(item)} holds ${(high - low + 1n).toLocaleString('en-US')} addresses, more than ${SOURCE_ADDRESS_LIMIT} in all`;
  const out: string[] = [];
  for (let n = low; n <= high; n++) out.push(family === 4 ? ipv4Text(Number(n)) : ipv6Text(n));
  return out;
}

/** The address in its usual spelling (`[::1]` and `0:0::1` become `::1`), or undefined when it is none. */
function canonical(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const family = isIP(bare);
  if (family === 4) return ipv4Text(ipv4Number(bare));
  if (family !== 6) return undefined;
  const zone = bare.indexOf('%');
  return zone < 0 ? ipv6Text(ipv6Number(bare)) : `${ipv6Text(ipv6Number(bare.slice(0, zone)))}${bare.slice(zone)}`;
}

export function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function ipv4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function ipv6Number(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const n = ipv4Number(v4[1] as string);
    text = `${text.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' || head === undefined ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, group) => (n << 16n) + BigInt(parseInt(group, 16)), 0n);
}

function ipv6Text(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  // The longest run of two or more zero groups becomes `::` (RFC 5952).
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return address.startsWith('127.');
  if (family !== 6) return false;
  const n = ipv6Number(address.split('%')[0] as string);
  // ::1, or an IPv4-mapped 127.x.x.x.
  return n === 1n || (n >> 24n) === 0xffff7fn;
}

export interface MachineAddresses {
  /** Every address of the machine's interfaces (os.networkInterfaces()), loopback included. */
  interfaces: string[];
  /** process.platform: on Linux the whole of 127.0.0.0/8 is local even when only 127.0.0.1 is listed. */
  platform: string;
}

/** A target as resolved: its URL and the address its host name resolves to. */
export interface ResolvedTarget {
  url: string;
  address: string;
}

/**
 * Why these source addresses cannot reach these targets (not this machine's, wrong family, loopback towards a
 * target off the machine), or undefined when every address can reach every target.
 */
export function checkSourceAddresses(addresses: string[], targets: ResolvedTarget[], machine: MachineAddresses): string | undefined {
  const listed = new Set(machine.interfaces.map((a) => canonical(a.split('%')[0] as string) ?? a));
  const local = (address: string) => listed.has(address.split('%')[0] as string) || (machine.platform === 'linux' && isIP(address) === 4 && isLoopbackAddress(address));
  for (const address of addresses) {
    if (!local(address)) {
      return (
        `${address} is not an address of this machine (it has ${[...listed].join(', ')}${machine.platform === 'linux' ? ', and all of 127.0.0.0/8' : ''}): ` +
        'allowed are this machine\'s addresses, and on Linux any 127.x.x.x when the target is on loopback'
      );
    }
    for (const target of targets) {
      const family = isIP(address);
      if (family !== isIP(target.address)) {
        return `${address} is IPv${family} but ${target.url} resolves to ${target.address} (IPv${isIP(target.address)}): give addresses of the target's family`;
      }
      if (isLoopbackAddress(address) && !isLoopbackAddress(target.address)) {
        return `${address} is a loopback address and cannot reach ${target.url} (${target.address}, not on this machine): give addresses of this machine's network interfaces`;
      }
    }
  }
  return undefined;
}

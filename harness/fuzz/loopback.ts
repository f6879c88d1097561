/**
 * The fuzzer attacks only a CSMS on this machine: its target host must resolve to loopback addresses only
 * (127.0.0.0/8 or ::1), so a typo or a borrowed URL can never point hostile traffic at someone else's system.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export function isLoopbackAddress(address: string): boolean {
  if (address === '::1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return isIP(v4) === 4 && v4.split('.')[0] === '127';
}

/** Why `url` may not be fuzzed, or undefined when every address its host resolves to is loopback. */
export async function loopbackProblem(url: string): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch (error) {
    return `${host} does not resolve (${(error as Error).message}); the fuzzer only targets 127.0.0.0/8 or ::1`;
  }
  const outside = addresses.filter((address) => !isLoopbackAddress(address));
  if (addresses.length > 0 && outside.length === 0) return undefined;
  return `${host} resolves to ${outside.join(', ') || 'nothing'}, not a loopback address: chargedrill fuzz only targets a CSMS on this machine (127.0.0.0/8 or ::1)`;
}

/** `--source-addresses`: ranges and lists parsed, and whether the addresses can reach the targets. */
import { describe, expect, it } from 'vitest';
import { checkSourceAddresses, isLoopbackAddress, parseSourceAddresses } from '../../../harness/load/source-addresses.js';

const addresses = (spec: string) => {
  const parsed = parseSourceAddresses(spec);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.addresses;
};
const problem = (spec: string) => {
  const parsed = parseSourceAddresses(spec);
  return parsed.ok ? undefined : parsed.problem;
};

describe('parseSourceAddresses', () => {
  it('expands an IPv4 range, a comma list and both together, in order', () => {
    expect(addresses('127.0.0.2-127.0.0.5')).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']);
    expect(addresses('127.0.0.2, 10.0.0.7')).toEqual(['127.0.0.2', '10.0.0.7']);
    expect(addresses('127.0.0.9,127.0.0.2-127.0.0.3')).toEqual(['127.0.0.9', '127.0.0.2', '127.0.0.3']);
    expect(addresses('127.0.0.7')).toEqual(['127.0.0.7']);
  });

  it('crosses an octet boundary in a range', () => {
    expect(addresses('10.0.0.254-10.0.1.1')).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
  });

  it('reads IPv6 literals, with brackets or without, and ranges of them in their usual spelling', () => {
    expect(addresses('::1')).toEqual(['::1']);
    expect(addresses('[fd00::1]')).toEqual(['fd00::1']);
    expect(addresses('fd00:0:0::fe-fd00::101')).toEqual(['fd00::fe', 'fd00::ff', 'fd00::100', 'fd00::101']);
    expect(addresses('2001:db8:0:0:1:0:0:1')).toEqual(['2001:db8::1:0:0:1']);
    expect(addresses('::ffff:127.0.0.2')).toEqual(['::ffff:7f00:2']);
  });

  it('refuses a range that ends before it starts, mixes families, or is too large, naming it', () => {
    expect(problem('127.0.0.9-127.0.0.2')).toBe('range "127.0.0.9-127.0.0.2" ends before it starts');
    expect(problem('127.0.0.1-::1')).toBe('range "127.0.0.1-::1" mixes IPv4 and IPv6');
    expect(problem('10.0.0.0-10.1.0.0')).toBe('range "10.0.0.0-10.1.0.0" holds 65,537 addresses, more than 1024 in all');
    expect(problem('127.0.0.0-127.0.3.255,127.0.4.0')).toBe('more than 1024 addresses');
  });

  it('refuses what is not an address, an empty item and a repeated address', () => {
    expect(problem('127.0.0.256')).toBe('"127.0.0.256" is not an IPv4 or IPv6 address');
    expect(problem('localhost')).toBe('"localhost" is not an IPv4 or IPv6 address');
    expect(problem('127.0.0.2-x')).toBe('range "127.0.0.2-x": "x" is not an IPv4 or IPv6 address');
    expect(problem('127.0.0.2,,127.0.0.3')).toBe('empty item in "127.0.0.2,,127.0.0.3"');
    expect(problem('127.0.0.2-127.0.0.4,127.0.0.3')).toBe('127.0.0.3 is given twice');
  });
});

describe('checkSourceAddresses', () => {
  const linux = { interfaces: ['127.0.0.1', '::1', '192.0.2.2'], platform: 'linux' };
  const mac = { interfaces: ['127.0.0.1', '::1', '192.0.2.2'], platform: 'darwin' };
  const loopback = [{ url: 'ws://127.0.0.1:9000/ocpp', address: '127.0.0.1' }];
  const remote = [{ url: 'ws://csms.example:9000/ocpp', address: '198.51.100.7' }];

  it('takes any 127.x.x.x on Linux towards a loopback target, though only 127.0.0.1 is listed', () => {
    expect(checkSourceAddresses(['127.0.0.2', '127.0.0.3', '127.255.0.9'], loopback, linux)).toBeUndefined();
    expect(checkSourceAddresses(['192.0.2.2'], loopback, linux)).toBeUndefined();
  });

  it('elsewhere takes only the listed addresses', () => {
    expect(checkSourceAddresses(['127.0.0.1'], loopback, mac)).toBeUndefined();
    expect(checkSourceAddresses(['127.0.0.2'], loopback, mac)).toBe(
      "127.0.0.2 is not an address of this machine (it has 127.0.0.1, ::1, 192.0.2.2): allowed are this machine's addresses, and on Linux any 127.x.x.x when the target is on loopback",
    );
  });

  it('refuses an address of no interface, a family other than the target\'s, and loopback towards a remote target', () => {
    expect(checkSourceAddresses(['10.9.9.9'], loopback, linux)).toMatch(/^10\.9\.9\.9 is not an address of this machine \(it has 127\.0\.0\.1, ::1, 192\.0\.2\.2, and all of 127\.0\.0\.0\/8\)/);
    expect(checkSourceAddresses(['::1'], loopback, linux)).toBe("::1 is IPv6 but ws://127.0.0.1:9000/ocpp resolves to 127.0.0.1 (IPv4): give addresses of the target's family");
    expect(checkSourceAddresses(['127.0.0.2'], remote, linux)).toBe(
      "127.0.0.2 is a loopback address and cannot reach ws://csms.example:9000/ocpp (198.51.100.7, not on this machine): give addresses of this machine's network interfaces",
    );
    expect(checkSourceAddresses(['192.0.2.2'], remote, linux)).toBeUndefined();
  });

  it('knows loopback addresses of both families', () => {
    expect(['127.0.0.1', '127.9.0.1', '::1', '::ffff:7f00:2'].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(['128.0.0.1', '::2', '192.0.2.2', 'fd00::1'].map(isLoopbackAddress)).toEqual([false, false, false, false]);
  });
});

/** The fuzzer only targets this machine: every address of the host must be loopback. */
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, loopbackProblem } from '../../../harness/fuzz/loopback.js';

describe('loopback targets', () => {
  it('knows 127.0.0.0/8 and ::1 from everything else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['10.0.0.1', '128.0.0.1', '0.0.0.0', '::', '::ffff:10.0.0.1', 'fe80::1', '1.127.0.0']) expect(isLoopbackAddress(address), address).toBe(false);
  });

  it('accepts a URL whose host resolves to loopback only and refuses any other, saying why', async () => {
    expect(await loopbackProblem('ws://127.0.0.1:9000/ocpp')).toBeUndefined();
    expect(await loopbackProblem('ws://[::1]:9000/ocpp')).toBeUndefined();
    expect(await loopbackProblem('ws://localhost:9000/ocpp')).toBeUndefined();
    expect(await loopbackProblem('ws://10.0.0.1:9000/ocpp')).toBe(
      '10.0.0.1 resolves to 10.0.0.1, not a loopback address: chargedrill fuzz only targets a CSMS on this machine (127.0.0.0/8 or ::1)',
    );
    expect(await loopbackProblem('ws://[fe80::1]/ocpp')).toMatch(/^fe80::1 resolves to fe80::1, not a loopback address/);
    expect(await loopbackProblem('ws://no-such-host.invalid/ocpp')).toMatch(/^no-such-host\.invalid does not resolve .*only targets 127\.0\.0\.0\/8 or ::1$/);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

describe('chargedrill usage', () => {
  it('lists its commands in --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/chargedrill csms/);
    expect(result.stdout).toMatch(/chargedrill fleet/);
  });

  it.each([
    [['fleet', '--stations', 'abc'], /--stations must be a whole number from 1 to 1000000, got "abc"/],
    [['fleet', '--stations', '0'], /--stations must be a whole number/],
    [['fleet', '--protocol', 'ocpp3'], /--protocol must be one of ocpp1.6, ocpp2.0.1, mix, got "ocpp3"/],
    [['fleet', '--duration', '5x'], /--duration must be a duration like 250ms, 90s, 5m, 24h or 1h30m, got "5x"/],
    [['fleet', '--ramp', '-1'], /--ramp must be a number greater than 0, got "-1"/],
    [['fleet', '--url', 'http://example'], /--url must be a ws:\/\/ or wss:\/\/ URL/],
    [['fleet', '--sites', '500', '--stations', '10'], /--sites must be a whole number from 1 to 10, got "500"/],
    [['csms', '--port', '70000'], /--port must be a port number from 0 to 65535/],
    [['csms', '--max-clock-skew', 'soon'], /--max-clock-skew must be .*, got "soon"/],
    [['csms', '--log-level', 'loud'], /--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"/],
    [['fleet', '--stationz', '5'], /Unknown argument: stationz/],
    [['load', '--url', 'ws://127.0.0.1:9000/ocpp', '--in-process'], /--in-process and --no-desk set up the bundled CSMS: they cannot be combined with --url/],
    [['load', '--max-disconnects', '-1'], /--max-disconnects must be a whole number of 0 or more, got "-1"/],
    [['load', '--max-connecting', '0'], /--max-connecting must be a whole number from 1 to \d+, got "0"/],
    [['fleet', '--max-connecting', 'many'], /--max-connecting must be a whole number from 1 to \d+, got "many"/],
    [['load', '--csms-down-for', '1s'], /--csms-down-for needs --csms-restart-at/],
    [['load', '--csms-restart-at', 'soon'], /--csms-restart-at must be a duration like .*, got "soon"/],
    [['load', '--url', 'ws://127.0.0.1:9/ocpp', '--csms-restart-at', '5s'], /--csms-restart-at needs the bundled CSMS in its own process: not with --url or --in-process/],
    [['load', '--in-process', '--delivery-check'], /--delivery-check needs the bundled CSMS in its own process/],
    [['load', '--stations', '2', '--processes', '2', '--csms-restart-at', '5s'], /--csms-restart-at, --csms-db and --delivery-check need one process with the bundled CSMS/],
    [['launch'], /Unknown argument: launch/],
    [[], /name a command: csms or load/],
    [['merge'], /^chargedrill: merge <results\.\.> takes at least 1 argument, got none \(see chargedrill --help\)\n$/],
    [['fault', 'frob'], /^chargedrill: fault <action> \[args\.\.\]: <action> "frob" is not allowed \(allowed: inject, clear, list\)/],
    [['station', 'frob', 'S1-CP1'], /^chargedrill: station <action> <station>: <action> "frob" is not allowed \(allowed: plug, /],
    [['load', '--bogus-flag', '1'], /^chargedrill: Unknown argument: bogus-flag; allowed for load: .*--in-process, --no-desk, --metrics-port/],
    [['csms', '--station-profiles', 'no-such-profiles.json', '--db', ':memory:'], /--station-profiles no-such-profiles\.json: file not found/],
    [['csms', '--accept-tokens', 'no-such-tokens.txt', '--db', ':memory:'], /--accept-tokens no-such-tokens\.txt: file not found/],
  ])('refuses %j with one line on stderr and exit code 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists a flag yargs spells twice once, and leaves internal flags out of what is allowed', async () => {
    const result = await runCli(['load', '--bogus-flag', '1']);
    expect(result.stderr).not.toMatch(/bogusFlag/);
    expect(result.stderr).not.toMatch(/--csms-api|--desk\b/);
  });
});

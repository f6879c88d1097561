/** `chargedrill fleet`'s control API flags (docs/control-api.md), kept here so the fleet command only spreads them in. */
import type { FleetControlOptions } from '../../control/fleet-control.js';
import { port, UsageError } from '../usage.js';

export const controlFlags = {
  'control-port': { type: 'string', describe: 'serve the live control API (faults, stations; docs/control-api.md) on this port (0 picks a free one)' },
  'control-host': { type: 'string', default: '127.0.0.1', describe: 'address of the control API; any other than loopback needs --control-token (generated and printed when not given)' },
  'control-token': { type: 'string', describe: 'access token the control API requires as "Authorization: Bearer <token>"' },
} as const;

/** The control API's options from the command line; undefined without --control-port. */
export function controlOptions(argv: Record<string, unknown>, announce: (line: string) => void): FleetControlOptions | undefined {
  const token = argv['control-token'];
  if (token !== undefined && (typeof token !== 'string' || token.length < 8)) {
    throw new UsageError(`--control-token must be at least 8 characters, got ${JSON.stringify(token)}`);
  }
  if (argv['control-port'] === undefined) {
    if (token !== undefined) throw new UsageError('--control-token needs --control-port');
    return undefined;
  }
  return {
    port: port('control-port', argv['control-port']),
    host: String(argv['control-host']),
    ...(typeof token === 'string' && { token }),
    announce,
  };
}

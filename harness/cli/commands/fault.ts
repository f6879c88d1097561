/** `chargedrill fault inject|clear|list`: the control API's faults from a shell or CI (docs/control-api.md). */
import type { Argv } from 'yargs';
import { UsageError } from '../usage.js';
import { controlClientFlags, runControl } from './control-client.js';

export const faultFlags = {
  ...controlClientFlags,
  'connector': { type: 'string', describe: 'inject: the connector of a connector fault' },
  'param': { type: 'string', array: true, describe: 'inject: a fault parameter as NAME=VALUE (numbers and true/false are read as such); repeat for more' },
  'at': { type: 'string', describe: 'inject: when, in the fleet\'s simulated time: a duration from now (10m) or an ISO 8601 moment [default: now]' },
  'state': { type: 'string', describe: 'list: only faults in these states, comma-separated: scheduled, active, cleared, cancelled, failed [default: all]' },
} as const;

interface FaultView {
  id: string;
  kind: string;
  state: string;
  targets: { stationIds: string[]; siteId?: string; connectorId?: number };
  params: Record<string, unknown>;
  scheduledFor?: string;
  injectedAt?: string;
  clearedAt?: string;
  clearReason?: string;
  error?: string;
}

export const faultCommand = {
  command: 'fault <action> [args..]',
  describe: 'Inject, clear or list faults of a running fleet through its control API (chargedrill fleet --control-port)',
  builder: (y: Argv) =>
    y
      .positional('action', { type: 'string', choices: ['inject', 'clear', 'list'], describe: 'inject <station|site> <kind>, clear <faultId>, list' })
      .positional('args', { type: 'string', array: true })
      .options(faultFlags)
      .example('$0 fault inject S1-CP3 ground-failure --connector 1', 'trip the RCD of S1-CP3 connector 1 now')
      .example('$0 fault inject S2 site-uplink-outage --param durationS=900 --at 10m', 'site S2 loses its uplink in 10 simulated minutes')
      .example('$0 fault clear f3', 'clear fault f3 as a trainer (reason manual)')
      .epilog('Exit codes: 0 done, 1 refused (unknown fault, state forbids it) or the control API unreachable, 2 bad input (unknown kind, station or site: the allowed ones are listed).'),
  handler: async (argv: Record<string, unknown>) => {
    const args = [argv.args ?? []].flat().map(String);
    const action = String(argv.action);
    if (action === 'list') {
      expectArgs(args, 0, 'fault list');
      const query = argv.state === undefined ? '' : `?state=${encodeURIComponent(String(argv.state))}`;
      return runControl(argv, 'GET', `/control/faults${query}`, undefined, (body) => {
        const faults = body as FaultView[];
        return faults.length === 0 ? 'no faults' : faults.map(faultLine).join('\n');
      });
    }
    if (action === 'clear') {
      expectArgs(args, 1, 'fault clear <faultId>');
      return runControl(argv, 'DELETE', `/control/faults/${encodeURIComponent(args[0] as string)}`, undefined, (body) => faultLine(body as FaultView));
    }
    expectArgs(args, 2, 'fault inject <station|site> <kind>');
    const [where, kind] = args as [string, string];
    const target = /^S\d+$/.test(where) ? { site: where } : where.includes(',') ? { stations: where.split(',').map((s) => s.trim()) } : { station: where };
    const body = {
      kind,
      ...target,
      ...(argv.connector !== undefined && { connector: String(argv.connector) }),
      ...(argv.at !== undefined && { at: String(argv.at) }),
      ...(argv.param !== undefined && { params: paramsOf([argv.param].flat().map(String)) }),
    };
    return runControl(argv, 'POST', '/control/faults', body, (answer) => faultLine(answer as FaultView));
  },
};

function expectArgs(args: string[], count: number, usage: string): void {
  if (args.length !== count) throw new UsageError(`chargedrill ${usage} takes ${count} argument(s), got ${args.length === 0 ? 'none' : args.map((a) => JSON.stringify(a)).join(' ')}`);
}

/** `count=3` → { count: 3 }; `recovers=false` → false; anything else stays text. */
export function paramsOf(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) throw new UsageError(`--param must be NAME=VALUE, got ${JSON.stringify(pair)}`);
    const value = pair.slice(cut + 1);
    params[pair.slice(0, cut)] = value === 'true' ? true : value === 'false' ? false : value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return params;
}

function faultLine(fault: FaultView): string {
  const where = fault.targets.siteId ?? fault.targets.stationIds.join(',');
  const connector = fault.targets.connectorId === undefined ? '' : ` connector ${fault.targets.connectorId}`;
  const when =
    fault.state === 'scheduled' ? `at ${fault.scheduledFor ?? '?'}` :
    fault.state === 'active' ? `since ${fault.injectedAt ?? '?'}` :
    fault.state === 'failed' ? `failed: ${fault.error ?? '?'}` :
    `${fault.clearReason ?? fault.state} at ${fault.clearedAt ?? '?'}`;
  return `${fault.id} ${fault.kind} ${fault.state} on ${where}${connector} ${when} ${JSON.stringify(fault.params)}`;
}

/** `chargedrill station <action> <id>`: a driver's or site engineer's act on a running fleet's station (docs/control-api.md). */
import type { Argv } from 'yargs';
import { UsageError } from '../usage.js';
import { controlClientFlags, runControl } from './control-client.js';

// The control API's list (harness/control/stations.ts), repeated here so --help does not load the server.
const ACTIONS = ['plug', 'start', 'stop', 'unplug', 'power-cycle', 'offline', 'online', 'show'] as const;

export const stationFlags = {
  ...controlClientFlags,
  'connector': { type: 'string', describe: 'plug, start, stop, unplug: the connector [default: 1]' },
  'token': { type: 'string', describe: "start: the driver's token [default: one of the station's own drivers]" },
  'duration': { type: 'string', describe: 'start: charge this long in simulated time (90m) [default: until stopped]' },
  'power': { type: 'string', describe: 'start: average power in kW [default: the station maximum]' },
} as const;

interface StationView {
  id: string;
  protocol: string;
  link: string;
  registration: string | null;
  offlineByControl: boolean;
  connectors: { id: number; status: string; errorCode: string; transactionId?: string }[];
  result?: Record<string, unknown>;
}

export const stationCommand = {
  command: 'station <action> <station>',
  describe: 'Act on a station of a running fleet through its control API: plug, start, stop, unplug, power-cycle, offline, online, show',
  builder: (y: Argv) =>
    y
      .positional('action', { type: 'string', choices: [...ACTIONS] })
      .positional('station', { type: 'string', describe: 'station id, e.g. S1-CP3' })
      .options(stationFlags)
      .example('$0 station start S1-CP3 --connector 2 --token DRIVER-0042', 'a driver starts charging on S1-CP3 connector 2')
      .example('$0 station offline S1-CP3', 'the station loses its link until "station online"')
      .epilog('Exit codes: 0 done, 1 refused (unknown station, state forbids it, the CSMS refused the token) or the control API unreachable, 2 bad input.'),
  handler: async (argv: Record<string, unknown>) => {
    const action = String(argv.action);
    const id = encodeURIComponent(String(argv.station));
    const takesConnector = ['plug', 'start', 'stop', 'unplug'].includes(action);
    if (!takesConnector && argv.connector !== undefined) throw new UsageError(`--connector goes with plug, start, stop or unplug, not ${action}`);
    if (action !== 'start') {
      for (const flag of ['token', 'duration', 'power']) if (argv[flag] !== undefined) throw new UsageError(`--${flag} goes with start, not ${action}`);
    }
    const power = argv.power === undefined ? undefined : Number(argv.power);
    const body = {
      ...(argv.connector !== undefined && { connector: String(argv.connector) }),
      ...(argv.token !== undefined && { token: String(argv.token) }),
      ...(argv.duration !== undefined && { duration: String(argv.duration) }),
      ...(argv.power !== undefined && { powerKw: Number.isFinite(power) ? power : String(argv.power) }),
    };
    if (action === 'show') return runControl(argv, 'GET', `/control/stations/${id}`, undefined, (view) => stationLine(view as StationView));
    return runControl(argv, 'POST', `/control/stations/${id}/${action}`, body, (view) => stationLine(view as StationView));
  },
};

function stationLine(view: StationView): string {
  const connectors = view.connectors.map((c) => `${c.id} ${c.status}${c.errorCode !== 'NoError' ? `/${c.errorCode}` : ''}${c.transactionId !== undefined ? ` tx ${c.transactionId}` : ''}`).join(', ');
  return `${view.id} (${view.protocol}, link ${view.link}${view.offlineByControl ? ' by control' : ''}, ${view.registration ?? 'not registered'}): ${connectors}`;
}

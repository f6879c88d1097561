/** Starts the control API beside a running fleet (`chargedrill fleet --control-port N`) and says where it is. */
import type { Clock } from '../../simulator/clock.js';
import type { Fleet } from '../../simulator/fleet/fleet.js';
import { startControlServer, type ControlServer } from './server.js';

export interface FleetControlOptions {
  port: number;
  /** Default 127.0.0.1; any other address needs a token (generated and announced when not given). */
  host?: string;
  token?: string;
  /** Where the control URL (and a generated token) is shown. */
  announce: (line: string) => void;
}

export async function startFleetControl(options: FleetControlOptions | undefined, fleet: Fleet, clock: Clock): Promise<ControlServer | undefined> {
  if (options === undefined) return undefined;
  const server = await startControlServer({
    fleet,
    clock,
    port: options.port,
    ...(options.host !== undefined && { host: options.host }),
    ...(options.token !== undefined && { token: options.token }),
  });
  options.announce(`control API: ${server.url}`);
  if (server.tokenGenerated) options.announce(`control token: ${server.token as string} (send it as "Authorization: Bearer <token>", or --control-token)`);
  return server;
}

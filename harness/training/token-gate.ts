/**
 * The access token of a training session bound off loopback: every API and control request from another
 * machine must carry it as `Authorization: Bearer <token>` (as the fleet's control API does); requests from
 * this machine, and the console's own files, need none.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorized, isLoopback } from '../control/server.js';
import { sendError } from '../csms/http-util.js';

export function tokenGate(token: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (!/^\/(api|control)(\/|$)/.test(path)) return true;
    const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (isLoopback(remote) || authorized(req, token)) return true;
    sendError(res, 401, 'missing or wrong access token: send "Authorization: Bearer <token>" (the token chargedrill train printed, or --token)', {}, { 'www-authenticate': 'Bearer' });
    return false;
  };
}

/** The primary's HTTP to its workers' internal APIs: one request passed through as it is, or a GET asked of every worker. */
import { Agent, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../csms/http-util.js';
import type { WorkerAnswer } from './merge-api.js';

/** Headers of one hop, not of the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export class WorkerHttp {
  /** Kept-alive sockets to the workers: a console polling the API does not open one per request. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });

  /** Passes `req` on to the worker at `base` (same method, path, query and body) and its answer back. */
  forward(req: IncomingMessage, res: ServerResponse, base: string, worker: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const target = new URL(req.url ?? '/', base);
      let answered = false;
      const upstream = request(target, { method: req.method, headers: endToEnd(req.headers), agent: this.agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on('end', () => {
          answered = true;
          resolve();
        });
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      upstream.on('error', (error) => {
        if (!res.headersSent) sendError(res, 503, `worker ${worker} did not answer (${error.message}): it may be restarting, try again`);
        else res.destroy();
        resolve();
      });
      // The client went away: the worker's answer (a command's, say) has no one to go to.
      res.on('close', () => {
        if (!answered) upstream.destroy();
      });
      req.pipe(upstream);
    });
  }

  /** GETs `pathAndQuery` from every worker at once; a worker that does not answer becomes a 503 answer naming it. */
  gather(bases: readonly (string | undefined)[], pathAndQuery: string): Promise<WorkerAnswer[]> {
    return Promise.all(bases.map((base, worker) => (base === undefined ? Promise.resolve(notServing(worker)) : this.getJson(base, pathAndQuery, worker))));
  }

  close(): void {
    this.agent.destroy();
  }

  private getJson(base: string, pathAndQuery: string, worker: number): Promise<WorkerAnswer> {
    return new Promise((resolve) => {
      const upstream = request(new URL(pathAndQuery, base), { agent: this.agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return resolve({ worker, status: 502, body: { error: `worker ${worker} answered ${pathAndQuery} with something other than JSON` } });
          }
          resolve({ worker, status: answer.statusCode ?? 502, body });
        });
        answer.on('error', (error) => resolve(unreachable(worker, error)));
      });
      upstream.on('error', (error) => resolve(unreachable(worker, error)));
      upstream.end();
    });
  }
}

function notServing(worker: number): WorkerAnswer {
  return { worker, status: 503, body: { error: `worker ${worker} is restarting: its stations are missing from this answer, try again` } };
}

function unreachable(worker: number, error: Error): WorkerAnswer {
  return { worker, status: 503, body: { error: `worker ${worker} did not answer (${error.message}): it may be restarting, try again` } };
}

/**
 * `chargedrill csms --control-url URL`: the CSMS passes /control/* on to a fleet's control API running elsewhere
 * (`chargedrill fleet --control-port N`), so the console it serves reaches both from one origin. The request's
 * method, path, query and body go as they came, with the fleet's token when one is given; the fleet's answer comes
 * back as it is. A fleet that cannot be reached is 502 naming the URL.
 */
import type { IncomingMessage } from 'node:http';
import type { ApiRoute } from '../csms/http-api.js';
import { MAX_BODY_BYTES, sendError } from '../csms/http-util.js';

/** How long the fleet has to answer. */
const PROXY_TIMEOUT_MS = 10_000;

export function controlProxyRoutes(controlUrl: string, token?: string): ApiRoute[] {
  const base = controlUrl.replace(/\/+$/, '');
  const run: ApiRoute['run'] = async (req, res, _params, url) => {
    const body = req.method === 'GET' || req.method === 'DELETE' ? undefined : await readBody(req);
    if (body === null) return sendError(res, 413, `body larger than ${MAX_BODY_BYTES} bytes`);
    let answer: Response;
    try {
      answer = await fetch(`${base}${url.pathname}${url.search}`, {
        method: req.method as string,
        headers: {
          ...(req.headers['content-type'] !== undefined && { 'content-type': req.headers['content-type'] }),
          ...(token !== undefined && { authorization: `Bearer ${token}` }),
        },
        ...(body !== undefined && { body }),
        signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      return sendError(res, 502, `cannot reach the fleet's control API at ${base}: ${cause}`);
    }
    const text = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json; charset=utf-8',
      'content-length': text.length,
      'cache-control': 'no-store',
    });
    res.end(text);
  };
  const pattern = /^\/control(\/.*)?$/;
  return (['GET', 'POST', 'DELETE'] as const).map((method) => ({ pattern, method, run }));
}

/** The request body, or null when it is over the API's limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

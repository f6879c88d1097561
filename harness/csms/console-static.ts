/**
 * The trainer's console (a single-page app built into dist/console by `npm run build`) served from the CSMS's
 * HTTP server: files by path with their content type, `index.html` for the app's own pages so they load on
 * refresh, nothing outside the folder, and a 503 that says how to build it when the folder is missing. Every
 * other path (`/api/*`, `/control/*`, `/ocpp/*`, `/metrics` …) stays with the JSON router (unknown ones: JSON 404).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite puts content-hashed bundles under assets/: their name changes with their content, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current bundles, so the browser asks again every time. */
const REVALIDATE = 'no-cache';

/** dist/console of this checkout, whether this module runs compiled (dist/harness/csms) or from source (harness/csms). */
export function defaultConsoleDir(moduleUrl: string = import.meta.url): string {
  const root = resolve(fileURLToPath(moduleUrl), '../../..');
  return moduleUrl.endsWith('.ts') ? join(root, 'dist', 'console') : join(root, 'console');
}

/** Paths the JSON router owns; a plain GET on the OCPP endpoint stays a JSON 404 there, not the console. */
export function isApiPath(pathname: string): boolean {
  return /^\/(api|control|ocpp)(\/|$)/.test(pathname);
}

/**
 * Paths the console answers: its pages (console/src/routes.ts: `/`, `/desk`, `/trainer`, `/stations/<id>`,
 * `/drills/<id>`), its bundles under `/assets/` and files at its root (`/favicon.svg`). Anything else stays with
 * the JSON router, so `/metrics` on the API port is a JSON 404 naming the path, not the console's page.
 */
export function isConsolePath(pathname: string): boolean {
  if (isApiPath(pathname)) return false;
  return /^\/((desk|trainer)\/?)?$/.test(pathname) || /^\/(stations|drills)\/[^/]+\/?$/.test(pathname) || pathname.startsWith('/assets/') || /^\/[^/]+\.[A-Za-z0-9]+$/.test(pathname);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** Serves the console from `dir`. */
export function createConsoleHandler(dir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = resolve(dir);
  const index = join(root, 'index.html');

  const sendFile = (req: IncomingMessage, res: ServerResponse, path: string, size: number, cache: string): void => {
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path).on('error', () => res.destroy()).pipe(res);
  };

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `${req.method ?? '?'} not allowed: the console is read with GET\n`, { allow: 'GET, HEAD' });
    const indexSize = await fileSize(index);
    if (indexSize === undefined) {
      return sendText(res, 503, `The console is not built: ${index} is missing. Run "npm run build" (it builds the console into dist/console), then reload.\n`);
    }
    let pathname: string;
    try {
      // The raw path, not URL's: URL drops `..` segments, which would turn an attack into a harmless-looking path.
      pathname = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    } catch {
      return sendText(res, 400, 'malformed URL\n');
    }
    if (pathname.includes('\0') || !pathname.startsWith('/')) return sendText(res, 400, 'malformed URL\n');
    const target = resolve(root, `.${pathname}`);
    // Dot-dot segments (raw or encoded) are refused outright, and nothing may resolve outside the folder.
    if (pathname.split(/[\\/]/).includes('..') || (target !== root && !target.startsWith(root + sep))) return sendText(res, 403, 'outside the console\n');
    if (target !== root && target !== index) {
      const size = await fileSize(target);
      if (size !== undefined) return sendFile(req, res, target, size, pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      // A missing bundle is a 404 (a stale index.html must not get HTML back for a script).
      if (pathname.startsWith('/assets/') || extname(pathname) !== '') return sendText(res, 404, `no file ${pathname} in the console\n`);
    }
    sendFile(req, res, index, indexSize, REVALIDATE);
  };
}

/** The console for its own paths, the JSON router for everything else. */
export function withConsole(api: RequestListener, dir: string, onError: (error: unknown) => void): RequestListener {
  const serveConsole = createConsoleHandler(dir);
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://csms.invalid').pathname;
    if (!isConsolePath(pathname)) return void api(req, res);
    serveConsole(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
}

/** The console's static files from the CSMS's HTTP server: types, caching, client routes, traversal, not built. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConsoleDir, isApiPath, isConsolePath, withConsole } from '../../../harness/csms/console-static.js';
import { hrefOf, parseRoute, type Route } from '../../../console/src/routes.js';
import { sendJson } from '../../../harness/csms/http-util.js';

let dir: string;
let server: Server;
let base: string;
const errors: unknown[] = [];

/** A raw GET, so `..` segments reach the server as written (fetch would normalise them away). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(`${base}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(consoleDir: string): Promise<{ server: Server; base: string }> {
  const api = withConsole((_req, res) => sendJson(res, 200, { api: true }), consoleDir, (e) => errors.push(e));
  const s = createServer(api);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return { server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chargedrill-console-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'assets', 'main-abc123.css'), 'body{}');
  await writeFile(join(dir, 'favicon.svg'), '<svg/>');
  await writeFile(join(tmpdir(), 'chargedrill-console-secret.txt'), 'secret');
  ({ server, base } = await listen(dir));
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
  await rm(join(tmpdir(), 'chargedrill-console-secret.txt'), { force: true });
});

describe('the console from the CSMS', () => {
  it('answers / and client routes with index.html, revalidated each time', async () => {
    for (const path of ['/', '/stations/S1-CP1', '/desk', '/drills/d1']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, res.headers.get('content-type'), res.headers.get('cache-control'), await res.text()]).toEqual([
        path, 200, 'text/html; charset=utf-8', 'no-cache', '<!doctype html><title>console</title>',
      ]);
    }
  });

  it('serves every page of the console (its client routes) and leaves every other path to the JSON router', async () => {
    const pages: Route[] = [{ page: 'network' }, { page: 'desk' }, { page: 'trainer' }, { page: 'station', stationId: 'S1-CP1' }, { page: 'drill', drillId: 'd1' }];
    for (const route of pages) {
      const path = hrefOf(route);
      expect([path, parseRoute(path).page, isConsolePath(path)]).toEqual([path, route.page, true]);
    }
    for (const path of ['/metrics', '/health', '/stations', '/stations/S1/extra', '/api/health', '/control/faults', '/ocpp/S1-CP1']) {
      expect([path, isConsolePath(path)]).toEqual([path, false]);
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, await res.json()]).toEqual([path, 200, { api: true }]);
    }
  });

  it('serves assets with their content type, hashed bundles as immutable', async () => {
    const js = await fetch(`${base}/assets/main-abc123.js`);
    expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control'), await js.text()]).toEqual([
      200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable', 'console.log(1)',
    ]);
    const css = await fetch(`${base}/assets/main-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(`${base}/favicon.svg`);
    expect([svg.headers.get('content-type'), svg.headers.get('cache-control')]).toEqual(['image/svg+xml', 'no-cache']);
  });

  it('answers a missing asset 404, not the page', async () => {
    const res = await fetch(`${base}/assets/main-old999.js`);
    expect([res.status, await res.text()]).toEqual([404, 'no file /assets/main-old999.js in the console\n']);
  });

  it('refuses paths that climb out of the folder', async () => {
    for (const path of ['/../chargedrill-console-secret.txt', '/%2e%2e/chargedrill-console-secret.txt', '/assets/..%2f..%2fchargedrill-console-secret.txt']) {
      const res = await rawGet(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body).not.toContain('secret');
    }
  });

  it('leaves /api, /control and /ocpp to the router', async () => {
    for (const path of ['/api/stations', '/control/faults', '/api', '/ocpp/S1-CP1']) {
      expect([path, await (await fetch(`${base}${path}`)).json()]).toEqual([path, { api: true }]);
    }
    expect([isApiPath('/apis'), isApiPath('/controller'), isApiPath('/api/x'), isApiPath('/control')]).toEqual([false, false, true, true]);
  });

  it('refuses writes with 405 and Allow', async () => {
    const res = await fetch(`${base}/`, { method: 'POST' });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('says how to build it when the folder is missing', async () => {
    const missing = await listen(join(dir, 'not-built'));
    try {
      const res = await fetch(`${missing.base}/stations/S1-CP1`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^The console is not built: .*not-built\/index\.html is missing\. Run "npm run build"/);
    } finally {
      await new Promise<void>((r) => missing.server.close(() => r()));
    }
    expect(errors).toEqual([]);
  });

  it('finds dist/console from source and from the compiled module', () => {
    expect(defaultConsoleDir('file:///repo/harness/csms/console-static.ts')).toBe('/repo/dist/console');
    expect(defaultConsoleDir('file:///repo/dist/harness/csms/console-static.js')).toBe('/repo/dist/console');
  });
});

/** The training session's token: required on API and control requests from other machines, nowhere else. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tokenGate } from '../../../harness/training/token-gate.js';

const TOKEN = 'secret-token-123';

function request(url: string, remoteAddress: string, authorization?: string) {
  const req = { url, socket: { remoteAddress }, headers: authorization === undefined ? {} : { authorization } } as unknown as IncomingMessage;
  const answer: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) {
      answer.status = status;
      answer.headers = headers;
    },
    end(body: string) {
      answer.body = body;
    },
  } as unknown as ServerResponse;
  return { passed: tokenGate(TOKEN)(req, res), answer };
}

describe('tokenGate', () => {
  it('refuses an API or control request from another machine without the token, with 401 and WWW-Authenticate', () => {
    for (const url of ['/api/drills', '/control/faults', '/api/stations/S1-CP1/commands/Reset?x=1']) {
      const { passed, answer } = request(url, '10.1.2.3');
      expect(passed).toBe(false);
      expect(answer.status).toBe(401);
      expect(answer.headers?.['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(answer.body as string).error).toMatch(/^missing or wrong access token/);
    }
    expect(request('/api/drills', '10.1.2.3', 'Bearer wrong-token-000').passed).toBe(false);
  });

  it('lets the right Bearer token through from anywhere, loopback callers without one, and the console files always', () => {
    expect(request('/api/drills', '10.1.2.3', `Bearer ${TOKEN}`).passed).toBe(true);
    expect(request('/api/drills', '127.0.0.1').passed).toBe(true);
    expect(request('/control/faults', '::ffff:127.0.0.1').passed).toBe(true);
    expect(request('/control/faults', '::1').passed).toBe(true);
    expect(request('/', '10.1.2.3').passed).toBe(true);
    expect(request('/assets/index.js', '10.1.2.3').passed).toBe(true);
  });
});

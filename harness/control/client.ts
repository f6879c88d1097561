/**
 * A client of a fleet's control API (docs/control-api.md) for the CLI and CI: every outcome is a value, with
 * the API's problems kept as data, and an unreachable API answered within seconds naming the URL and cause.
 */
import type { Problem } from '../../simulator/problems.js';

export type ControlOutcome =
  | { ok: true; status: number; body: unknown }
  /** `status` 0: no answer (unreachable, timed out). */
  | { ok: false; status: number; error: string; problems: Problem[] };

export interface ControlClientOptions {
  url: string;
  token?: string;
  /** Real ms to wait for an answer. Default 4 s. */
  timeoutMs?: number;
}

export const CONTROL_CLIENT_TIMEOUT_MS = 4_000;

export async function controlRequest(options: ControlClientOptions, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ControlOutcome> {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? CONTROL_CLIENT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: 0, error: `cannot reach the control API at ${base}: ${causeOf(error, timeoutMs)}`, problems: [] };
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    return { ok: false, status: response.status, error: `${base}${path} answered ${response.status} with no JSON: is this a fleet's control URL?`, problems: [] };
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed };
  const answer = (parsed ?? {}) as { error?: unknown; problems?: unknown };
  const error = typeof answer.error === 'string' ? answer.error : `answered ${response.status}`;
  // The CSMS's API answers "no route for /control/…": the URL is the CSMS's, not a fleet's.
  const hint = response.status === 404 && error.startsWith('no route for /control') ? ` (${base} is not a fleet's control API: start one with chargedrill fleet --control-port N)` : '';
  return { ok: false, status: response.status, error: `${error}${hint}`, problems: Array.isArray(answer.problems) ? (answer.problems as Problem[]) : [] };
}

/** `/params/count: -1 is not allowed (allowed: a whole number >= 1)`: one line per problem. */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.path === '' ? '(body)' : p.path}: ${p.message}${p.allowed && p.allowed.length > 0 ? ` (allowed: ${p.allowed.join(', ')})` : ''}`);
}

function causeOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1_000}s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.message) return cause.message;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

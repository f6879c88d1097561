/** What `chargedrill fault` and `chargedrill station` share: where the control API is, and how its answers are printed. */
import { UsageError } from '../usage.js';

export const CONTROL_URL_ENV = 'CHARGEDRILL_CONTROL_URL';
export const CONTROL_TOKEN_ENV = 'CHARGEDRILL_CONTROL_TOKEN';

export const controlClientFlags = {
  'control-url': { type: 'string', describe: `the fleet's control API, http://127.0.0.1:PORT as chargedrill fleet --control-port printed it [default: $${CONTROL_URL_ENV}]` },
  'control-token': { type: 'string', describe: `access token of the control API [default: $${CONTROL_TOKEN_ENV}]` },
  'json': { type: 'boolean', default: false, describe: 'print the API\'s JSON answer' },
} as const;

export function controlTarget(argv: Record<string, unknown>): { url: string; token?: string } {
  const raw = argv['control-url'] ?? process.env[CONTROL_URL_ENV];
  if (raw === undefined || raw === '') throw new UsageError(`--control-url is required (or set ${CONTROL_URL_ENV}): the URL chargedrill fleet --control-port printed`);
  let url: URL | undefined;
  try {
    url = new URL(String(raw));
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--control-url must be an http:// URL such as http://127.0.0.1:9100, got ${JSON.stringify(raw)}`);
  }
  const token = argv['control-token'] ?? process.env[CONTROL_TOKEN_ENV];
  return { url: String(raw), ...(typeof token === 'string' && token !== '' && { token }) };
}

/** Runs one request and prints its answer: `render` on success; on failure one line per error and exit 2 (bad input) or 1. */
export async function runControl(argv: Record<string, unknown>, method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, render: (body: unknown) => string): Promise<void> {
  const target = controlTarget(argv);
  const { controlRequest, problemLines } = await import('../../control/client.js');
  const outcome = await controlRequest(target, method, path, body);
  if (outcome.ok) {
    process.stdout.write(`${argv.json === true ? JSON.stringify(outcome.body, null, 2) : render(outcome.body)}\n`);
    return;
  }
  const lines = outcome.problems.length > 0 ? [`chargedrill: ${outcome.error}`, ...problemLines(outcome.problems).map((line) => `  ${line}`)] : [`chargedrill: ${outcome.error}`];
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exitCode = outcome.status === 400 ? 2 : 1;
}

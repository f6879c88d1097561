/**
 * Manual actions: OCTT asks the operator to "request the CSMS to reset the station". Here an adapter does it:
 * the bundled CSMS's HTTP API, an adapter file of HTTP request templates, or a person at a prompt.
 * `perform` never throws: it says whether the request was made, so a case can tell "the CSMS never sent the
 * command" (FAIL) from "the command could not even be requested" (INCONCLUSIVE).
 */
import { createInterface } from 'node:readline';
import type { JsonObject } from '../../simulator/protocol/frames.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { AdapterFile } from './input-files.js';

export interface ManualRequest {
  stationId: string;
  protocol: OcppProtocol;
  /** The OCPP action the CSMS is expected to send. */
  action: string;
  /** The request the CSMS is expected to send (what the bundled API posts; the variables of a template). */
  payload: JsonObject;
  /** The instruction for a person, as OCTT words it. */
  instruction: string;
}

export type ManualOutcome = { done: true } | { done: false; reason: string };

export interface ManualAdapter {
  readonly name: string;
  perform(request: ManualRequest): Promise<ManualOutcome>;
}

/** The bundled CSMS: POST /api/stations/:id/commands/:action with the payload as body. */
export function bundledAdapter(apiUrl: string): ManualAdapter {
  const base = apiUrl.replace(/\/+$/, '');
  return {
    name: 'bundled',
    async perform(request) {
      const url = `${base}/api/stations/${encodeURIComponent(request.stationId)}/commands/${encodeURIComponent(request.action)}`;
      return httpRequest('POST', url, { 'content-type': 'application/json' }, JSON.stringify(request.payload));
    },
  };
}

/**
 * Variables of a template: stationId, protocol, action, payload (the whole request), every field of the payload by
 * its dotted path (type, evseId, idToken.idToken, …), and env.NAME for environment variables (URLs, API tokens).
 */
export function templateVariables(request: ManualRequest, env: NodeJS.ProcessEnv = process.env): Map<string, unknown> {
  const vars = new Map<string, unknown>([
    ['stationId', request.stationId],
    ['protocol', request.protocol],
    ['action', request.action],
    ['payload', request.payload],
  ]);
  const walk = (value: unknown, path: string): void => {
    if (path !== '') vars.set(path, value);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(request.payload, '');
  for (const [name, value] of Object.entries(env)) if (value !== undefined) vars.set(`env.${name}`, value);
  return vars;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** Fills `{{name}}` in strings; a string that is exactly one placeholder takes the variable's value as it is. */
export function fillTemplate(value: unknown, vars: Map<string, unknown>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/.exec(value);
    if (whole) {
      if (!vars.has(whole[1]!)) missing.add(whole[1]!);
      return vars.get(whole[1]!);
    }
    return value.replace(PLACEHOLDER, (_m, name: string) => {
      if (!vars.has(name)) missing.add(name);
      const v = vars.get(name);
      return typeof v === 'object' ? JSON.stringify(v) : String(v ?? '');
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars, missing));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars, missing)]));
  }
  return value;
}

export function fileAdapter(file: AdapterFile): ManualAdapter {
  return {
    name: 'file',
    async perform(request) {
      const template = file.actions[request.action];
      if (!template) return { done: false, reason: `the adapter file has no template for ${request.action} (it has ${Object.keys(file.actions).join(', ')})` };
      const vars = templateVariables(request);
      const missing = new Set<string>();
      const url = fillTemplate(template.url, vars, missing) as string;
      const body = template.body === undefined ? undefined : fillTemplate(template.body, vars, missing);
      if (missing.size > 0) return { done: false, reason: `the ${request.action} template uses ${[...missing].map((m) => `{{${m}}}`).join(', ')}, which this request does not have` };
      const headers = fillTemplate({ ...file.headers, ...template.headers }, vars, missing) as Record<string, string>;
      if (missing.size > 0) return { done: false, reason: `the ${request.action} headers use ${[...missing].map((m) => `{{${m}}}`).join(', ')}, which are not set` };
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      return httpRequest(template.method, url, headers, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
    },
  };
}

/** A person does it: the instruction is printed and Enter confirms; after `timeoutMs` the case goes on anyway. */
export function promptAdapter(timeoutMs: number, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): ManualAdapter {
  return {
    name: 'prompt',
    perform(request) {
      return new Promise((resolve) => {
        const rl = createInterface({ input, output, terminal: false });
        output.write(`\n>>> Manual action (${request.stationId}): ${request.instruction}\n    Expected: the CSMS sends ${request.action} ${JSON.stringify(request.payload)}\n    Press Enter when done (${Math.round(timeoutMs / 1000)} s) `);
        const timer = setTimeout(() => {
          rl.close();
          resolve({ done: false, reason: `no confirmation within ${Math.round(timeoutMs / 1000)} s` });
        }, timeoutMs);
        rl.once('line', () => {
          clearTimeout(timer);
          rl.close();
          resolve({ done: true });
        });
      });
    },
  };
}

async function httpRequest(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<ManualOutcome> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers, ...(body !== undefined && { body }) });
  } catch (error) {
    return { done: false, reason: `${method} ${url} failed: ${(error as Error).message}` };
  }
  const text = await response.text().catch(() => '');
  // A 5xx after the CSMS sent the command (e.g. it timed out waiting for the station) still means it was requested.
  if (response.status >= 400 && response.status < 500) return { done: false, reason: `${method} ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}` };
  return { done: true };
}

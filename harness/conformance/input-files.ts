/**
 * The two files a conformance run may read: the declared-features file (what the CSMS supports, and the tokens
 * it knows) and the adapter file (HTTP request templates per manual action). A problem is reported as
 * `file:line:col: path: message (allowed: …)` and the CLI exits 2.
 */
import { readFileSync } from 'node:fs';
import { formatProblem, type ScenarioProblem } from '../runner/scenario/problems.js';
import { readYaml, type YamlSource } from '../runner/scenario/yaml-source.js';
import { SECURITY_PROFILES, type SecurityProfile } from '../../simulator/security/credentials.js';
import { FEATURES, type Feature } from './types.js';

export class ConformanceInputError extends Error {
  override readonly name = 'ConformanceInputError';
}

/** Tokens the CSMS under test is configured with; a case presents them and expects the matching status. */
export interface TokenSet {
  valid: string;
  invalid: string;
  blocked: string;
  expired: string;
}

export const DEFAULT_TOKENS: TokenSet = { valid: 'CDVALID01', invalid: 'CDINVALID01', blocked: 'CDBLOCKED01', expired: 'CDEXPIRED01' };

export interface DeclaredFeatures {
  features: ReadonlySet<Feature>;
  tokens: TokenSet;
  /** Security profiles the CSMS supports (features file `security: [1, 2, 3]`); a security case of another is NOT APPLICABLE. */
  securityProfiles: ReadonlySet<SecurityProfile>;
}

/** Without a features file only Core is declared. */
export const CORE_ONLY: DeclaredFeatures = { features: new Set<Feature>(['Core']), tokens: DEFAULT_TOKENS, securityProfiles: new Set() };

const FEATURES_FILE_KEYS = ['features', 'idTokens', 'security'];
/** Security is declared by its profiles, not by name. */
const LISTED_FEATURES = FEATURES.filter((f) => f !== 'Security');

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RequestTemplate {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface AdapterFile {
  /** Sent with every request; a template's own headers win. */
  headers: Record<string, string>;
  /** OCPP action the CSMS is to send (Reset, RequestStartTransaction, …) → the request that makes it do so. */
  actions: Record<string, RequestTemplate>;
}

function load(file: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConformanceInputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = readYaml(text, file);
  if (!result.ok) throw new ConformanceInputError(result.problems.map(formatProblem).join('\n'));
  return result.source;
}

function fail(source: YamlSource, pointer: string, message: string, allowed?: readonly string[], key?: string): never {
  const problem: ScenarioProblem = { file: source.file, ...source.positionOf(pointer, key), path: pointer, message, ...(allowed && { allowed: [...allowed] }) };
  throw new ConformanceInputError(formatProblem(problem));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 *   features: [Core, LocalAuthListManagement, Reservation]
 *   idTokens: { valid: ..., invalid: ..., blocked: ..., expired: ... }   # optional, each optional
 */
export function loadFeaturesFile(file: string): DeclaredFeatures {
  const source = load(file);
  const data = source.data;
  if (!isRecord(data)) fail(source, '', 'must be a map with the keys features, idTokens and security', FEATURES_FILE_KEYS);
  for (const key of Object.keys(data)) {
    if (!FEATURES_FILE_KEYS.includes(key)) fail(source, '', `unknown key ${JSON.stringify(key)}`, FEATURES_FILE_KEYS, key);
  }
  const list = data['features'];
  if (!Array.isArray(list)) fail(source, '/features', 'must be a list of features', LISTED_FEATURES);
  const features = new Set<Feature>(['Core']);
  list.forEach((value, i) => {
    if (value === 'Security') fail(source, `/features/${i}`, 'declare the security profiles the CSMS supports instead, e.g. security: [1, 2, 3]');
    if (!(LISTED_FEATURES as readonly unknown[]).includes(value)) fail(source, `/features/${i}`, `unknown feature ${JSON.stringify(value)}`, LISTED_FEATURES);
    features.add(value as Feature);
  });
  const securityProfiles = readSecurityProfiles(source, data['security']);
  if (securityProfiles.size > 0) features.add('Security');
  const tokens = { ...DEFAULT_TOKENS };
  const given = data['idTokens'];
  if (given !== undefined) {
    if (!isRecord(given)) fail(source, '/idTokens', 'must be a map of token kinds to token values', Object.keys(DEFAULT_TOKENS));
    for (const [kind, value] of Object.entries(given)) {
      if (!(kind in DEFAULT_TOKENS)) fail(source, '/idTokens', `unknown token kind ${JSON.stringify(kind)}`, Object.keys(DEFAULT_TOKENS), kind);
      if (typeof value !== 'string' || value.length === 0 || value.length > 20) {
        fail(source, `/idTokens/${kind}`, 'must be a token of 1 to 20 characters (it is sent as a 1.6 idTag too)');
      }
      tokens[kind as keyof TokenSet] = value;
    }
  }
  return { features, tokens, securityProfiles };
}

function readSecurityProfiles(source: YamlSource, value: unknown): Set<SecurityProfile> {
  const profiles = new Set<SecurityProfile>();
  if (value === undefined) return profiles;
  const allowed = SECURITY_PROFILES.filter((p) => p > 0).map(String);
  if (!Array.isArray(value)) fail(source, '/security', 'must be a list of the security profiles the CSMS supports', allowed);
  value.forEach((p, i) => {
    if (!(SECURITY_PROFILES as readonly unknown[]).includes(p) || p === 0) fail(source, `/security/${i}`, `unknown security profile ${JSON.stringify(p)}`, allowed);
    profiles.add(p as SecurityProfile);
  });
  return profiles;
}

/**
 *   headers: { Authorization: "Bearer …" }          # optional
 *   actions:
 *     Reset:
 *       method: POST
 *       url: "https://csms.example/api/chargers/{{stationId}}/reset"
 *       headers: { … }                                # optional
 *       body: { kind: "{{type}}" }                    # optional; any JSON/YAML value with {{placeholders}}
 */
export function loadAdapterFile(file: string): AdapterFile {
  const source = load(file);
  const data = source.data;
  if (!isRecord(data)) fail(source, '', 'must be a map with the keys headers and actions', ['headers', 'actions']);
  for (const key of Object.keys(data)) {
    if (key !== 'headers' && key !== 'actions') fail(source, '', `unknown key ${JSON.stringify(key)}`, ['headers', 'actions'], key);
  }
  const headers = readHeaders(source, '/headers', data['headers']);
  const actions = data['actions'];
  if (!isRecord(actions) || Object.keys(actions).length === 0) fail(source, '/actions', 'must map at least one OCPP action to a request template');
  const templates: Record<string, RequestTemplate> = {};
  for (const [action, raw] of Object.entries(actions)) {
    const at = `/actions/${action}`;
    if (!isRecord(raw)) fail(source, at, 'must be a map with method, url and optionally headers and body', ['method', 'url', 'headers', 'body']);
    for (const key of Object.keys(raw)) {
      if (!['method', 'url', 'headers', 'body'].includes(key)) fail(source, at, `unknown key ${JSON.stringify(key)}`, ['method', 'url', 'headers', 'body'], key);
    }
    const method = raw['method'];
    if (!(HTTP_METHODS as readonly unknown[]).includes(method)) fail(source, `${at}/method`, `unknown method ${JSON.stringify(method)}`, HTTP_METHODS);
    const url = raw['url'];
    if (typeof url !== 'string' || !/^(https?:\/\/|\{\{)/.test(url)) fail(source, `${at}/url`, 'must be an http:// or https:// URL, or start with a placeholder such as {{env.CSMS_API}}');
    templates[action] = {
      method: method as HttpMethod,
      url,
      headers: readHeaders(source, `${at}/headers`, raw['headers']),
      ...(raw['body'] !== undefined && { body: raw['body'] }),
    };
  }
  return { headers, actions: templates };
}

function readHeaders(source: YamlSource, pointer: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) fail(source, pointer, 'must be a map of header names to strings');
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(source, `${pointer}/${name}`, 'must be a string');
  }
  return value as Record<string, string>;
}

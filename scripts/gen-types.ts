/**
 * Generates simulator/protocol/generated/ocpp16.ts and ocpp201.ts from the official OCPP JSON schemas
 * bundled in ocpp-rpc (see simulator/protocol/schemas.ts).
 *
 *   npx tsx scripts/gen-types.ts          write the files (only those that changed)
 *   npx tsx scripts/gen-types.ts --check  exit 1 if the committed files differ from a fresh generation
 *
 * Output is deterministic: actions are sorted, shared definitions are merged by name, and
 * json-schema-to-typescript formats with a fixed prettier style (it ignores any project config).
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import {
  SCHEMA_FILES,
  loadSchemas,
  parseSchemaId,
  schemaPackageVersion,
  type MessageSchema,
} from '../simulator/protocol/schemas.js';
import type { OcppProtocol } from '../simulator/protocol/versions.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Target {
  protocol: OcppProtocol;
  /** Prefix of the generated map types (`Ocpp16Requests`) and constant (`OCPP16_ACTIONS`). */
  prefix: string;
  /** Output path relative to the repository root, with `/` separators. */
  file: string;
}

const TARGETS: readonly Target[] = [
  { protocol: 'ocpp1.6', prefix: 'Ocpp16', file: 'simulator/protocol/generated/ocpp16.ts' },
  { protocol: 'ocpp2.0.1', prefix: 'Ocpp201', file: 'simulator/protocol/generated/ocpp201.ts' },
];

export interface GeneratedFile {
  /** Relative to the repository root. */
  file: string;
  text: string;
}

/** Generates every target in memory. */
export async function generateTypes(): Promise<GeneratedFile[]> {
  const version = schemaPackageVersion();
  return Promise.all(TARGETS.map(async (target) => ({ file: target.file, text: await generateTarget(target, version) })));
}

/** Files under `root` that are missing or differ from a fresh generation (empty when all are current). */
export async function findStaleFiles(root: string = REPO_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const { file, text } of await generateTypes()) {
    const current = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (current !== text) stale.push(file);
  }
  return stale;
}

/** Writes the generated files under `root`, leaving unchanged ones untouched; returns those written. */
export async function writeTypes(root: string = REPO_ROOT): Promise<string[]> {
  const written: string[] = [];
  for (const { file, text } of await generateTypes()) {
    const path = join(root, file);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === text) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    written.push(file);
  }
  return written;
}

async function generateTarget(target: Target, version: string): Promise<string> {
  const { actions, schema } = combine(target);
  const source = SCHEMA_FILES[target.protocol];
  const banner = [
    '/**',
    ` * OCPP ${target.protocol.slice(4)} message types, generated from ocpp-rpc@${version} lib/schemas/${source}`,
    ' * (the official OCPP JSON schemas) by scripts/gen-types.ts.',
    ' * DO NOT EDIT: run `npm run gen:types`; `npx tsx scripts/gen-types.ts --check` fails when this file is stale.',
    ' */',
  ].join('\n');
  const types = await compile(schema, `${target.prefix}Messages`, {
    bannerComment: banner,
    // Tuple unions for minItems/maxItems are unusable when building payloads; the validator enforces counts.
    ignoreMinAndMaxItems: true,
    style: { bracketSpacing: true, printWidth: 120, singleQuote: true, trailingComma: 'all' },
  });
  const constName = `${target.prefix.toUpperCase()}_ACTIONS`;
  const tail = [
    '',
    `/** Every action with a schema in ${source}, sorted. */`,
    `export type ${target.prefix}Action = keyof ${target.prefix}Requests;`,
    '',
    `export const ${constName} = [`,
    ...actions.map((action) => `  '${action}',`),
    `] as const satisfies readonly ${target.prefix}Action[];`,
    '',
  ].join('\n');
  return types + tail;
}

/**
 * Builds one schema for a whole protocol version: each message becomes a definition named
 * `<Action>Request` / `<Action>Response`, the definitions the messages share (IdTokenType, ...)
 * are hoisted once, and the root references the two maps from action name to message type.
 */
function combine(target: Target): { actions: string[]; schema: JSONSchema } {
  const shared = new Map<string, Record<string, unknown>>();
  const sharedDescriptionVaries = new Set<string>();
  const messages: Record<string, unknown> = {};
  const requests: Record<string, unknown> = {};
  const responses: Record<string, unknown> = {};

  const schemas = loadSchemas(target.protocol)
    .map((schema) => ({ schema, id: idOf(schema) }))
    .sort((a, b) => compareText(a.id.action, b.id.action) || KIND_ORDER[a.id.kind] - KIND_ORDER[b.id.kind]);

  for (const { schema, id } of schemas) {
    const { $id: _id, $schema: _draft, definitions, ...body } = structuredClone(schema) as MessageSchema;
    for (const [name, definition] of Object.entries(definitions ?? {})) {
      const def = normalizeDescriptions(definition) as Record<string, unknown>;
      const seen = shared.get(name);
      if (seen === undefined) {
        shared.set(name, def);
      } else if (withoutDescriptions(seen) !== withoutDescriptions(def)) {
        throw new Error(`${SCHEMA_FILES[target.protocol]}: definition ${name} differs between messages`);
      } else if (seen['description'] !== def['description']) {
        sharedDescriptionVaries.add(name);
      }
    }
    const typeName = `${id.action}${id.kind === 'req' ? 'Request' : 'Response'}`;
    messages[typeName] = normalizeDescriptions(body);
    (id.kind === 'req' ? requests : responses)[id.action] = { $ref: `#/definitions/${typeName}` };
  }
  // Such a description documents one use of the type (why this message carries it), not the type itself.
  for (const name of sharedDescriptionVaries) delete shared.get(name)?.['description'];

  const actions = Object.keys(requests);
  if (actions.join() !== Object.keys(responses).join()) {
    throw new Error(`${SCHEMA_FILES[target.protocol]}: some actions lack a .req or a .conf schema`);
  }
  for (const name of shared.keys()) {
    if (name in messages) throw new Error(`${SCHEMA_FILES[target.protocol]}: definition ${name} clashes with a message`);
  }
  const map = (description: string, properties: Record<string, unknown>) => ({
    description,
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  });
  const schema = {
    description: `Every ${target.protocol} message type, by direction and action.`,
    type: 'object',
    additionalProperties: false,
    required: ['requests', 'responses'],
    properties: {
      requests: { $ref: `#/definitions/${target.prefix}Requests` },
      responses: { $ref: `#/definitions/${target.prefix}Responses` },
    },
    definitions: {
      ...Object.fromEntries([...shared].sort(([a], [b]) => compareText(a, b))),
      ...messages,
      [`${target.prefix}Requests`]: map('Request payload type (CALL) of every action.', requests),
      [`${target.prefix}Responses`]: map('Response payload type (CALLRESULT) of every action.', responses),
    },
  };
  return { actions, schema: schema as JSONSchema };
}

const KIND_ORDER = { req: 0, conf: 1 } as const;

function idOf(schema: MessageSchema): { action: string; kind: 'req' | 'conf' } {
  const id = parseSchemaId(schema.$id);
  if (id === undefined) throw new Error(`unexpected schema id ${schema.$id}`);
  return id;
}

/** Locale-independent order, so the output does not depend on the machine that generates it. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The schemas use CRLF and trailing blank lines in descriptions; those would become noise in JSDoc. */
function normalizeDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeDescriptions);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === 'description' && typeof child === 'string'
        ? child
            .replace(/\r\n?/g, '\n')
            .split('\n')
            .map((line) => line.trimEnd())
            .join('\n')
            .trim()
        : normalizeDescriptions(child);
  }
  return out;
}

/** JSON with sorted keys and no descriptions, for comparing definitions by meaning. */
function withoutDescriptions(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort(compareText)
        .filter((key) => key !== 'description')
        .map((key) => [key, strip((v as Record<string, unknown>)[key])]),
    );
  };
  return JSON.stringify(strip(value));
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`gen-types: unknown argument ${unknown.join(' ')}; usage: gen-types.ts [--check]`);
    return 2;
  }
  const started = performance.now();
  if (args.includes('--check')) {
    const stale = await findStaleFiles();
    if (stale.length > 0) {
      console.error(
        `gen-types: ${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} out of date with ocpp-rpc@${schemaPackageVersion()}'s schemas.\n` +
          'Run `npm run gen:types` and commit the result.',
      );
      return 1;
    }
    console.log(`gen-types: generated types are up to date (${Math.round(performance.now() - started)} ms)`);
    return 0;
  }
  const written = await writeTypes();
  const summary = written.length === 0 ? 'nothing changed' : `wrote ${written.join(', ')}`;
  console.log(`gen-types: ${summary} (${Math.round(performance.now() - started)} ms)`);
  return 0;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('gen-types failed:', error);
      process.exitCode = 1;
    },
  );
}

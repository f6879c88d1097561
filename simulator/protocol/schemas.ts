/**
 * The one source of OCPP message schemas: the official JSON schemas bundled in ocpp-rpc.
 * The validator compiles them and scripts/gen-types.ts generates the TypeScript types from them,
 * so both always describe the same messages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OcppProtocol } from './versions.js';

/** Request (`.req`) or response (`.conf`) payload, named as in the schema ids `urn:<Action>.req|conf`. */
export type PayloadKind = 'req' | 'conf';

/** One message schema as shipped: draft-07, self-contained (`$ref`s point into its own `definitions`). */
export interface MessageSchema {
  $id: string;
  $schema?: string;
  definitions?: Record<string, unknown>;
  [keyword: string]: unknown;
}

export const SCHEMA_FILES: Readonly<Record<OcppProtocol, string>> = {
  'ocpp1.6': 'ocpp1_6.json',
  'ocpp2.0.1': 'ocpp2_0_1.json',
};

const require = createRequire(import.meta.url);

/** Absolute path of the schema file for `protocol`. */
export function schemaPath(protocol: OcppProtocol): string {
  return require.resolve(`ocpp-rpc/lib/schemas/${SCHEMA_FILES[protocol]}`);
}

/** Version of the installed ocpp-rpc, named in generated files so a stale copy is easy to spot. */
export function schemaPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('ocpp-rpc/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const loaded = new Map<OcppProtocol, readonly MessageSchema[]>();

/** All message schemas of `protocol`, read once per process (the 2.0.1 file is 0.5 MB). */
export function loadSchemas(protocol: OcppProtocol): readonly MessageSchema[] {
  let schemas = loaded.get(protocol);
  if (schemas === undefined) {
    schemas = JSON.parse(readFileSync(schemaPath(protocol), 'utf8')) as MessageSchema[];
    loaded.set(protocol, schemas);
  }
  return schemas;
}

/** Reads `urn:BootNotification.req` as action and kind; `undefined` for any other id. */
export function parseSchemaId(id: string): { action: string; kind: PayloadKind } | undefined {
  const match = /^urn:([A-Za-z0-9]+)\.(req|conf)$/.exec(id);
  if (match === null) return undefined;
  return { action: match[1] as string, kind: match[2] as PayloadKind };
}

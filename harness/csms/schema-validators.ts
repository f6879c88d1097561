/**
 * ocpp-rpc's own strict-mode validators (the official 1.6 / 2.0.1 schemas, compiled once per
 * process and shared with every connection), for checking a command before it is queued.
 */
import { createRequire } from 'node:module';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';

interface SchemaValidator {
  readonly subprotocol: string;
  /** Throws an RPC error (rpcErrorCode, message naming the violation) when `params` is invalid. */
  validate(schemaId: string, params: unknown): unknown;
}

// A deep CommonJS path: the package exports these only through its strict mode, not its index.
const validators = createRequire(import.meta.url)('ocpp-rpc/lib/standard-validators.js') as readonly SchemaValidator[];

export function validateRequest(protocol: OcppProtocol, action: string, payload: unknown): void {
  const validator = validators.find((v) => v.subprotocol === protocol);
  if (!validator) throw new Error(`no schema validator for ${protocol}`);
  validator.validate(`urn:${action}.req`, payload);
}

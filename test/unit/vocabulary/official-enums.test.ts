/** Each vocabulary list must equal the enum of the official OCPP JSON schema it restates, so none can drift. */
import { describe, expect, it } from 'vitest';
import { loadSchemas, type MessageSchema } from '../../../simulator/protocol/schemas.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { CHARGE_POINT_STATUSES, CONNECTOR_STATUSES_201 } from '../../../simulator/vocabulary/connector-status.js';
import { CHARGE_POINT_ERROR_CODES, FAULT_ERROR_CODES, SAFETY_ERROR_CODES, SAFETY_STOPPED_REASONS } from '../../../simulator/vocabulary/error-codes.js';
import { STOP_REASONS_16, STOPPED_REASONS_201 } from '../../../simulator/vocabulary/stop-reasons.js';

function schema(protocol: OcppProtocol, id: string): MessageSchema {
  const found = loadSchemas(protocol).find((s) => s.$id === id);
  if (found === undefined) throw new Error(`no schema ${id} for ${protocol}`);
  return found;
}

function enumOf(node: unknown, path: readonly string[]): unknown {
  const value = path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], node);
  return (value as { enum?: unknown } | undefined)?.enum;
}

describe('vocabulary lists equal the official schema enums', () => {
  it('1.6 ChargePointStatus', () => {
    expect([...CHARGE_POINT_STATUSES]).toEqual(enumOf(schema('ocpp1.6', 'urn:StatusNotification.req'), ['properties', 'status']));
  });
  it('1.6 ChargePointErrorCode', () => {
    expect([...CHARGE_POINT_ERROR_CODES]).toEqual(enumOf(schema('ocpp1.6', 'urn:StatusNotification.req'), ['properties', 'errorCode']));
  });
  it('1.6 Reason', () => {
    expect([...STOP_REASONS_16]).toEqual(enumOf(schema('ocpp1.6', 'urn:StopTransaction.req'), ['properties', 'reason']));
  });
  it('2.0.1 ConnectorStatusEnumType', () => {
    expect([...CONNECTOR_STATUSES_201]).toEqual(enumOf(schema('ocpp2.0.1', 'urn:StatusNotification.req'), ['definitions', 'ConnectorStatusEnumType']));
  });
  it('2.0.1 ReasonEnumType', () => {
    expect([...STOPPED_REASONS_201]).toEqual(enumOf(schema('ocpp2.0.1', 'urn:TransactionEvent.req'), ['definitions', 'ReasonEnumType']));
  });
});

describe('derived error-code facts', () => {
  it('fault codes are every code but NoError', () => {
    expect(FAULT_ERROR_CODES).toEqual(CHARGE_POINT_ERROR_CODES.filter((code) => code !== 'NoError'));
    expect(FAULT_ERROR_CODES).not.toContain('NoError');
  });
  it('safety codes and safety stopped reasons are official codes', () => {
    for (const code of SAFETY_ERROR_CODES) expect(CHARGE_POINT_ERROR_CODES).toContain(code);
    for (const [reason, code] of Object.entries(SAFETY_STOPPED_REASONS)) {
      expect(STOPPED_REASONS_201).toContain(reason);
      expect(SAFETY_ERROR_CODES.has(code)).toBe(true);
    }
  });
});

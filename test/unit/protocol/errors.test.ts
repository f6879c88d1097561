import { describe, expect, it } from 'vitest';
import {
  GENERIC_CODES,
  OCPP16_CODES,
  genericCode,
  isWireCode,
  wireCode,
} from '../../../simulator/protocol/errors.js';

describe('wireCode', () => {
  it('spells the two renamed codes the 1.6 way for a 1.6 peer', () => {
    expect(wireCode('ocpp1.6', 'FormatViolation')).toBe('FormationViolation');
    expect(wireCode('ocpp1.6', 'OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
  });

  it('turns the codes 1.6 lacks into FormationViolation for a 1.6 peer', () => {
    expect(wireCode('ocpp1.6', 'MessageTypeNotSupported')).toBe('FormationViolation');
    expect(wireCode('ocpp1.6', 'RpcFrameworkError')).toBe('FormationViolation');
  });

  it('sends a 1.6 peer only codes that 1.6 defines', () => {
    for (const code of GENERIC_CODES) expect(isWireCode('ocpp1.6', wireCode('ocpp1.6', code))).toBe(true);
  });

  it('sends a 2.0.1 peer every code unchanged', () => {
    for (const code of GENERIC_CODES) expect(wireCode('ocpp2.0.1', code)).toBe(code);
  });
});

describe('genericCode', () => {
  it('reads the 1.6 spellings back into the generic ones', () => {
    expect(genericCode('FormationViolation')).toBe('FormatViolation');
    expect(genericCode('OccurenceConstraintViolation')).toBe('OccurrenceConstraintViolation');
  });

  it('keeps every generic code as it is', () => {
    for (const code of GENERIC_CODES) expect(genericCode(code)).toBe(code);
  });

  it('reads every 1.6 code as a generic code', () => {
    for (const code of OCPP16_CODES) expect(GENERIC_CODES).toContain(genericCode(code));
  });

  it('reads an unknown code as GenericError', () => {
    expect(genericCode('Teapot')).toBe('GenericError');
    expect(genericCode('')).toBe('GenericError');
  });
});

describe('isWireCode', () => {
  it('accepts the 1.6 spellings only from a 1.6 peer', () => {
    expect(isWireCode('ocpp1.6', 'OccurenceConstraintViolation')).toBe(true);
    expect(isWireCode('ocpp2.0.1', 'OccurenceConstraintViolation')).toBe(false);
    expect(isWireCode('ocpp1.6', 'FormationViolation')).toBe(true);
    expect(isWireCode('ocpp2.0.1', 'FormationViolation')).toBe(false);
  });

  it('refuses the 2.0.1 spellings from a 1.6 peer, as ocpp-rpc 2.x wrongly sends them', () => {
    expect(isWireCode('ocpp1.6', 'OccurrenceConstraintViolation')).toBe(false);
    expect(isWireCode('ocpp1.6', 'FormatViolation')).toBe(false);
    expect(isWireCode('ocpp2.0.1', 'OccurrenceConstraintViolation')).toBe(true);
    expect(isWireCode('ocpp2.0.1', 'FormatViolation')).toBe(true);
  });

  it('refuses the codes 1.6 lacks from a 1.6 peer', () => {
    expect(isWireCode('ocpp1.6', 'MessageTypeNotSupported')).toBe(false);
    expect(isWireCode('ocpp1.6', 'RpcFrameworkError')).toBe(false);
    expect(isWireCode('ocpp2.0.1', 'MessageTypeNotSupported')).toBe(true);
    expect(isWireCode('ocpp2.0.1', 'RpcFrameworkError')).toBe(true);
  });

  it('refuses unknown codes and the wrong case in either version', () => {
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      expect(isWireCode(protocol, 'Teapot')).toBe(false);
      expect(isWireCode(protocol, 'genericerror')).toBe(false);
    }
  });

  it('knows ten 1.6 codes and twelve 2.0.1 codes', () => {
    expect(OCPP16_CODES).toHaveLength(10);
    expect(GENERIC_CODES).toHaveLength(12);
  });
});

import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  compileAll,
  compiledValidator,
  hasAction,
  validatePayload,
} from '../../../simulator/protocol/validator.js';
import { loadSchemas, parseSchemaId } from '../../../simulator/protocol/schemas.js';
import { PROTOCOLS } from '../../../simulator/protocol/versions.js';

const boot16 = { chargePointVendor: 'ChargeDrill', chargePointModel: 'CD-1' };
const boot201 = { reason: 'PowerUp', chargingStation: { vendorName: 'ChargeDrill', model: 'CD-1' } };
const bootAccepted = { status: 'Accepted', interval: 300, currentTime: '2024-05-01T12:00:00Z' };
const status16 = { connectorId: 1, errorCode: 'NoError', status: 'Available' };

describe('validatePayload', () => {
  it('accepts a valid 1.6 BootNotification request and response', () => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'req', boot16)).toBeUndefined();
    expect(validatePayload('ocpp1.6', 'BootNotification', 'conf', bootAccepted)).toBeUndefined();
  });

  it('accepts a valid 2.0.1 BootNotification request and response', () => {
    expect(validatePayload('ocpp2.0.1', 'BootNotification', 'req', boot201)).toBeUndefined();
    expect(validatePayload('ocpp2.0.1', 'BootNotification', 'conf', bootAccepted)).toBeUndefined();
  });

  it('reports a missing required field as OccurrenceConstraintViolation naming the field', () => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'req', { chargePointVendor: 'ChargeDrill' })).toEqual({
      code: 'OccurrenceConstraintViolation',
      message: '/chargePointModel is required',
    });
  });

  it('names the full path of a missing nested field', () => {
    const payload = { reason: 'PowerUp', chargingStation: { model: 'CD-1' } };
    expect(validatePayload('ocpp2.0.1', 'BootNotification', 'req', payload)).toEqual({
      code: 'OccurrenceConstraintViolation',
      message: '/chargingStation/vendorName is required',
    });
  });

  it('reports a value of the wrong type as TypeConstraintViolation', () => {
    expect(validatePayload('ocpp1.6', 'StatusNotification', 'req', { ...status16, connectorId: '1' })).toEqual({
      code: 'TypeConstraintViolation',
      message: '/connectorId must be integer',
    });
  });

  it('reports a payload that is not an object as TypeConstraintViolation', () => {
    expect(validatePayload('ocpp2.0.1', 'Heartbeat', 'req', [])).toEqual({
      code: 'TypeConstraintViolation',
      message: 'payload must be object',
    });
  });

  it('reports a value outside the enum as PropertyConstraintViolation listing the allowed values', () => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'conf', { ...bootAccepted, status: 'Maybe' })).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/status must be one of Accepted, Pending, Rejected',
    });
  });

  it('cuts a long list of allowed values short', () => {
    const payload = {
      evseId: 1,
      meterValue: [{ timestamp: '2024-05-01T12:00:00Z', sampledValue: [{ value: 1, measurand: 'Sunshine' }] }],
    };
    const violation = validatePayload('ocpp2.0.1', 'MeterValues', 'req', payload);
    expect(violation?.code).toBe('PropertyConstraintViolation');
    expect(violation?.message).toMatch(/^\/meterValue\/0\/sampledValue\/0\/measurand must be one of Current\.Export, .*more\)$/);
  });

  it('reports a string over its maxLength as PropertyConstraintViolation', () => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'req', { ...boot16, chargePointVendor: 'x'.repeat(21) })).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/chargePointVendor must be at most 20 characters',
    });
  });

  it('accepts a string of exactly maxLength', () => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'req', { ...boot16, chargePointVendor: 'x'.repeat(20) })).toBeUndefined();
  });

  it('reports an unknown field as FormatViolation', () => {
    expect(validatePayload('ocpp1.6', 'StatusNotification', 'req', { ...status16, mood: 'happy' })).toEqual({
      code: 'FormatViolation',
      message: '/mood is not allowed',
    });
  });

  it('lets customData carry vendor fields, as 2.0.1 intends', () => {
    const payload = { ...boot201, customData: { vendorId: 'com.example', firmwareChannel: 'beta' } };
    expect(validatePayload('ocpp2.0.1', 'BootNotification', 'req', payload)).toBeUndefined();
  });

  it('reports an empty list where one item is required as OccurrenceConstraintViolation', () => {
    expect(validatePayload('ocpp2.0.1', 'MeterValues', 'req', { evseId: 1, meterValue: [] })).toEqual({
      code: 'OccurrenceConstraintViolation',
      message: '/meterValue must have at least 1 item',
    });
  });

  it('reports a number outside its range as PropertyConstraintViolation', () => {
    const request = (stateOfCharge: number) => ({
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'DC',
        dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 800, stateOfCharge },
      },
    });
    expect(validatePayload('ocpp2.0.1', 'NotifyEVChargingNeeds', 'req', request(100))).toBeUndefined();
    expect(validatePayload('ocpp2.0.1', 'NotifyEVChargingNeeds', 'req', request(101))).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/chargingNeeds/dcChargingParameters/stateOfCharge must be <= 100',
    });
    expect(validatePayload('ocpp2.0.1', 'NotifyEVChargingNeeds', 'req', request(-1))).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/chargingNeeds/dcChargingParameters/stateOfCharge must be >= 0',
    });
  });

  it.each(['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123+02:00', '2024-02-29T23:59:59-05:30', '2024-05-01t12:00:00z', '2024-12-31T23:59:60Z', '2000-02-29T00:00:00Z', '2024-01-31T00:00:00Z'])(
    'accepts the RFC 3339 date-time %s',
    (currentTime) => {
      expect(validatePayload('ocpp1.6', 'BootNotification', 'conf', { ...bootAccepted, currentTime })).toBeUndefined();
    },
  );

  it.each([
    '2024-05-01T12:00:00',
    '2024-05-01 12:00:00Z',
    '2023-02-29T12:00:00Z',
    '1900-02-29T12:00:00Z',
    '2024-04-31T12:00:00Z',
    '2024-13-01T12:00:00Z',
    '2024-05-32T12:00:00Z',
    '2024-05-01T24:00:00Z',
    '1714564800',
    'yesterday',
  ])('reports the date-time %s as TypeConstraintViolation', (currentTime) => {
    expect(validatePayload('ocpp1.6', 'BootNotification', 'conf', { ...bootAccepted, currentTime })).toEqual({
      code: 'TypeConstraintViolation',
      message: '/currentTime must be an RFC 3339 date-time with offset, like 2024-05-01T12:00:00Z',
    });
  });

  it('checks the uri format of 1.6 download locations', () => {
    const request = (location: string) => ({ location, retrieveDate: '2024-05-01T12:00:00Z' });
    expect(validatePayload('ocpp1.6', 'UpdateFirmware', 'req', request('https://fw.example.com/cd-1.bin'))).toBeUndefined();
    expect(validatePayload('ocpp1.6', 'UpdateFirmware', 'req', request('fw.example.com/cd-1.bin'))).toEqual({
      code: 'TypeConstraintViolation',
      message: '/location must be an absolute URI',
    });
  });

  it('accepts 1.6 limits that are multiples of 0.1 despite floating-point error, and refuses others', () => {
    const request = (limit: number) => ({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
      },
    });
    expect(validatePayload('ocpp1.6', 'SetChargingProfile', 'req', request(32.3))).toBeUndefined();
    expect(validatePayload('ocpp1.6', 'SetChargingProfile', 'req', request(32.35))).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit must be a multiple of 0.1',
    });
  });

  it('answers an unknown action with NotImplemented rather than passing it as valid', () => {
    for (const kind of ['req', 'conf'] as const) {
      expect(validatePayload('ocpp1.6', 'TransactionEvent', kind, {})).toEqual({
        code: 'NotImplemented',
        message: 'TransactionEvent is not an ocpp1.6 action',
      });
    }
    expect(validatePayload('ocpp2.0.1', 'StartTransaction', 'req', {})).toMatchObject({ code: 'NotImplemented' });
    expect(validatePayload('ocpp2.0.1', '__proto__', 'req', {})).toMatchObject({ code: 'NotImplemented' });
  });
});

describe('compiledValidator', () => {
  it('returns the same compiled function to every caller', () => {
    const first = compiledValidator('ocpp1.6', 'Heartbeat', 'req');
    expect(first).toBeTypeOf('function');
    validatePayload('ocpp1.6', 'Heartbeat', 'req', {});
    expect(compiledValidator('ocpp1.6', 'Heartbeat', 'req')).toBe(first);
  });

  it('keeps requests, responses and versions apart', () => {
    const request16 = compiledValidator('ocpp1.6', 'Heartbeat', 'req');
    expect(compiledValidator('ocpp1.6', 'Heartbeat', 'conf')).not.toBe(request16);
    expect(compiledValidator('ocpp2.0.1', 'Heartbeat', 'req')).not.toBe(request16);
  });

  it('has nothing for an action the version does not define', () => {
    expect(compiledValidator('ocpp2.0.1', 'StartTransaction', 'req')).toBeUndefined();
  });

  it('compiles every schema of both versions', () => {
    for (const protocol of PROTOCOLS) expect(() => compileAll(protocol)).not.toThrow();
  });
});

describe('hasAction and actionsOf', () => {
  it('list exactly the actions that have schemas, sorted', () => {
    for (const protocol of PROTOCOLS) {
      const fromSchemas = [...new Set(loadSchemas(protocol).map((schema) => parseSchemaId(schema.$id)?.action))];
      expect(actionsOf(protocol)).toEqual(fromSchemas.sort());
    }
    expect(actionsOf('ocpp1.6')).toHaveLength(39);
    expect(actionsOf('ocpp2.0.1')).toHaveLength(64);
  });

  it('knows each version’s own transaction messages only', () => {
    expect(hasAction('ocpp1.6', 'StartTransaction')).toBe(true);
    expect(hasAction('ocpp1.6', 'TransactionEvent')).toBe(false);
    expect(hasAction('ocpp2.0.1', 'TransactionEvent')).toBe(true);
    expect(hasAction('ocpp2.0.1', 'StartTransaction')).toBe(false);
  });

  it('does not mistake object built-ins or other case for actions', () => {
    expect(hasAction('ocpp1.6', 'constructor')).toBe(false);
    expect(hasAction('ocpp1.6', 'toString')).toBe(false);
    expect(hasAction('ocpp1.6', 'heartbeat')).toBe(false);
  });
});

/** Token formats per 2.0.1 IdTokenEnumType and the 1.6 idTag, and the seeded generators that must always satisfy them. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK_CONFIG } from '../../../harness/playbook/config.js';
import { FAULT_KINDS, FAULTS } from '../../../simulator/faults/registry.js';
import {
  ID_TOKEN_TYPES,
  idTagProblem,
  idTokenProblem,
  inferIdTokenType,
  tokenProblem,
  type IdTokenType,
} from '../../../simulator/protocol/id-tokens.js';
import { seededRandom } from '../../../simulator/random.js';
import { TECHNICIAN_DEFAULTS } from '../../../simulator/technician/defaults.js';
import { generateIdToken, iso14443Uid, scramble32 } from '../../../simulator/station/tokens.js';

const EXAMPLES: Record<IdTokenType, { valid: string[]; invalid: string[] }> = {
  ISO14443: { valid: ['04A3F29B1C5E80', 'DEADBEEF', '04a3f29b1c5e80'], invalid: ['TAG-204', '04A3F29B1C5E', '04A3F29B1C5E8', '04A3F29B1C5E8000', 'GHIJKLMN', ''] },
  ISO15693: { valid: ['E004010012345678', 'e007000000000001'], invalid: ['E00401001234567', '04A3F29B1C5E80', 'E004010012345G78'] },
  eMAID: {
    valid: ['DE8AA001234567', 'DE8AA0012345675', 'de8aa001234567', 'DE-8AA-001234567', 'DE-8AA-001234567-5', 'NLTNMC12345678X'],
    invalid: ['DE8AA00123456', 'DE8AA00123456789', '1E8AA001234567', 'DE-8AA001234567', 'DE*8AA*001234567', 'DE8AA00123456_'],
  },
  KeyCode: { valid: ['1234', '00042', '123456789012'], invalid: ['123', '12a4', '', '1'.repeat(37)] },
  MacAddress: { valid: ['02:1A:2B:3C:4D:5E', '02-1a-2b-3c-4d-5e', '021A2B3C4D5E'], invalid: ['02:1A:2B:3C:4D', '02:1A-2B:3C:4D:5E', '021A2B3C4D5', 'ZZ:1A:2B:3C:4D:5E'] },
  Central: { valid: ['3f2b8c1e-9d4a-4b7e-8c21-5a6f0e9d1b2c', 'APP-START-17', 'x'], invalid: ['', 'x'.repeat(37), 'line\nbreak'] },
  Local: { valid: ['BLOCKED-0001', 'TECHNICIAN-01', 'x'.repeat(36)], invalid: ['', 'x'.repeat(37), 'tab\there'] },
  NoAuthorization: { valid: [''], invalid: ['04A3F29B1C5E80', ' '] },
};

describe('2.0.1 idToken formats', () => {
  for (const type of ID_TOKEN_TYPES) {
    it(`${type}: accepts well-formed values and names the rule for the rest`, () => {
      for (const idToken of EXAMPLES[type].valid) expect(idTokenProblem({ idToken, type }), `${type} ${idToken}`).toBeUndefined();
      for (const idToken of EXAMPLES[type].invalid) {
        expect(idTokenProblem({ idToken, type }), `${type} ${JSON.stringify(idToken)}`).toMatch(new RegExp(`is not a valid ${type} idToken: expected `));
      }
    });
  }

  it('says why TAG-204 is no ISO14443 UID', () => {
    expect(idTokenProblem({ idToken: 'TAG-204', type: 'ISO14443' })).toBe('"TAG-204" is not a valid ISO14443 idToken: expected a 4- or 7-byte card UID as 8 or 14 hex digits');
  });

  it('refuses a type that is not in IdTokenEnumType, listing the allowed ones', () => {
    expect(idTokenProblem({ idToken: '04A3F29B1C5E80', type: 'RFID' })).toBe(
      'type "RFID" is not an IdTokenEnumType (allowed: Central, eMAID, ISO14443, ISO15693, KeyCode, Local, MacAddress, NoAuthorization)',
    );
  });

  it('infers card UIDs, contract ids and otherwise Local from a bare value', () => {
    expect(inferIdTokenType('04A3F29B1C5E80')).toBe('ISO14443');
    expect(inferIdTokenType('DEADBEEF')).toBe('ISO14443');
    expect(inferIdTokenType('E004010012345678')).toBe('ISO15693');
    expect(inferIdTokenType('DE8AA001234567')).toBe('eMAID');
    expect(inferIdTokenType('TAG-204')).toBe('Local');
    expect(inferIdTokenType('1234')).toBe('Local');
  });
});

describe('1.6 idTag', () => {
  it('is 1 to 20 printable characters', () => {
    expect(idTagProblem('04A3F29B1C5E80')).toBeUndefined();
    expect(idTagProblem('X'.repeat(20))).toBeUndefined();
    expect(idTagProblem('X'.repeat(21))).toBe(`"${'X'.repeat(21)}" is not a valid idTag: expected 1 to 20 printable characters`);
    expect(idTagProblem('')).toMatch(/not a valid idTag/);
    expect(idTagProblem('A\u0000B')).toMatch(/not a valid idTag/);
  });

  it('tokenProblem applies the version\'s rule, and in 2.0.1 an explicit type over the inferred one', () => {
    expect(tokenProblem('ocpp1.6', 'X'.repeat(30))).toMatch(/not a valid idTag/);
    expect(tokenProblem('ocpp2.0.1', 'X'.repeat(30))).toBeUndefined();
    expect(tokenProblem('ocpp2.0.1', 'TAG-1', 'ISO14443')).toMatch(/not a valid ISO14443 idToken/);
    expect(tokenProblem('ocpp2.0.1', 'TAG-1')).toBeUndefined();
  });
});

describe('token generators', () => {
  const SAMPLES = 500;

  for (const type of ID_TOKEN_TYPES) {
    it(`${type}: every generated value is valid for its type, with and without a serial`, () => {
      const random = seededRandom(11);
      for (let i = 0; i < SAMPLES; i++) {
        const free = generateIdToken(type, { random });
        const numbered = generateIdToken(type, { random, serial: i * 7_919 });
        expect(idTokenProblem({ idToken: free, type }), free).toBeUndefined();
        expect(idTokenProblem({ idToken: numbered, type }), numbered).toBeUndefined();
      }
    });
  }

  it('gives the same values for the same seed and different ones for another', () => {
    const series = (seed: number) => {
      const random = seededRandom(seed);
      return ID_TOKEN_TYPES.flatMap((type) => [generateIdToken(type, { random }), generateIdToken(type, { random, serial: 5 })]);
    };
    expect(series(3)).toEqual(series(3));
    expect(series(3)).not.toEqual(series(4));
  });

  it('gives distinct values for distinct serials, whatever the random source', () => {
    for (const type of ['ISO14443', 'ISO15693', 'eMAID', 'Central', 'Local', 'KeyCode', 'MacAddress'] as const) {
      const values = Array.from({ length: 20_000 }, (_, serial) => generateIdToken(type, { random: seededRandom(serial), serial }));
      expect(new Set(values).size, type).toBe(values.length);
    }
  });

  it('makes card UIDs a 1.6 station can send too, 7 bytes from NXP mostly, 4 bytes for some', () => {
    const random = seededRandom(5);
    const uids = Array.from({ length: 2_000 }, () => generateIdToken('ISO14443', { random }));
    for (const uid of uids) expect(idTagProblem(uid)).toBeUndefined();
    const short = uids.filter((uid) => uid.length === 8).length;
    expect(short).toBeGreaterThan(300);
    expect(short).toBeLessThan(700);
    expect(uids.filter((uid) => uid.startsWith('04')).length).toBeGreaterThan(1_000);
    expect(iso14443Uid({ random, serial: 1 }, 7)).toHaveLength(14);
  });

  it('scrambles serials bijectively and refuses a serial outside 32 bits', () => {
    const seen = new Set(Array.from({ length: 100_000 }, (_, n) => scramble32(n)));
    expect(seen.size).toBe(100_000);
    expect(() => generateIdToken('ISO14443', { random: seededRandom(1), serial: 2 ** 32 })).toThrow(/serial must be a whole number from 0 to 2\^32 - 1, got 4294967296/);
  });
});

describe('tokens our scenarios send by default', () => {
  const defaults: [string, string][] = [
    ...FAULT_KINDS.flatMap((kind) =>
      Object.entries(FAULTS[kind].params as Record<string, { default: unknown }>)
        .filter(([name]) => name === 'idTag')
        .map(([name, spec]): [string, string] => [`${kind}.${name}`, spec.default as string]),
    ),
    ['technician', TECHNICIAN_DEFAULTS.idTag],
  ];

  it('covers every fault kind with a token parameter', () => {
    expect(defaults.map(([where]) => where)).toEqual(
      expect.arrayContaining(['authorization-failures.idTag', 'concurrent-tx.idTag', 'cost-not-configured.idTag', 'repeated-failed-sessions.idTag', 'stuck-finishing.idTag']),
    );
  });

  for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
    it(`are valid for their type in ${protocol}`, () => {
      for (const [where, value] of defaults) expect(tokenProblem(protocol, value), `${where}: ${value}`).toBeUndefined();
    });
  }

  it('are sent as Local in 2.0.1: readable test tokens are neither card UIDs nor CSMS-issued', () => {
    for (const [where, value] of defaults) expect(inferIdTokenType(value), where).toBe('Local');
  });

  it("include the playbook's test session token, issued as Central in 2.0.1 and as an idTag in 1.6", () => {
    const value = DEFAULT_PLAYBOOK_CONFIG.testSessionIdTag;
    expect(idTokenProblem({ idToken: value, type: 'Central' })).toBeUndefined();
    expect(idTagProblem(value)).toBeUndefined();
  });
});

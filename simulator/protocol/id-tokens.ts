/**
 * Tokens as OCPP defines them: the 2.0.1 IdTokenEnumType with the format each type's value must have,
 * and the 1.6 idTag (CiString20). Station and CSMS check against the same rules, so a token our fleet
 * sends is one a strict CSMS accepts. Values are compared case-insensitively by OCPP; rules here accept
 * either case.
 */
import type { OcppProtocol } from './versions.js';

export const ID_TOKEN_TYPES = ['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization'] as const;
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number];

/** A 2.0.1 IdTokenType: the value and what kind of identifier it is. */
export interface IdToken {
  idToken: string;
  type: IdTokenType;
}

/** 1.6 idTag is CiString20; 2.0.1 idToken is at most 36 characters. */
export const ID_TAG_16_MAX_LENGTH = 20;
export const ID_TOKEN_201_MAX_LENGTH = 36;

const PRINTABLE = /^[\x20-\x7e]+$/;
const HEX_4_OR_7_BYTES = /^(?:[0-9a-f]{8}|[0-9a-f]{14})$/i;
const HEX_8_BYTES = /^[0-9a-f]{16}$/i;
/** ISO 15118-1 / DIN SPEC 91286: country, provider id, eMA instance, optional check character; "-" separators all or none. */
const EMAID = /^[a-z]{2}(-?)[0-9a-z]{3}\1[0-9a-z]{9}(?:\1[0-9a-z])?$/i;
const MAC_ADDRESS = /^(?:[0-9a-f]{12}|[0-9a-f]{2}(?:([:-])[0-9a-f]{2})(?:\1[0-9a-f]{2}){4})$/i;
const KEY_CODE = /^[0-9]{4,36}$/;

interface FormatRule {
  /** Completes "… is not a valid <type> token: <rule>". */
  rule: string;
  test(value: string): boolean;
}

const freeText: FormatRule = {
  rule: `1 to ${ID_TOKEN_201_MAX_LENGTH} printable characters`,
  test: (value) => PRINTABLE.test(value) && value.length <= ID_TOKEN_201_MAX_LENGTH,
};

/** Formats from the 2.0.1 IdTokenEnumType definitions; KeyCode (a PIN) has no format in the spec, digits are ours. */
export const ID_TOKEN_RULES: Readonly<Record<IdTokenType, FormatRule>> = {
  Central: freeText,
  eMAID: { rule: 'an ISO 15118 contract id: 2-letter country, 3-character provider id, 9-character instance, optional check character (e.g. DE8AA001234567)', test: (v) => EMAID.test(v) },
  ISO14443: { rule: 'a 4- or 7-byte card UID as 8 or 14 hex digits', test: (v) => HEX_4_OR_7_BYTES.test(v) },
  ISO15693: { rule: 'an 8-byte card UID as 16 hex digits', test: (v) => HEX_8_BYTES.test(v) },
  KeyCode: { rule: `a code of 4 to ${ID_TOKEN_201_MAX_LENGTH} digits`, test: (v) => KEY_CODE.test(v) },
  Local: freeText,
  MacAddress: { rule: 'a 6-byte MAC address as 12 hex digits, or 6 pairs separated by ":" or "-"', test: (v) => MAC_ADDRESS.test(v) },
  NoAuthorization: { rule: 'empty (the station has no way to identify the driver)', test: (v) => v === '' },
};

export function isIdTokenType(value: unknown): value is IdTokenType {
  return typeof value === 'string' && (ID_TOKEN_TYPES as readonly string[]).includes(value);
}

/** What is wrong with a 2.0.1 idToken, naming the rule it breaks; undefined when it is valid. */
export function idTokenProblem(token: { idToken: string; type: string }): string | undefined {
  if (!isIdTokenType(token.type)) return `type "${token.type}" is not an IdTokenEnumType (allowed: ${ID_TOKEN_TYPES.join(', ')})`;
  const { rule, test } = ID_TOKEN_RULES[token.type];
  return test(token.idToken) ? undefined : `"${token.idToken}" is not a valid ${token.type} idToken: expected ${rule}`;
}

/** What is wrong with a 1.6 idTag; undefined when it is valid. */
export function idTagProblem(idTag: string): string | undefined {
  return PRINTABLE.test(idTag) && idTag.length <= ID_TAG_16_MAX_LENGTH
    ? undefined
    : `"${idTag}" is not a valid idTag: expected 1 to ${ID_TAG_16_MAX_LENGTH} printable characters`;
}

/**
 * The type a bare token value is sent with in 2.0.1 when nobody said: hex card UIDs are the card types,
 * a contract id is an eMAID, anything else (a readable test token such as BLOCKED-0001) is Local, the
 * free-text type for an id that is neither a card UID nor issued by the CSMS.
 */
export function inferIdTokenType(value: string): IdTokenType {
  // eMAID first: DE8AA001234567 is also 14 hex digits, but a 7-byte UID starts with its manufacturer
  // code (ISO/IEC 7816-6, 04 for NXP), never with two letters as a country code does.
  if (EMAID.test(value)) return 'eMAID';
  if (HEX_4_OR_7_BYTES.test(value)) return 'ISO14443';
  if (HEX_8_BYTES.test(value)) return 'ISO15693';
  return 'Local';
}

/** What is wrong with a token a station of `protocol` would send; 2.0.1 types it as `type`, else as inferred. */
export function tokenProblem(protocol: OcppProtocol, value: string, type?: IdTokenType): string | undefined {
  return protocol === 'ocpp1.6' ? idTagProblem(value) : idTokenProblem({ idToken: value, type: type ?? inferIdTokenType(value) });
}

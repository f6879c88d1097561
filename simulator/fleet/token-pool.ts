/**
 * Each planned station's own drivers' tokens. Pools are disjoint by construction (every token carries
 * a scramble of its fleet-wide serial), so in healthy load no token is in two sessions at two stations
 * and the CSMS has no reason to answer ConcurrentTx. The mix is what real fleets see: RFID cards
 * (ISO14443 UIDs, the only kind a 1.6 station is given), and on 2.0.1 also ISO 15118 contract ids
 * (eMAID, plug and charge) and a few ISO15693 cards. Central tokens are issued by the CSMS in
 * RequestStartTransaction, so a station never draws one itself.
 */
import type { IdToken, IdTokenType } from '../protocol/id-tokens.js';
import type { OcppProtocol } from '../protocol/versions.js';
import { deriveSeed, seededRandom } from '../random.js';
import { generateIdToken } from '../station/tokens.js';

/** Twice as many drivers as can charge at once: a station always has a token that is not in use. */
export const TOKENS_PER_CONNECTOR = 2;
const TOKEN_SALT = 0x70c3;

/** Shares of 2.0.1 tokens by type; 1.6 stations get ISO14443 only. */
const MIX_201: readonly (readonly [IdTokenType, number])[] = [
  ['ISO14443', 0.8],
  ['eMAID', 0.15],
  ['ISO15693', 0.05],
];

function drawType(protocol: OcppProtocol, random: () => number): IdTokenType {
  if (protocol === 'ocpp1.6') return 'ISO14443';
  let r = random();
  for (const [type, share] of MIX_201) {
    if (r < share) return type;
    r -= share;
  }
  return 'ISO14443';
}

export interface StationTokensOptions {
  fleetSeed: number;
  /** The station's index in the whole (unsharded) plan. */
  index: number;
  stationSeed: number;
  protocol: OcppProtocol;
  /** Tokens per station; the same for every station of a fleet, so serials never overlap. */
  count: number;
}

export function stationTokens(options: StationTokensOptions): IdToken[] {
  const { index, count } = options;
  const random = seededRandom(deriveSeed(options.stationSeed, TOKEN_SALT));
  const salt = deriveSeed(options.fleetSeed, TOKEN_SALT);
  return Array.from({ length: count }, (_, j) => {
    const type = drawType(options.protocol, random);
    return { idToken: generateIdToken(type, { random, serial: (salt + index * count + j) >>> 0 }), type };
  });
}

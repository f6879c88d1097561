/**
 * How the detector recognises "session refused because the site has no tariff". The CSMS decides this,
 * so the test is injectable (DetectorConfig.isTariffRefusal); the default reads the signals the bundled
 * CSMS is expected to give. See the cost-not-configured rule for how refusals become an issue.
 */
import type { CsmsEvent } from '../csms/events.js';
import { stringField } from './payload.js';

/** What the cost-not-configured rule remembers for the predicate. */
export interface TariffRefusalContext {
  /** Whether the token's latest Authorize at this station was Accepted. */
  wasAcceptedAtAuthorize(stationId: string, idTag: string): boolean;
  /** The station's CALL this answer belongs to (one CALL in flight per direction), if seen. */
  requestOf(stationId: string, messageId: string): { action: string; payload: unknown } | undefined;
}

export type TariffRefusalPredicate = (event: CsmsEvent, context: TariffRefusalContext) => boolean;

/**
 * True for (a) an `authorize` event the CSMS marked `reason: 'no-tariff'`, or, for a CSMS without that
 * marker, (b) a StartTransaction answered idTagInfo.status Blocked, or a 2.0.1 TransactionEvent answered
 * idTokenInfo.status Blocked, for a token that was Accepted at Authorize: the token is fine, so the
 * refusal must be about something else, and a missing tariff is the documented case.
 */
export const defaultIsTariffRefusal: TariffRefusalPredicate = (event, context) => {
  if (event.type === 'authorize') return event.reason === 'no-tariff';
  if (event.type !== 'frame' || event.direction !== 'out' || event.messageType !== 3) return false;
  const request = context.requestOf(event.stationId, event.messageId);
  if (!request) return false;
  let status: string | undefined;
  let idTag: string | undefined;
  if (event.action === 'StartTransaction') {
    status = stringField(event.payload, 'idTagInfo', 'status');
    idTag = stringField(request.payload, 'idTag');
  } else if (event.action === 'TransactionEvent') {
    status = stringField(event.payload, 'idTokenInfo', 'status');
    idTag = stringField(request.payload, 'idToken', 'idToken');
  }
  return status === 'Blocked' && idTag !== undefined && context.wasAcceptedAtAuthorize(event.stationId, idTag);
};

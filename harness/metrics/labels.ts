/**
 * Label values both exporters share, kept to small fixed sets: a label value per station id, per free-text
 * reason or per action name a peer makes up would create a time series each and grow without bound.
 */
import { isSentBy, type Sender } from '../../simulator/protocol/actions.js';

/** A WebSocket close code: the code itself for the standard ones (1000-1015, RFC 6455 and IANA), else its range. */
export function closeCodeLabel(code: number): string {
  if (Number.isInteger(code) && code >= 1000 && code <= 1015) return String(code);
  if (code >= 3000 && code <= 3999) return '3xxx';
  if (code >= 4000 && code <= 4999) return '4xxx';
  return 'other';
}

/** An action `sender` may send in OCPP 1.6 or 2.0.1; anything else (a peer's invention) is `other`. */
export function actionLabel(sender: Sender, action: string): string {
  return isSentBy('ocpp1.6', sender, action) || isSentBy('ocpp2.0.1', sender, action) ? action : 'other';
}

/** Buckets for real handling and round-trip times in seconds: 0.5 ms to 10 s, finer where healthy systems answer. */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

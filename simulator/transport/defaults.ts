/** Transport defaults in one place, units in every name. */
export const TRANSPORT_DEFAULTS = {
  callTimeoutMs: 30_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  offlineQueueLimit: 1_000,
  maxPayloadBytes: 65_536,
  /** A TCP connect or upgrade that hangs this long counts as a failed attempt and is retried. */
  handshakeTimeoutMs: 30_000,
  /** Upper bound of the timeout sweep period; a smaller callTimeoutMs sweeps every tenth of it. */
  sweepMaxIntervalMs: 100,
  /** OCPP 2.0.1 limits errorDescription to 255 characters; 1.6 peers accept that too. */
  errorDescriptionMaxChars: 255,
  /** Caps 2^attempt so the exponent never overflows; the delay is capped by reconnectMaxMs anyway. */
  reconnectMaxExponent: 30,
} as const;

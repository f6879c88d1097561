/** WebSocket subprotocols this project speaks. */
export const PROTOCOLS = ['ocpp1.6', 'ocpp2.0.1'] as const;
export type OcppProtocol = (typeof PROTOCOLS)[number];

export function isOcppProtocol(value: unknown): value is OcppProtocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

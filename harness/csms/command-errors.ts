/**
 * Why a command to a station failed. Each error has a stable `code` and the HTTP status the API
 * answers with, so the HTTP layer maps errors without knowing their causes.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    readonly httpStatus: number,
    /** For station-error: the CALLERROR code the station answered with. */
    readonly ocppCode?: string,
  ) {
    super(message);
  }
}

export type CommandErrorCode =
  | 'CSMS_UNKNOWN_STATION'
  | 'CSMS_STATION_NOT_CONNECTED'
  | 'CSMS_UNSUPPORTED_COMMAND'
  | 'CSMS_INVALID_COMMAND'
  | 'CSMS_COMMAND_TIMEOUT'
  | 'CSMS_STATION_ERROR'
  | 'CSMS_INVALID_RESPONSE';

export const unknownStation = (id: string): CommandError =>
  new CommandError('CSMS_UNKNOWN_STATION', `unknown station ${id}`, 404);
export const notConnected = (id: string): CommandError =>
  new CommandError('CSMS_STATION_NOT_CONNECTED', `station ${id} is not connected`, 409);
export const unsupportedCommand = (action: string, protocol: string, supported: readonly string[]): CommandError =>
  new CommandError(
    'CSMS_UNSUPPORTED_COMMAND',
    `${action} is not a supported ${protocol} command; supported: ${supported.join(', ')}`,
    400,
  );
export const invalidCommand = (action: string, reason: string): CommandError =>
  new CommandError('CSMS_INVALID_COMMAND', `${action} request does not match the schema: ${reason}`, 400);
export const commandTimeout = (action: string, timeoutMs: number): CommandError =>
  new CommandError('CSMS_COMMAND_TIMEOUT', `${action} got no answer within ${timeoutMs} ms`, 504);
export const stationError = (action: string, ocppCode: string, description: string): CommandError =>
  new CommandError('CSMS_STATION_ERROR', `station answered ${action} with ${ocppCode}: ${description}`, 502, ocppCode);
export const invalidResponse = (action: string, reason: string): CommandError =>
  new CommandError('CSMS_INVALID_RESPONSE', `station's ${action} answer does not match the schema: ${reason}`, 502);

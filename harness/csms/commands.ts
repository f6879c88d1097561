/**
 * Remote commands (CSMS → station), by each version's own action names. ocpp-rpc validates the
 * request before sending and the answer on arrival (strict mode); this maps its failures onto
 * `CommandError`s and reports every command, answered or not, as a `command` event.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import {
  CommandError,
  commandTimeout,
  invalidCommand,
  invalidResponse,
  notConnected,
  stationError,
  unsupportedCommand,
} from './command-errors.js';
import type { StationConnection } from './connection.js';
import type { EventBus } from './events-bus.js';
import { validateRequest } from './schema-validators.js';

export const COMMANDS: Readonly<Record<OcppProtocol, readonly string[]>> = {
  'ocpp1.6': [
    'Reset',
    'UnlockConnector',
    'ChangeAvailability',
    'TriggerMessage',
    'RemoteStartTransaction',
    'RemoteStopTransaction',
    'GetConfiguration',
    'ChangeConfiguration',
    'DataTransfer',
    'ClearCache',
    'UpdateFirmware',
    'GetDiagnostics',
    'SendLocalList',
    'GetLocalListVersion',
    'ReserveNow',
    'CancelReservation',
    'SetChargingProfile',
    'ClearChargingProfile',
    'GetCompositeSchedule',
  ],
  'ocpp2.0.1': [
    'Reset',
    'UnlockConnector',
    'ChangeAvailability',
    'TriggerMessage',
    'RequestStartTransaction',
    'RequestStopTransaction',
    'GetVariables',
    'SetVariables',
    'GetBaseReport',
    'GetReport',
    'GetTransactionStatus',
    'DataTransfer',
    'ClearCache',
    'UpdateFirmware',
    'GetLog',
    'SendLocalList',
    'GetLocalListVersion',
    'ReserveNow',
    'CancelReservation',
    'SetChargingProfile',
    'ClearChargingProfile',
    'GetChargingProfiles',
    'GetCompositeSchedule',
  ],
};

const OPEN = 1;

interface RpcError extends Error {
  rpcErrorCode?: string;
}

export async function sendCommand(
  bus: EventBus,
  stationId: string,
  connection: StationConnection | undefined,
  action: string,
  request: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  if (!connection || connection.client.state !== OPEN) throw notConnected(stationId);
  const { protocol } = connection.session;
  if (!COMMANDS[protocol].includes(action)) throw unsupportedCommand(action, protocol, COMMANDS[protocol]);
  try {
    validateRequest(protocol, action, request);
  } catch (error) {
    throw invalidCommand(action, (error as Error).message);
  }
  try {
    const response = (await connection.client.call(action, request, { callTimeoutMs: timeoutMs })) as Record<string, unknown>;
    bus.emit({ type: 'command', stationId, action, request, response });
    return response;
  } catch (error) {
    const failure = classify(error as RpcError, connection, action, timeoutMs);
    bus.emit({ type: 'command', stationId, action, request, error: failure.ocppCode ?? failure.code });
    throw failure;
  }
}

/**
 * After the request passed validation, ocpp-rpc rejects with: a TimeoutError, a plain Error when the
 * socket closes, a validation error for an answer that breaks the schema (recorded by the
 * connection), or an RPC error carrying the station's CALLERROR code.
 */
function classify(error: RpcError, connection: StationConnection, action: string, timeoutMs: number): CommandError {
  if (error instanceof CommandError) return error;
  if (error.constructor.name === 'TimeoutError') return commandTimeout(action, timeoutMs);
  if (connection.invalidAnswers.has(error)) return invalidResponse(action, error.message);
  if (error.rpcErrorCode) return stationError(action, error.rpcErrorCode, error.message);
  if (connection.client.state !== OPEN) return notConnected(connection.session.id);
  return new CommandError('CSMS_STATION_ERROR', `${action} failed: ${error.message}`, 502);
}

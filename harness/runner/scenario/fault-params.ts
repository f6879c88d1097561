/**
 * The contract between scenario loading and the fault catalogue (simulator/faults/): the catalogue
 * knows each fault's parameters, the loader knows where they were written. The runner passes the
 * catalogue's validator; without one, parameters are passed through unchecked.
 */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { FaultKind, StationTarget } from './model.js';

export interface FaultStepContext {
  protocol: OcppProtocol;
  /** The stations (and, for a site selector, the site) the fault is injected into. */
  target: StationTarget;
  connectorId?: number;
  /** Connectors per station of the fleet. */
  connectors: number;
}

export interface FaultParamsProblem {
  /**
   * JSON pointer relative to the fault step's object: `/params/count` for a parameter, `/params` for
   * the object itself, `/kind` or `/site` when the fault does not fit its target (e.g. a site-wide
   * fault on one station, or a fault that does not exist in the protocol).
   */
  path: string;
  message: string;
  allowed?: string[];
}

/** Lists every problem of one fault step's parameters; empty when they are fine. */
export type FaultParamsValidator = (kind: FaultKind, params: Readonly<Record<string, unknown>>, context: FaultStepContext) => FaultParamsProblem[];

/** Stand-in until the catalogue's validator is passed: accepts any parameters. */
export const acceptAnyFaultParams: FaultParamsValidator = () => [];

/**
 * The contract between scenario loading and the fault catalogue (simulator/faults/): the catalogue
 * knows each fault's parameters, the loader knows where they were written. The loader uses the
 * catalogue's validator (harness/runner/fault-validator.ts) unless a test passes another.
 */
import type { FaultParams } from '../../../simulator/faults/registry.js';
import type { Problem } from '../../../simulator/problems.js';
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

export interface FaultParamsCheck {
  /** The complete parameters, defaults filled in; absent when the parameters themselves have problems. */
  params?: FaultParams;
  /**
   * Each problem's path is relative to the fault step's object: `/params/count` for a parameter, `/params`
   * for the object itself, `/kind` or `/site` when the fault does not fit its target (e.g. a site-wide
   * fault on one station, or a fault that does not exist in the protocol).
   */
  problems: Problem[];
}

/** Checks one fault step's parameters and fills in their defaults. */
export type FaultParamsValidator = (kind: FaultKind, params: Readonly<Record<string, unknown>>, context: FaultStepContext) => FaultParamsCheck;

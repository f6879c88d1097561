/**
 * The strict reference CSMS's rule model: each rule checks one thing the OCPP specification demands of a
 * station beyond its JSON schema, and names it with a stable id (docs/codes.md, "Protocol violations").
 */
import type { GenericCode } from '../../../simulator/protocol/errors.js';
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { EventBus } from '../events-bus.js';
import type { ResolvedOptions } from '../options.js';
import type { StationSession } from '../session.js';
import type { Store } from '../store.js';
import type { Transactions } from '../transactions.js';
import type { InboundCall } from './inbound-call.js';
import type { ReadingLedger } from './readings.js';

/** An `error` breaks the specification; a `warning` is suspicious but happens with real chargers (clock drift). */
export type ViolationSeverity = 'error' | 'warning';

/**
 * When a rule runs. `frame`: as the CALL arrives, before schema validation (message ids, calls in flight);
 * ocpp-rpc may answer such a CALL itself. `call`: after the schema accepted the payload, before the handler.
 */
export type RulePhase = 'frame' | 'call';


/** What the checker keeps per WebSocket connection; rules key their own per-connection state on it. */
export interface StrictConnection {
  readonly session: StationSession;
  /** Ids of the station's CALLs not answered yet. */
  readonly inFlight: Set<string>;
  /** Actions the CSMS asked for on this connection (TriggerMessage, GetReport): allowed while boot is Pending. */
  readonly requested: Set<string>;
}

/** The parts of the CSMS the rules read. */
export interface RuleEnv {
  readonly options: ResolvedOptions;
  readonly store: Store;
  readonly transactions: Transactions;
  readonly readings: ReadingLedger;
}

/** The checker's needs from the CSMS. */
export interface StrictServices {
  readonly options: ResolvedOptions;
  readonly bus: EventBus;
  readonly store: Store;
  readonly transactions: Transactions;
}

/** Returns what is wrong with `call`, or undefined when it keeps the rule. */
export type RuleCheck = (call: InboundCall, conn: StrictConnection) => string | undefined;

export interface RuleDefinition {
  /** Stable id, `CD-Vnnn`, listed in docs/codes.md. */
  readonly id: string;
  /** Stable kebab-case name, also accepted as the API's `rule` filter. */
  readonly name: string;
  readonly severity: ViolationSeverity;
  readonly phase: RulePhase;
  readonly protocols: readonly OcppProtocol[];
  /** Actions the rule looks at; undefined: every action. */
  readonly actions?: readonly string[];
  /** The CALLERROR a strict CSMS answers with (generic spelling; wireCode spells it per version). */
  readonly errorCode: GenericCode;
  /** Refused in lenient mode too (the 2.0.1 idToken format has always been). */
  readonly enforcedAlways?: boolean;
  create(env: RuleEnv): RuleCheck;
}

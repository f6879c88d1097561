/**
 * Runs the strict rules over every CALL a station sends, records each violation (a `protocol-violation`
 * event on the bus and a row in the store) and says which CALLERROR, if any, answers the CALL: in strict
 * mode the first error's, in lenient mode only a rule enforced always (the CALL is otherwise answered as usual).
 */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import { ReadingLedger, transactionReadings } from './readings.js';
import { STRICT_RULES } from './registry.js';
import type { InboundCall } from './inbound-call.js';
import type { RuleCheck, RuleDefinition, RulePhase, StrictConnection, StrictServices } from './types.js';
import type { StationSession } from '../session.js';

interface ActiveRule {
  readonly definition: RuleDefinition;
  readonly check: RuleCheck;
}

/** A violation the CSMS answers with a CALLERROR instead of a CALLRESULT. */
export interface Refusal {
  readonly rule: RuleDefinition;
  readonly message: string;
}

/** The actions a CSMS command asks the station to send (allowed while its boot is Pending). */
function requestedBy(action: string, payload: Record<string, unknown>): string | undefined {
  if (action === 'GetBaseReport' || action === 'GetReport') return 'NotifyReport';
  if (action !== 'TriggerMessage' || typeof payload.requestedMessage !== 'string') return undefined;
  // 2.0.1 names the certificate triggers after what they make the station send.
  return payload.requestedMessage.startsWith('Sign') ? 'SignCertificate' : payload.requestedMessage;
}

export class StrictChecker {
  private readonly readings = new ReadingLedger();
  private readonly rules: Record<OcppProtocol, Record<RulePhase, ActiveRule[]>>;

  constructor(private readonly services: StrictServices) {
    const env = { options: services.options, store: services.store, transactions: services.transactions, readings: this.readings };
    const empty = (): Record<RulePhase, ActiveRule[]> => ({ frame: [], call: [] });
    this.rules = { 'ocpp1.6': empty(), 'ocpp2.0.1': empty() };
    for (const definition of STRICT_RULES) {
      const check = definition.create(env);
      for (const protocol of definition.protocols) this.rules[protocol][definition.phase].push({ definition, check });
    }
  }

  connection(session: StationSession): StrictConnection {
    return { session, inFlight: new Set(), requested: new Set() };
  }

  /** A CALL the CSMS sends on `conn`: remembers what it asks the station to send. */
  commandSent(conn: StrictConnection, action: string, payload: unknown): void {
    const requested = requestedBy(action, (payload ?? {}) as Record<string, unknown>);
    if (requested !== undefined) conn.requested.add(requested);
  }

  /** Frame-phase rules, as the CALL arrives; then the CALL counts as in flight. */
  frame(conn: StrictConnection, call: InboundCall, frameSeq: number): Refusal | undefined {
    const refusal = this.run(conn, call, frameSeq, 'frame');
    conn.inFlight.add(call.messageId);
    return refusal;
  }

  /** Call-phase rules, after schema validation and before the handler. */
  call(conn: StrictConnection, call: InboundCall, frameSeq: number): Refusal | undefined {
    const refusal = this.run(conn, call, frameSeq, 'call');
    const tx = transactionReadings(conn.session.protocol, call);
    if (tx) this.readings.observe(conn.session.id, tx);
    return refusal;
  }

  /** The CALL's answer went out. */
  answered(conn: StrictConnection, messageId: string): void {
    conn.inFlight.delete(messageId);
  }

  private run(conn: StrictConnection, call: InboundCall, frameSeq: number, phase: RulePhase): Refusal | undefined {
    const { session } = conn;
    const strict = this.services.options.strict;
    let refusal: Refusal | undefined;
    for (const { definition, check } of this.rules[session.protocol][phase]) {
      if (definition.actions && !definition.actions.includes(call.action)) continue;
      const message = check(call, conn);
      if (message === undefined) continue;
      this.record(session.id, definition, message, call, frameSeq);
      if (refusal === undefined && definition.severity === 'error' && (strict || definition.enforcedAlways)) {
        refusal = { rule: definition, message };
      }
    }
    return refusal;
  }

  private record(stationId: string, rule: RuleDefinition, message: string, call: InboundCall, frameSeq: number): void {
    const { bus, store } = this.services;
    const event = bus.emit({
      type: 'protocol-violation',
      stationId,
      rule: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      message,
      frameSeq,
      messageId: call.messageId,
      action: call.action,
    });
    store.addViolation({
      seq: event.seq,
      at: event.at,
      stationId,
      rule: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      message,
      frameSeq,
      messageId: call.messageId,
      action: call.action,
    });
  }
}

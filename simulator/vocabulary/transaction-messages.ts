/**
 * The transaction-related messages (OCPP 1.6 §4.10 / OCPP-J; OCPP 2.0.1 E, TransactionEvent with its seqNo): a
 * station must deliver them even across a lost connection, in order, and a CSMS must keep them once it answered.
 * The station's offline queue keeps them (simulator/transport/call-tracker.ts), the CSMS commits them before its
 * answer (harness/csms/connection.ts), and a load run's delivery check counts them (harness/load/delivery-check.ts).
 */
export const TRANSACTION_MESSAGE_ACTIONS: ReadonlySet<string> = new Set(['StartTransaction', 'StopTransaction', 'MeterValues', 'TransactionEvent']);

/**
 * CD-V007: a station reuses the message id of one of its earlier CALLs on the same connection (OCPP-J:
 * a CALL's id must be unique among the sender's CALLs on that WebSocket connection). ocpp-rpc itself
 * answers a duplicate of a CALL still in flight with RpcFrameworkError (FormationViolation in 1.6), in
 * either mode; a reuse after the answer passes ocpp-rpc and is caught here only. The last
 * `REMEMBERED_IDS` ids per connection are remembered, which bounds memory on long-lived connections.
 */
import type { RuleDefinition, StrictConnection } from '../types.js';

export const REMEMBERED_IDS = 10_000;

export const messageIdReused: RuleDefinition = {
  id: 'CD-V007',
  name: 'message-id-reused',
  severity: 'error',
  phase: 'frame',
  protocols: ['ocpp1.6', 'ocpp2.0.1'],
  errorCode: 'RpcFrameworkError',
  create: () => {
    const seen = new WeakMap<StrictConnection, Set<string>>();
    return (call, conn) => {
      let ids = seen.get(conn);
      if (!ids) seen.set(conn, (ids = new Set()));
      if (ids.has(call.messageId)) {
        const inFlight = conn.inFlight.has(call.messageId);
        return `message id ${JSON.stringify(call.messageId)} was already used by a CALL on this connection${inFlight ? ' that is still in flight' : ''}`;
      }
      ids.add(call.messageId);
      // A Set iterates in insertion order: the first id is the oldest.
      if (ids.size > REMEMBERED_IDS) ids.delete(ids.values().next().value as string);
      return undefined;
    };
  },
};

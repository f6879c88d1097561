/**
 * Every OCPP payload validator this process uses during a scenario, compiled before any scenario's
 * time 0 instead of on first use: the virtual stations' (simulator/protocol/validator.ts) and the bundled
 * CSMS's strict mode (ocpp-rpc's, one set per process), which shares this process when it runs in-process
 * or is a test's CSMS "elsewhere". A schema compiles in 1–95 real ms, and nothing else runs meanwhile; on
 * a scaled clock that is seconds of simulated time. At scale 300 the first NotifyEvent of a 2.0.1 run
 * compiled between a connector's StatusNotification Faulted and the NotifyEvent that classifies it, past
 * the CSMS's 5 s fault-classification grace, so the CSMS raised a generic connector-faulted as well, and
 * the first TransactionEvent stalled the scenario for up to 30 simulated seconds.
 *
 * Every protocol on the first call, not only the scenario's: scenarios of a suite start side by side, so
 * the first calls all come before any fleet boots, and a scenario of the other protocol starting later
 * must not stall one that is running. About 1.2 s once per process; later calls cost nothing.
 */
import { createRequire } from 'node:module';
import { actionsOf, compileAll } from '../../../simulator/protocol/validator.js';
import { PROTOCOLS, type OcppProtocol } from '../../../simulator/protocol/versions.js';

interface RpcValidator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): unknown;
}

let compiled = false;

export function compileOcppValidators(): void {
  if (compiled) return;
  // The set ocpp-rpc's strict mode and harness/csms/schema-validators.ts use (not exported by its index).
  const rpcValidators = createRequire(import.meta.url)('ocpp-rpc/lib/standard-validators.js') as readonly RpcValidator[];
  for (const protocol of PROTOCOLS) {
    compileAll(protocol);
    const rpc = rpcValidators.find((v) => v.subprotocol === protocol);
    if (rpc) compileRpc(rpc, protocol);
  }
  compiled = true;
}

/** ocpp-rpc compiles a schema the first time `validate` names it; `{}` is invalid for most, which is fine. */
function compileRpc(rpc: RpcValidator, protocol: OcppProtocol): void {
  for (const action of actionsOf(protocol)) {
    for (const schemaId of [`urn:${action}.req`, `urn:${action}.conf`]) {
      try {
        rpc.validate(schemaId, {});
      } catch {
        // Compiled either way.
      }
    }
  }
}

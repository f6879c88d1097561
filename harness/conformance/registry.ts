/** Every conformance case, in run order. A case id is unique across both versions. */
import { RPC_CASES } from './cases/rpc-framework.js';
import { SECURITY_16, SECURITY_201 } from './cases/security.js';
import { V16_CORE } from './cases/v16-core.js';
import { V16_PROFILES } from './cases/v16-profiles.js';
import { V201_AUTHORIZATION } from './cases/v201-authorization.js';
import { V201_AVAILABILITY } from './cases/v201-availability.js';
import { V201_PROVISIONING } from './cases/v201-provisioning.js';
import { V201_REMOTE } from './cases/v201-remote.js';
import { V201_TRANSACTIONS } from './cases/v201-transactions.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { TestCase } from './test-case.js';

export const CASES: readonly TestCase[] = [
  ...SECURITY_201,
  ...V201_PROVISIONING,
  ...V201_AUTHORIZATION,
  ...V201_TRANSACTIONS,
  ...V201_REMOTE,
  ...V201_AVAILABILITY,
  ...V16_CORE,
  ...V16_PROFILES,
  ...SECURITY_16,
  ...RPC_CASES,
];

export function casesOf(protocol: OcppProtocol): TestCase[] {
  return CASES.filter((c) => c.protocol === protocol);
}
